// AVX-512 SGEMM: 12x32 register tile (24 zmm accumulators), a 12x16 tile
// for products 16 or fewer columns wide (convolutions with 16 channels), which
// the 32-wide tile would half waste (12 rows, not 16: the convolutions read
// A's rows in place, a pointer a row, and 16 pointers did not fit in the
// general registers: GCC reloaded them every k; 0.94x on the tower's
// 16-channel forward and input gradient), and an 8x48 tile for filter
// gradients dW^T = dy^T * im2col with 16, 32 or 64 output channels (rows):
// 12 rows left a third of the last panel empty there, and 8x48 loads 11
// values for 24 FMAs where 12x16 loads 13 for 12. Compiled for the x86-64 baseline; only
// this file's functions carry the AVX-512 target and run only when the CPU
// reports avx512f at run time.
#include "gemm.h"
#if defined(__x86_64__)
#pragma GCC push_options
#pragma GCC target("avx512f,avx512vl,avx2,fma")
#define GEMM_NS isa_avx512
#define VEC_WIDTH 16
#define MR 12
#define NV 2
#define GEMM_KC 256
#define GEMM_MC 240
#define GEMM_NC 3072
#include "gemm-impl.inc"
#undef GEMM_NS
#undef MR
#undef NV
#define GEMM_NS isa_avx512_n16
#define MR 12
#define NV 1
#include "gemm-impl.inc"
#undef GEMM_NS
#undef MR
#undef NV
#define GEMM_NS isa_avx512_m8
#define MR 8
#define NV 3
#include "gemm-impl.inc"
#pragma GCC pop_options
#else
namespace steth {
namespace isa_avx512 {
STETH_GEMM_ISA_STUBS
}  // namespace isa_avx512
namespace isa_avx512_n16 {
STETH_GEMM_ISA_STUBS
}  // namespace isa_avx512_n16
namespace isa_avx512_m8 {
STETH_GEMM_ISA_STUBS
}  // namespace isa_avx512_m8
}  // namespace steth
#endif
