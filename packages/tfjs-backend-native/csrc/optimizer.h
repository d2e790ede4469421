// Optimizer updates in one pass over a variable: the same float32 operations,
// in the same order, as tfjs's op-by-op update, so weights are bit-identical.
#pragma once

namespace steth {

// Scalars of one Adam step, each already a float32 as tfjs makes them:
// beta1, 1 - beta1, beta2, 1 - beta2 (rounded from double), 1 - accBeta1 and
// 1 - accBeta2 (float32 subtractions), epsilon and -learningRate.
struct AdamScalars {
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2, correction1, correction2, epsilon, negLearningRate;
};

// m' = m beta1 + g (1 - beta1); v' = v beta2 + g^2 (1 - beta2);
// value' = (m' / c1) / (sqrt(v' / c2) + epsilon) * (-lr) + value,
// every operation rounded to float32 (no fused multiply-adds).
void adam_update(long n, const float* value, const float* m, const float* v, const float* g,
                 const AdamScalars& s, float* valueOut, float* mOut, float* vOut);

}  // namespace steth
