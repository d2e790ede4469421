// AVX2 + FMA SGEMM: 6x16 register tile (12 ymm accumulators). Only this
// file's functions carry the AVX2/FMA target, chosen at run time.
#include "gemm.h"
#if defined(__x86_64__)
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#define GEMM_NS isa_avx2
#define VEC_WIDTH 8
#define MR 6
#define NV 2
#define GEMM_KC 384
#define GEMM_MC 144
#define GEMM_NC 3072
#include "gemm-impl.inc"
#pragma GCC pop_options
#else
namespace steth {
namespace isa_avx2 {
STETH_GEMM_ISA_STUBS
}  // namespace isa_avx2
}  // namespace steth
#endif
