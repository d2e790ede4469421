// Leaf loops compiled for several x86-64 vector widths (AVX-512, AVX2 and the
// baseline SSE2), the widest the CPU has chosen once at load time (GCC's
// target_clones, an ifunc). A file that uses it turns FMA contraction off:
// AVX2 and AVX-512 machines have FMA and the baseline has not, and
// contracting a * b + c into one rounding would change the bits. With it off
// every clone computes the same float operations (each lane is an element,
// or a channel's own running sum), so results do not depend on the CPU's
// vector width. Elsewhere (other compilers, other systems) it is empty.
#pragma once

#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define STETH_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define STETH_VECTOR_CLONES
#endif
