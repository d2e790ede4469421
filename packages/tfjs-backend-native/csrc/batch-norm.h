// Batch normalisation's training kernels over channel-last tensors (NHWC,
// or any [rows, C] view): the gradient of tfjs's FusedBatchNorm in one pass.
#pragma once

namespace steth {

// x, dy: [rows, C]; mean, var: [C]; scale: [C] or null (1). Writes
//   dx[r, c]  = dy[r, c] * scale[c] * rsqrt(var[c] + eps)
//   dmean[c]  = -rsqrt(var[c] + eps) * scale[c] * sum_r dy[r, c]
//   dvar[c]   = -0.5 * rsqrt(var[c] + eps)^3 * scale[c] * sum_r dy[r, c] * (x[r, c] - mean[c])
//   dscale[c] = rsqrt(var[c] + eps) * sum_r dy[r, c] * (x[r, c] - mean[c])
//   doffset[c] = sum_r dy[r, c]
// (the partial derivatives tfjs's FusedBatchNorm gradient gives, with mean
// and var as independent inputs). Sums are in double over bands of rows
// fixed by the row count and thread count, added in band order, so results
// do not depend on scheduling.
void batch_norm_grad(const float* x, const float* dy, const float* mean, const float* var, const float* scale,
                     long rows, long C, float eps, float* dx, float* dmean, float* dvar, float* dscale,
                     float* doffset);

}  // namespace steth
