// Batch normalisation's training kernels over channel-last tensors (NHWC,
// or any [rows, C] view): the gradient of tfjs's FusedBatchNorm in one pass,
// and a fused training-mode batch norm (statistics and normalisation) with
// its full gradient through the statistics.
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

// Training-mode batch norm of x: [rows, C]. Writes the per-channel batch
// mean and biased variance (sum over rows / rows) and
//   y[r, c] = offset[c] + (x[r, c] - mean[c]) * scale[c] / sqrt(var[c] + eps)
// (scale null means 1, offset null means 0). Two passes over x: the
// statistics (sums of x - x[0, c] and its square, in float over blocks of
// rows and in double across blocks and bands), then y (y null: the
// statistics only; batch_norm_normalise writes y later, the same bits).
void batch_norm_train(const float* x, const float* scale, const float* offset, long rows, long C, float eps,
                      float* y, float* mean, float* var);

// The second pass of batch_norm_train from its statistics: y as above, or
// with relu, Relu(y) as the unary Relu kernel computes it (the same bits as
// y, then Relu), in one pass.
void batch_norm_normalise(const float* x, const float* mean, const float* var, const float* scale,
                          const float* offset, long rows, long C, float eps, bool relu, float* y);

// The gradient of batch_norm_train with mean and var as functions of x:
// given dy (for y) and gmean, gvar (for the mean and variance outputs; null
// means 0), with N = rows, r = 1 / sqrt(var + eps), s1 = sum_r dy and
// s2 = sum_r dy * (x - mean),
//   dx = scale r dy - scale r^3 s2 (x - mean) / N - scale r s1 / N
//        + gmean / N + 2 gvar (x - mean) / N
//   dscale = r s2,  doffset = s1.
// Two passes over x and dy (the sums, then dx); sums as in batch_norm_grad.
// With relu, dy is the gradient of relu(y) (a ReLU taken after this batch
// norm, whose offset is `offset`, null meaning 0), and the gradient for y is
// dy * step(y), with y recomputed from x: the same bits as the ReluGrad
// kernel on ReLU's output, then this one, without reading that output.
void batch_norm_train_grad(const float* x, const float* dy, bool relu, const float* offset, const float* mean,
                           const float* var, const float* scale, const float* gmean, const float* gvar, long rows,
                           long C, float eps, float* dx, float* dscale, float* doffset);

// The moving-statistics update of tfjs-layers' BatchNormalization,
// out = current - (current - value) * decay, in float32 op by op as its
// three tfjs ops compute it (the same bits), in one call.
void moving_average(long n, const float* current, const float* value, float decay, float* out);

}  // namespace steth
