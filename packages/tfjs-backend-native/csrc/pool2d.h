// Max and average pooling (NHWC) and their gradients, with tfjs `cpu`
// semantics: max takes the first maximum of a window; average divides by the
// number of in-bounds pixels forward and by the window size backward.
#pragma once

namespace steth {

struct PoolShape {
  long batch, inH, inW, C;
  long outH, outW;
  long kH, kW;
  long strideH, strideW;
  long dilH, dilW;
  long padTop, padLeft;
};

void max_pool(const PoolShape& s, const float* x, float* y);
// y: max_pool(x), or null (then each window's maximum is recomputed from x).
void max_pool_grad(const PoolShape& s, const float* x, const float* y, const float* dy, float* dx);
void avg_pool(const PoolShape& s, const float* x, float* y);
void avg_pool_grad(const PoolShape& s, const float* dy, float* dx);

}  // namespace steth
