// 2-D convolution (NHWC input, HWIO filter) and its two gradients, by
// chunked im2col + GEMM (see conv.cc).
#pragma once

namespace steth {

struct ConvShape {
  long batch, inH, inW, inC;
  long outH, outW, outC;
  long kH, kW;
  long strideH, strideW;
  long dilH, dilW;
  long padTop, padLeft;
};

// The output columns [*lo, *hi) whose kernel rows (kw wide) lie inside the
// image horizontally; the others cross its left or right edge.
// Internal linkage: each ISA's translation unit keeps its own copy.
static inline void interior_columns(const ConvShape& s, long kw, long* lo, long* hi) {
  *lo = (s.padLeft + s.strideW - 1) / s.strideW;
  *hi = s.inW - kw + s.padLeft >= 0 ? (s.inW - kw + s.padLeft) / s.strideW + 1 : 0;
  if (*hi > s.outW) *hi = s.outW;
}

// y[b,oh,ow,co] = sum x[b, oh*sh-pt+kh*dh, ow*sw-pl+kw*dw, ci] * w[kh,kw,ci,co]
void conv2d_forward(const ConvShape& s, const float* x, const float* w, float* y);
// dx = gradient of the forward conv w.r.t. x, given dy.
void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
// dw = gradient of the forward conv w.r.t. w, given x and dy.
void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

}  // namespace steth
