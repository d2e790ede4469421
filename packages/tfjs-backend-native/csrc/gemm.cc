// GEMM dispatch: picks the micro-kernel family from the CPU's features at run
// time, owns the per-thread packing buffers, and splits a product over the
// thread pool along its larger output dimension.
#include "gemm.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "thread-pool.h"

namespace steth {
namespace {

enum class Isa { Avx512, Avx2, Portable };

bool cpu_has(Isa isa) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (isa == Isa::Avx512) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  if (isa == Isa::Avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  if (isa != Isa::Portable) return false;
#endif
  return true;
}

Isa detect() {
  if (cpu_has(Isa::Avx512)) return Isa::Avx512;
  if (cpu_has(Isa::Avx2)) return Isa::Avx2;
  return Isa::Portable;
}

Isa g_isa = detect();

struct PackBuffers {
  float* a = nullptr;
  float* b = nullptr;
  size_t na = 0, nb = 0;
  ~PackBuffers() {
    std::free(a);
    std::free(b);
  }
};

float* ensure(float*& p, size_t& have, size_t need) {
  if (have < need) {
    std::free(p);
    p = static_cast<float*>(std::aligned_alloc(64, ((need * sizeof(float) + 63) / 64) * 64));
    have = need;
  }
  return p;
}

// Products at most this many columns wide take the AVX-512 family's 16-wide tile.
const long kNarrowN = 16;

inline bool narrow(long N) { return g_isa == Isa::Avx512 && N <= kNarrowN; }

// Packing buffer sizes (large enough for any AVX-512 tile) and the tile of a product N wide.
void sizes(size_t* a, size_t* b, int* mr, int* nr, long N = kNarrowN + 1) {
  switch (g_isa) {
    case Isa::Avx512: {
      size_t a16, b16, a8, b8;
      int mr16, nr16, mr8, nr8;
      isa_avx512::pack_sizes(a, b, mr, nr);
      isa_avx512_n16::pack_sizes(&a16, &b16, &mr16, &nr16);
      isa_avx512_m8::pack_sizes(&a8, &b8, &mr8, &nr8);
      if (a16 > *a) *a = a16;
      if (b16 > *b) *b = b16;
      if (a8 > *a) *a = a8;
      if (b8 > *b) *b = b8;
      if (narrow(N)) {
        *mr = mr16;
        *nr = nr16;
      }
      break;
    }
    case Isa::Avx2: isa_avx2::pack_sizes(a, b, mr, nr); break;
    default: isa_portable::pack_sizes(a, b, mr, nr); break;
  }
}

// FN(...) of the family for the active ISA, or of the 16-wide AVX-512 tile
// when N16 (void or not: the branches are one conditional expression).
#define ISA_CALL(N16, FN, ...)                                                                              \
  ((N16) ? isa_avx512_n16::FN(__VA_ARGS__)                                                                  \
         : g_isa == Isa::Avx512 ? isa_avx512::FN(__VA_ARGS__)                                               \
                                : g_isa == Isa::Avx2 ? isa_avx2::FN(__VA_ARGS__) : isa_portable::FN(__VA_ARGS__))

// The 8x48 AVX-512 tile for an M x N product read in place from B (filter
// gradients as dy^T * im2col): whole tiles only. Which tile runs never changes
// a result: every family sums each element over K in the same KC blocks.
inline bool tile_8x48(long M, long N) {
  return g_isa == Isa::Avx512 && M % isa_avx512_m8::tile_rows() == 0 && N % isa_avx512_m8::panel_cols() == 0;
}

}  // namespace

const char* gemm_isa() {
  switch (g_isa) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    default: return "portable";
  }
}

bool gemm_set_isa(const char* name) {
  Isa want;
  if (!std::strcmp(name, "avx512")) want = Isa::Avx512;
  else if (!std::strcmp(name, "avx2")) want = Isa::Avx2;
  else if (!std::strcmp(name, "portable")) want = Isa::Portable;
  else if (!std::strcmp(name, "auto")) want = detect();
  else return false;
  if (!cpu_has(want)) return false;
  g_isa = want;
  return true;
}

void sgemm_serial(const GemmArgs& g) {
  thread_local PackBuffers buf;
  size_t na, nb;
  int mr, nr;
  sizes(&na, &nb, &mr, &nr);
  float* pa = ensure(buf.a, buf.na, na);
  float* pb = ensure(buf.b, buf.nb, nb);
  ISA_CALL(narrow(g.N), gemm, g, pa, pb);
}

void sgemm_serial_in_place_b(const GemmArgs& g) {
  thread_local PackBuffers buf;
  size_t na, nb;
  int mr, nr;
  sizes(&na, &nb, &mr, &nr);
  float* pa = ensure(buf.a, buf.na, na);
  float* pb = ensure(buf.b, buf.nb, nb);
  // The tile is chosen by A's rows here: 16 or fewer take the 16-wide tile.
  if (tile_8x48(g.M, g.N)) isa_avx512_m8::gemm_in_place_b(g, pa, pb);
  else ISA_CALL(g_isa == Isa::Avx512 && g.M <= kNarrowN, gemm_in_place_b, g, pa, pb);
}

long sgemm_block_k(long N) {
  return ISA_CALL(narrow(N), block_k);
}

size_t sgemm_packed_b_size(long K, long N) {
  size_t na, nb;
  int mr, nr;
  sizes(&na, &nb, &mr, &nr, N);
  return static_cast<size_t>(((N + nr - 1) / nr) * nr * K);
}

void sgemm_pack_b_whole(long K, long N, const float* B, long rsb, long csb, float* out) {
  ISA_CALL(narrow(N), pack_b_whole, K, N, B, rsb, csb, out);
}

void sgemm_gather(long M, long N, long K, int nseg, const float* const* A, const long* off, const long* koff,
                  const long* len, const float* packedB, float* const* C, bool accumulate) {
  ISA_CALL(narrow(N), gemm_gather, M, N, K, nseg, A, off, koff, len, packedB, C, accumulate);
}

long sgemm_tile_rows(long N) {
  return ISA_CALL(narrow(N), tile_rows);
}

void sgemm_strided(long tiles, long N, long K, int nseg, const float* A, long lda, const long* off, const long* koff,
                   const long* len, const float* packedB, float* C, long ldc, bool accumulate) {
  ISA_CALL(narrow(N), gemm_strided, tiles, N, K, nseg, A, lda, off, koff, len, packedB, C, ldc, accumulate);
}

// The 16-wide tile on AVX-512 (segments of 16-channel convs are 48 wide).
long sgemm_ptr_b_cols() {
  return ISA_CALL(g_isa == Isa::Avx512, panel_cols);
}

void sgemm_serial_ptr_b(long M, long N, long K, const float* A, long rsa, long csa, const float* const* const* B,
                        long segment, float* C, long ldc, bool accumulate) {
  thread_local PackBuffers buf;
  size_t na, nb;
  int mr, nr;
  sizes(&na, &nb, &mr, &nr);
  float* pa = ensure(buf.a, buf.na, na);
  if (tile_8x48(M, segment)) isa_avx512_m8::gemm_ptr_b(M, N, K, A, rsa, csa, B, segment, C, ldc, accumulate, pa);
  else ISA_CALL(g_isa == Isa::Avx512, gemm_ptr_b, M, N, K, A, rsa, csa, B, segment, C, ldc, accumulate, pa);
}

// The active family's: its KC is the one sgemm_serial_in_place_b's family uses
// (on AVX-512 every tile's KC is the same), so the sums agree.
bool sconv_filter_grad_lanes_m(const ConvShape& s, const float* x, const float* dy, long p0, long n, float* acc) {
  return ISA_CALL(false, conv_filter_grad_lanes_m, s, x, dy, p0, n, acc);
}

// The family that would multiply these pixels' rows (narrow(outC)): its
// FMA contraction is the GEMM's.
bool sconv_forward_lanes_m(const ConvShape& s, const float* a, long count, const float* w, float* y) {
  return ISA_CALL(narrow(s.outC), conv_forward_lanes_m, s, a, count, w, y);
}

void sgemm_rows_a(long M, long N, long K, const float* A, long lda, const float* B, long rsb, long csb, float* C,
                  long ldc, bool accumulate) {
  thread_local PackBuffers buf;
  size_t na, nb;
  int mr, nr;
  sizes(&na, &nb, &mr, &nr);
  float* pb = ensure(buf.b, buf.nb, nb);
  ISA_CALL(narrow(N), gemm_rows_a, M, N, K, A, lda, B, rsb, csb, C, ldc, accumulate, pb);
}

void sgemm(const GemmArgs& g) {
  int T = pool_threads();
  double flops = 2.0 * g.M * g.N * g.K;
  if (T <= 1 || flops < 2e6) {
    sgemm_serial(g);
    return;
  }
  size_t na, nb;
  int mr, nr;
  sizes(&na, &nb, &mr, &nr, g.N);
  // Split the larger output dimension into about 2 parts a thread, in whole tiles.
  bool split_m = g.M >= g.N;
  long extent = split_m ? g.M : g.N;
  long unit = split_m ? mr : nr;
  long parts = T * 2;
  long per = (extent + parts - 1) / parts;
  per = ((per + unit - 1) / unit) * unit;
  if (split_m && per < 4 * unit) per = 4 * unit;
  long ntasks = (extent + per - 1) / per;
  if (ntasks <= 1) {
    sgemm_serial(g);
    return;
  }
  pool_run(static_cast<int>(ntasks), [&](int t, int) {
    GemmArgs s = g;
    long lo = t * per;
    long n = extent - lo < per ? extent - lo : per;
    if (split_m) {
      s.M = n;
      s.A = g.A + lo * g.rsa;
      s.C = g.C + lo * g.ldc;
    } else {
      s.N = n;
      s.B = g.B + lo * g.csb;
      s.C = g.C + lo;
    }
    sgemm_serial(s);
  });
}

}  // namespace steth
