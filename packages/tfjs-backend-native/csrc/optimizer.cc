// Fused optimizer updates (tfjs's AdamOptimizer.applyGradients is a dozen
// elementwise kernels a variable). Contraction into FMAs is off in this
// file: each product and sum rounds to float32 as tfjs's separate kernels do.
#pragma GCC optimize("-ffp-contract=off")
#include "optimizer.h"

#include <cmath>

#include "thread-pool.h"

namespace steth {

void adam_update(long n, const float* value, const float* m, const float* v, const float* g,
                 const AdamScalars& s, float* valueOut, float* mOut, float* vOut) {
  parallel_for(n, 1L << 15, [&](long lo, long hi) {
    for (long i = lo; i < hi; ++i) {
      const float gi = g[i];
      const float mi = m[i] * s.beta1 + gi * s.oneMinusBeta1;
      const float g2 = gi * gi;
      const float vi = v[i] * s.beta2 + g2 * s.oneMinusBeta2;
      const float mh = mi / s.correction1;
      const float vh = vi / s.correction2;
      const float den = std::sqrt(vh) + s.epsilon;
      const float step = (mh / den) * s.negLearningRate;
      mOut[i] = mi;
      vOut[i] = vi;
      valueOut[i] = step + value[i];
    }
  });
}

}  // namespace steth
