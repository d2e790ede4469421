// Single-precision GEMM with strided operands: C (M x N, row stride ldc)
// (+)= A (M x K) * B (K x N), where A(i,k) = A[i*rsa + k*csa] and
// B(k,j) = B[k*rsb + j*csb]. Transposes are stride swaps, never copies.
#pragma once
#include <cstddef>
#include <cstdlib>

#include "conv.h"

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

// Serial GEMM reading B in place (requires csb == 1; B row-major, row
// stride rsb), packing only A; bit-identical to sgemm_serial.
void sgemm_serial_in_place_b(const GemmArgs& g);

// Implicit-im2col products for convolutions (see gemm_gather in
// gemm-impl.inc). The block of K below which one chain computes each element,
// for a product N wide: gemm_gather agrees with sgemm* bit for bit when K is at most this.
long sgemm_block_k(long N);
// Floats sgemm_pack_b_whole writes for a K x N operand.
size_t sgemm_packed_b_size(long K, long N);
// Packs B (K x N) for sgemm_gather and sgemm_strided with the same N.
void sgemm_pack_b_whole(long K, long N, const float* B, long rsb, long csb, float* out);
// M rows of C (+)= A * B, row i of A being the concatenation over segments s
// (at most 16) of len[s] values at A[i] + off[s], meeting rows koff[s].. of
// B (K rows, packed by sgemm_pack_b_whole); row i of C is at C[i]. Serial.
// One call sums one chain over its segments: for K past sgemm_block_k(N),
// one call a KC block, the later ones accumulating, agrees with sgemm.
void sgemm_gather(long M, long N, long K, int nseg, const float* const* A, const long* off, const long* koff,
                  const long* len, const float* packedB, float* const* C, bool accumulate);

// Rows of the register tile sgemm_gather and sgemm_strided use for a product N wide.
long sgemm_tile_rows(long N);
// tiles * sgemm_tile_rows(N) rows of C (row stride ldc) = A * B, row i of A
// being the segments at A + i*lda + off[s]; otherwise as sgemm_gather.
void sgemm_strided(long tiles, long N, long K, int nseg, const float* A, long lda, const long* off, const long* koff,
                   const long* len, const float* packedB, float* C, long ldc, bool accumulate);

// Columns a B panel of sgemm_serial_ptr_b: its segments must be multiples.
long sgemm_ptr_b_cols();
// acc (outC x K) += dy^T * im2col over output pixels [p0, p0+n), the vector
// lanes along outC (see conv_filter_grad_lanes in gemm-impl.inc), for a
// first layer: 3x3, unit dilation, 1 or 3 input channels, outC a multiple of
// the vector width; false, and nothing done, for any other convolution.
// Bit-identical to im2col + sgemm_serial_in_place_b. Serial.
bool sconv_filter_grad_lanes_m(const ConvShape& s, const float* x, const float* dy, long p0, long n, float* acc);

// y (pixels x outC) for `count` output pixels along one output row whose
// windows lie inside x (pixel i's window corner at a + i*strideW*inC), the
// vector lanes along outC (see conv_forward_lanes in gemm-impl.inc), for a
// first layer: 3x3, unit dilation, 1 or 3 input channels, stride 1 or 2,
// outC a multiple of the vector width; false, and nothing done, for any
// other. Bit-identical to im2col + sgemm for K <= the GEMM's KC. Serial.
bool sconv_forward_lanes_m(const ConvShape& s, const float* a, long count, const float* w, float* y);

// Serial C (M x N) (+)= A * B with row k of B, in the columns of segment
// s = j / segment, at B[s][k] + j (see gemm_ptr_b in gemm-impl.inc);
// bit-identical to sgemm_serial_in_place_b on the same values.
void sgemm_serial_ptr_b(long M, long N, long K, const float* A, long rsa, long csa, const float* const* const* B,
                        long segment, float* C, long ldc, bool accumulate);

// Per-ISA entry points (gemm-<isa>.cc, each compiling gemm-impl.inc for its
// ISA), the same in every family's namespace; packing buffers sized by its
// pack_sizes.
#define STETH_GEMM_ISA_API \
  void gemm(const GemmArgs& g, float* packA, float* packB); \
  void gemm_ptr_b(long M, long N, long K, const float* A, long rsa, long csa, const float* const* const* B, \
    long segment, float* C, long ldc, bool accumulate, float* packA); \
  long panel_cols(); \
  bool conv_filter_grad_lanes_m(const ConvShape& s, const float* x, const float* dy, long p0, long n, float* acc); \
  bool conv_forward_lanes_m(const ConvShape& s, const float* a, long count, const float* w, float* y); \
  void gemm_strided(long tiles, long N, long K, int nseg, const float* A, long lda, const long* off, const long* koff, \
    const long* len, const float* packedB, float* C, long ldc, bool accumulate); \
  long tile_rows(); \
  void pack_b_whole(long K, long N, const float* B, long rsb, long csb, float* out); \
  void gemm_gather(long M, long N, long K, int nseg, const float* const* A, const long* off, const long* koff, \
    const long* len, const float* packedB, float* const* C, bool accumulate); \
  long block_k(); \
  void gemm_in_place_b(const GemmArgs& g, float* packA, float* packB); \
  void gemm_rows_a(long M, long N, long K, const float* A, long lda, const float* B, long rsb, long csb, float* C, \
    long ldc, bool accumulate, float* packB); \
  void pack_sizes(size_t* a, size_t* b, int* mr, int* nr);
namespace isa_avx512 {
STETH_GEMM_ISA_API
}  // namespace isa_avx512
// The AVX-512 family's narrow tile, for N <= 16.
namespace isa_avx512_n16 {
STETH_GEMM_ISA_API
}  // namespace isa_avx512_n16
// Its 8x48 tile, for filter gradients with 8k rows and 48k columns.
namespace isa_avx512_m8 {
STETH_GEMM_ISA_API
}  // namespace isa_avx512_m8
namespace isa_avx2 {
STETH_GEMM_ISA_API
}  // namespace isa_avx2
namespace isa_portable {
STETH_GEMM_ISA_API
}  // namespace isa_portable

// Empty bodies of STETH_GEMM_ISA_API, for a family whose ISA this compiler
// cannot target (the x86 families off x86-64); never called there.
#define STETH_GEMM_ISA_STUBS \
  void gemm(const GemmArgs&, float*, float*) {} \
  void gemm_in_place_b(const GemmArgs&, float*, float*) {} \
  void pack_b_whole(long, long, const float*, long, long, float*) {} \
  void gemm_gather(long, long, long, int, const float* const*, const long*, const long*, const long*, const float*, \
                   float* const*, bool) {} \
  long block_k() { return 0; } \
  void gemm_strided(long, long, long, int, const float*, long, const long*, const long*, const long*, const float*, \
                    float*, long, bool) {} \
  long tile_rows() { return 1; } \
  void gemm_ptr_b(long, long, long, const float*, long, long, const float* const* const*, long, float*, long, bool, \
                  float*) {} \
  long panel_cols() { return 1; } \
  bool conv_filter_grad_lanes_m(const ConvShape&, const float*, const float*, long, long, float*) { return false; } \
  bool conv_forward_lanes_m(const ConvShape&, const float*, long, const float*, float*) { return false; } \
  void gemm_rows_a(long, long, long, const float*, long, const float*, long, long, float*, long, bool, float*) {} \
  void pack_sizes(size_t* a, size_t* b, int* mr, int* nr) { \
    *a = *b = 0; \
    *mr = *nr = 1; \
  }

}  // namespace steth
