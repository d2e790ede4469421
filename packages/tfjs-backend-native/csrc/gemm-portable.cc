// Portable SGEMM with 128-bit GCC vector extensions (SSE2 on x86-64, NEON on
// arm64): 6x8 register tile. The fallback when neither AVX family is present.
#include "gemm.h"
#define GEMM_NS isa_portable
#define VEC_WIDTH 4
#define MR 6
#define NV 2
#define GEMM_KC 256
#define GEMM_MC 120
#define GEMM_NC 2048
#include "gemm-impl.inc"
