// Single-precision GEMM with strided operands: C (M x N, row stride ldc)
// (+)= A (M x K) * B (K x N), where A(i,k) = A[i*rsa + k*csa] and
// B(k,j) = B[k*rsb + j*csb]. Transposes are stride swaps, never copies.
#pragma once
#include <cstddef>

namespace steth {

struct GemmArgs {
  long M, N, K;
  const float* A;
  long rsa, csa;
  const float* B;
  long rsb, csb;
  float* C;
  long ldc;
  bool accumulate;  // C += A*B instead of C = A*B
};

// Which micro-kernel family runs: "avx512", "avx2" or "portable".
const char* gemm_isa();
// Forces an ISA for tests ("avx512", "avx2", "portable"); returns false if
// the CPU cannot run it.
bool gemm_set_isa(const char* name);

// On the calling thread only (used inside parallel regions).
void sgemm_serial(const GemmArgs& g);
// Splits the work over the thread pool.
void sgemm(const GemmArgs& g);

// Serial GEMM reading row-major A (row stride lda) in place, without packing.
void sgemm_rows_a(long M, long N, long K, const float* A, long lda, const float* B, long rsb, long csb, float* C,
                  long ldc, bool accumulate);

// Per-ISA entry points (gemm-<isa>.cc), each taking packing buffers sized by
// gemm_pack_sizes_<isa>.
namespace isa_avx512 {
void gemm(const GemmArgs& g, float* packA, float* packB);
void gemm_rows_a(long M, long N, long K, const float* A, long lda, const float* B, long rsb, long csb, float* C,
                 long ldc, bool accumulate, float* packB);
void pack_sizes(size_t* a, size_t* b, int* mr, int* nr);
}  // namespace isa_avx512
// The AVX-512 family's narrow tile, for N <= 16.
namespace isa_avx512_n16 {
void gemm(const GemmArgs& g, float* packA, float* packB);
void gemm_rows_a(long M, long N, long K, const float* A, long lda, const float* B, long rsb, long csb, float* C,
                 long ldc, bool accumulate, float* packB);
void pack_sizes(size_t* a, size_t* b, int* mr, int* nr);
}  // namespace isa_avx512_n16
namespace isa_avx2 {
void gemm(const GemmArgs& g, float* packA, float* packB);
void gemm_rows_a(long M, long N, long K, const float* A, long lda, const float* B, long rsb, long csb, float* C,
                 long ldc, bool accumulate, float* packB);
void pack_sizes(size_t* a, size_t* b, int* mr, int* nr);
}  // namespace isa_avx2
namespace isa_portable {
void gemm(const GemmArgs& g, float* packA, float* packB);
void gemm_rows_a(long M, long N, long K, const float* A, long lda, const float* B, long rsb, long csb, float* C,
                 long ldc, bool accumulate, float* packB);
void pack_sizes(size_t* a, size_t* b, int* mr, int* nr);
}  // namespace isa_portable

}  // namespace steth
