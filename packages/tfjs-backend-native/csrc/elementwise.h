// Float32 elementwise kernels: broadcasting binary ops, unary activations and
// their helpers, bias + activation epilogues, axis reductions and concat.
#pragma once

#include <cmath>

namespace steth {

// Relu and its gradient as every kernel computes them, one definition so that
// a fused kernel (batch-norm.cc) gives the bits of the unary and binary ones:
// relu_of(x) = x > 0 ? x : (NaN ? x : 0); relu_grad_of(dy, x) = dy * step(x),
// NaN where x is NaN, written with compares only so that loops vectorise.
// step(relu_of(x)) = step(x), so either may be given Relu's output.
inline float relu_of(float x) { return x > 0.f ? x : (std::isnan(x) ? x : 0.f); }
inline float relu_grad_of(float dy, float x) {
  const float step = x > 0.f ? 1.f : 0.f;
  return dy * (x != x ? x : step);
}

// kMulTwice: a * (b * 2), the gradient of Square (dy * 2x) in one pass;
// kReluGrad: a * step(b), the gradient of Relu (dy * step(x), NaN where x is NaN).
enum BinaryOp { kAdd = 0, kSub, kMul, kDiv, kMax, kMin, kSquaredDiff, kMulTwice, kReluGrad };
enum UnaryOp {
  kRelu = 0, kRelu6, kLeakyRelu, kSigmoid, kExp, kLog, kNeg, kSqrt, kSquare, kTanh, kElu, kStep, kAbs,
  kRsqrt, kReciprocal, kLinear
};
enum ReduceOp { kSum = 0, kMean, kRMax, kRMin };

// out (rank dims of outShape) = a op b, where a/b have strides (0 where broadcast).
void binary(int op, int rank, const long* outShape, const float* a, const long* aStrides, const float* b,
            const long* bStrides, float* out);
void unary(int op, float alpha, const float* x, float* y, long n);
// y[r, c] = act(y[r, c] + bias[c]); bias may be null.
void bias_activation(float* y, long rows, long cols, const float* bias, int act, float alpha);
// x viewed as [outer, reduce, inner] -> y [outer, inner].
void reduce(int op, const float* x, long outer, long red, long inner, float* y);
// tfjs batch norm: y[i] = off[i % lo] + (x[i] - mean[i % lm]) * scale[i % ls] / sqrt(var[i % lv] + eps).
void batch_norm(const float* x, long n, const float* mean, long lm, const float* var, long lv, const float* scale,
                long ls, const float* offset, long lo, float eps, float* y);
// Tiles x (shape inShape, rank dims) reps[d] times along each axis into out.
void tile(int rank, const long* inShape, const long* reps, const float* x, float* out);
// Splits x, viewed as [outer, sum(widths)], into outputs of widths[i] per row (inverse of concat).
void split(int n, const float* x, const long* widths, long outer, float* const* outputs);
// out = x transposed by perm (out axis d is x axis perm[d]).
void transpose(int rank, const long* inShape, const long* perm, const float* x, float* out);
// out[b, o, i, :] = x[b, o, idx[b, i], :] with x as [batch, outer, dim, slice], idx as [batch, n].
void gather(const float* x, const int* idx, long batch, long outer, long dim, long slice, long n, float* out);
// Concatenates inputs of widths[i] (per outer row) along the inner axis.
void concat(int n, const float* const* inputs, const long* widths, long outer, float* out);

}  // namespace steth
