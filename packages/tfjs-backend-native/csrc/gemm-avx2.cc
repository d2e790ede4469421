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
void gemm(const GemmArgs&, float*, float*) {}
void gemm_in_place_b(const GemmArgs&, float*, float*) {}
void pack_b_whole(long, long, const float*, long, long, float*) {}
void gemm_gather(long, long, long, int, const float* const*, const long*, const long*, const long*, const float*,
                 float* const*) {}
long block_k() { return 0; }
void gemm_strided(long, long, long, int, const float*, long, const long*, const long*, const long*, const float*, float*,
                  long) {}
long tile_rows() { return 1; }
void gemm_ptr_b(long, long, long, const float*, long, long, const float* const* const*, long, float*, long, bool,
                float*) {}
long panel_cols() { return 1; }
void gemm_rows_a(long, long, long, const float*, long, const float*, long, long, float*, long, bool, float*) {}
void pack_sizes(size_t* a, size_t* b, int* mr, int* nr) { *a = *b = 0; *mr = *nr = 1; }
}  // namespace isa_avx2
}  // namespace steth
#endif
