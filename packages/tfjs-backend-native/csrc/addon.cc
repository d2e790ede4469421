// N-API surface of the addon: every kernel reads and writes the backend's
// Float32Arrays in place (no copies); integer parameters come in one
// Int32Array. All calls are synchronous, like the tfjs `cpu` backend.
#include <napi.h>

#include <vector>

#include "batch-norm.h"
#include "conv.h"
#include "elementwise.h"
#include "gemm.h"
#include "optimizer.h"
#include "pool2d.h"
#include "thread-pool.h"

namespace {

using steth::GemmArgs;

float* F32(const Napi::Value& v) { return v.As<Napi::Float32Array>().Data(); }
const int32_t* I32(const Napi::Value& v) { return v.As<Napi::Int32Array>().Data(); }
// An optional Float32Array argument: null (or anything not a typed array) is nullptr.
const float* F32OrNull(const Napi::Value& v) { return v.IsTypedArray() ? F32(v) : nullptr; }
// An optional output: null is nullptr.
float* OutF32OrNull(const Napi::Value& v) { return v.IsTypedArray() ? F32(v) : nullptr; }

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("isa", steth::gemm_isa());
  o.Set("threads", steth::pool_threads());
  return o;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  steth::pool_set_threads(info[0].As<Napi::Number>().Int32Value());
  return Napi::Number::New(info.Env(), steth::pool_threads());
}

Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  std::string name = info[0].As<Napi::String>().Utf8Value();
  return Napi::Boolean::New(info.Env(), steth::gemm_set_isa(name.c_str()));
}

// matmul(a, b, c, params[batch, M, N, K, transA, transB, aBatchStride, bBatchStride])
void MatMul(const Napi::CallbackInfo& info) {
  const float* a = F32(info[0]);
  const float* b = F32(info[1]);
  float* c = F32(info[2]);
  const int32_t* p = I32(info[3]);
  long batch = p[0], M = p[1], N = p[2], K = p[3];
  bool ta = p[4] != 0, tb = p[5] != 0;
  long sa = p[6], sb = p[7];
  long rsa = ta ? 1 : K, csa = ta ? M : 1;
  long rsb = tb ? 1 : N, csb = tb ? K : 1;
  auto one = [&](long i, bool parallel) {
    GemmArgs g{M, N, K, a + i * sa, rsa, csa, b + i * sb, rsb, csb, c + i * M * N, N, false};
    if (parallel) steth::sgemm(g);
    else steth::sgemm_serial(g);
  };
  int T = steth::pool_threads();
  double flops = 2.0 * M * N * K;
  if (batch >= 2 * T && flops < 64e6) {
    steth::pool_run(static_cast<int>(batch), [&](int i, int) { one(i, false); });
  } else {
    for (long i = 0; i < batch; ++i) one(i, true);
  }
}

steth::ConvShape ConvFrom(const int32_t* p) {
  steth::ConvShape s;
  s.batch = p[0]; s.inH = p[1]; s.inW = p[2]; s.inC = p[3];
  s.outH = p[4]; s.outW = p[5]; s.outC = p[6];
  s.kH = p[7]; s.kW = p[8];
  s.strideH = p[9]; s.strideW = p[10];
  s.dilH = p[11]; s.dilW = p[12];
  s.padTop = p[13]; s.padLeft = p[14];
  return s;
}

void Conv2D(const Napi::CallbackInfo& info) {
  steth::conv2d_forward(ConvFrom(I32(info[3])), F32(info[0]), F32(info[1]), F32(info[2]));
}
void Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  steth::conv2d_backprop_input(ConvFrom(I32(info[3])), F32(info[0]), F32(info[1]), F32(info[2]));
}
void Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  steth::conv2d_backprop_filter(ConvFrom(I32(info[3])), F32(info[0]), F32(info[1]), F32(info[2]));
}

steth::PoolShape PoolFrom(const int32_t* p) {
  steth::PoolShape s;
  s.batch = p[0]; s.inH = p[1]; s.inW = p[2]; s.C = p[3];
  s.outH = p[4]; s.outW = p[5];
  s.kH = p[6]; s.kW = p[7];
  s.strideH = p[8]; s.strideW = p[9];
  s.dilH = p[10]; s.dilW = p[11];
  s.padTop = p[12]; s.padLeft = p[13];
  return s;
}

void MaxPool(const Napi::CallbackInfo& info) { steth::max_pool(PoolFrom(I32(info[2])), F32(info[0]), F32(info[1])); }
void AvgPool(const Napi::CallbackInfo& info) { steth::avg_pool(PoolFrom(I32(info[2])), F32(info[0]), F32(info[1])); }
// maxPoolGrad(x, dy, dx, params, y | null): y, if given, is max_pool(x).
void MaxPoolGrad(const Napi::CallbackInfo& info) {
  steth::max_pool_grad(PoolFrom(I32(info[3])), F32(info[0]), F32OrNull(info[4]), F32(info[1]), F32(info[2]));
}
void AvgPoolGrad(const Napi::CallbackInfo& info) {
  steth::avg_pool_grad(PoolFrom(I32(info[2])), F32(info[0]), F32(info[1]));
}

// binary(op, a, b, out, shape, aStrides, bStrides)
void Binary(const Napi::CallbackInfo& info) {
  int op = info[0].As<Napi::Number>().Int32Value();
  Napi::Int32Array shape = info[4].As<Napi::Int32Array>();
  Napi::Int32Array as = info[5].As<Napi::Int32Array>();
  Napi::Int32Array bs = info[6].As<Napi::Int32Array>();
  int rank = static_cast<int>(shape.ElementLength());
  long s[16], sa[16], sb[16];
  for (int i = 0; i < rank && i < 16; ++i) {
    s[i] = shape[i];
    sa[i] = as[i];
    sb[i] = bs[i];
  }
  steth::binary(op, rank, s, F32(info[1]), sa, F32(info[2]), sb, F32(info[3]));
}

// unary(op, alpha, x, y)
void Unary(const Napi::CallbackInfo& info) {
  Napi::Float32Array x = info[2].As<Napi::Float32Array>();
  steth::unary(info[0].As<Napi::Number>().Int32Value(), info[1].As<Napi::Number>().FloatValue(), x.Data(),
               F32(info[3]), static_cast<long>(x.ElementLength()));
}

// biasActivation(y, rows, cols, bias | null, act, alpha)
void BiasActivation(const Napi::CallbackInfo& info) {
  const float* bias = info[3].IsTypedArray() ? F32(info[3]) : nullptr;
  steth::bias_activation(F32(info[0]), info[1].As<Napi::Number>().Int64Value(),
                         info[2].As<Napi::Number>().Int64Value(), bias, info[4].As<Napi::Number>().Int32Value(),
                         info[5].As<Napi::Number>().FloatValue());
}

// reduce(op, x, outer, reduce, inner, y)
void Reduce(const Napi::CallbackInfo& info) {
  steth::reduce(info[0].As<Napi::Number>().Int32Value(), F32(info[1]), info[2].As<Napi::Number>().Int64Value(),
                info[3].As<Napi::Number>().Int64Value(), info[4].As<Napi::Number>().Int64Value(), F32(info[5]));
}

// batchNorm(x, mean, variance, scale, offset, eps, y)
void BatchNorm(const Napi::CallbackInfo& info) {
  Napi::Float32Array x = info[0].As<Napi::Float32Array>();
  Napi::Float32Array m = info[1].As<Napi::Float32Array>();
  Napi::Float32Array v = info[2].As<Napi::Float32Array>();
  Napi::Float32Array sc = info[3].As<Napi::Float32Array>();
  Napi::Float32Array of = info[4].As<Napi::Float32Array>();
  steth::batch_norm(x.Data(), static_cast<long>(x.ElementLength()), m.Data(), static_cast<long>(m.ElementLength()),
                    v.Data(), static_cast<long>(v.ElementLength()), sc.Data(), static_cast<long>(sc.ElementLength()),
                    of.Data(), static_cast<long>(of.ElementLength()), info[5].As<Napi::Number>().FloatValue(),
                    F32(info[6]));
}

// batchNormGrad(x, dy, mean, variance, scale | null, eps, dx, dmean, dvariance, dscale, doffset)
void BatchNormGrad(const Napi::CallbackInfo& info) {
  Napi::Float32Array x = info[0].As<Napi::Float32Array>();
  Napi::Float32Array m = info[2].As<Napi::Float32Array>();
  const long C = static_cast<long>(m.ElementLength());
  const long n = static_cast<long>(x.ElementLength());
  if (C <= 0 || n % C != 0) return;
  steth::batch_norm_grad(x.Data(), F32(info[1]), m.Data(), F32(info[3]), F32OrNull(info[4]), n / C, C,
                         info[5].As<Napi::Number>().FloatValue(), F32(info[6]), F32(info[7]), F32(info[8]),
                         F32(info[9]), F32(info[10]));
}

// batchNormTrain(x, scale | null, offset | null, eps, y | null, mean, variance); C = mean.length
void BatchNormTrain(const Napi::CallbackInfo& info) {
  Napi::Float32Array x = info[0].As<Napi::Float32Array>();
  Napi::Float32Array m = info[5].As<Napi::Float32Array>();
  const long C = static_cast<long>(m.ElementLength());
  const long n = static_cast<long>(x.ElementLength());
  if (C <= 0 || n % C != 0) return;
  steth::batch_norm_train(x.Data(), F32OrNull(info[1]), F32OrNull(info[2]), n / C, C,
                          info[3].As<Napi::Number>().FloatValue(), OutF32OrNull(info[4]), m.Data(), F32(info[6]));
}

// batchNormNormalize(x, mean, variance, scale | null, offset | null, eps, relu, y); C = mean.length
void BatchNormNormalize(const Napi::CallbackInfo& info) {
  Napi::Float32Array x = info[0].As<Napi::Float32Array>();
  Napi::Float32Array m = info[1].As<Napi::Float32Array>();
  const long C = static_cast<long>(m.ElementLength());
  const long n = static_cast<long>(x.ElementLength());
  if (C <= 0 || n % C != 0) return;
  steth::batch_norm_normalise(x.Data(), m.Data(), F32(info[2]), F32OrNull(info[3]), F32OrNull(info[4]), n / C, C,
                              info[5].As<Napi::Number>().FloatValue(), info[6].As<Napi::Boolean>().Value(),
                              F32(info[7]));
}

// batchNormTrainGrad(x, dy, mean, variance, scale | null, gmean | null, gvariance | null, eps, dx, dscale, doffset,
//                    reluAfter, offset | null)
void BatchNormTrainGrad(const Napi::CallbackInfo& info) {
  Napi::Float32Array x = info[0].As<Napi::Float32Array>();
  Napi::Float32Array m = info[2].As<Napi::Float32Array>();
  const long C = static_cast<long>(m.ElementLength());
  const long n = static_cast<long>(x.ElementLength());
  if (C <= 0 || n % C != 0) return;
  const bool relu = info.Length() > 11 && info[11].IsBoolean() && info[11].As<Napi::Boolean>().Value();
  steth::batch_norm_train_grad(x.Data(), F32(info[1]), relu, F32OrNull(info[12]), m.Data(), F32(info[3]),
                               F32OrNull(info[4]),
                               F32OrNull(info[5]), F32OrNull(info[6]), n / C, C,
                               info[7].As<Napi::Number>().FloatValue(), F32(info[8]), F32(info[9]), F32(info[10]));
}

// movingAverage(current, value, decay, out)
void MovingAverage(const Napi::CallbackInfo& info) {
  Napi::Float32Array current = info[0].As<Napi::Float32Array>();
  steth::moving_average(static_cast<long>(current.ElementLength()), current.Data(), F32(info[1]),
                        info[2].As<Napi::Number>().FloatValue(), F32(info[3]));
}

// adamUpdate(value, m, v, g, Float32Array scalars[8] (AdamScalars order), valueOut, mOut, vOut)
void AdamUpdate(const Napi::CallbackInfo& info) {
  Napi::Float32Array value = info[0].As<Napi::Float32Array>();
  const float* sc = F32(info[4]);
  const steth::AdamScalars s{sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7]};
  steth::adam_update(static_cast<long>(value.ElementLength()), value.Data(), F32(info[1]), F32(info[2]), F32(info[3]),
                     s, F32(info[5]), F32(info[6]), F32(info[7]));
}

// tile(x, Int32Array inShape, Int32Array reps, out)
void Tile(const Napi::CallbackInfo& info) {
  Napi::Int32Array shape = info[1].As<Napi::Int32Array>();
  Napi::Int32Array reps = info[2].As<Napi::Int32Array>();
  int rank = static_cast<int>(shape.ElementLength());
  if (rank < 1 || rank > 16) return;
  long s[16], r[16];
  for (int i = 0; i < rank; ++i) {
    s[i] = shape[i];
    r[i] = reps[i];
  }
  steth::tile(rank, s, r, F32(info[0]), F32(info[3]));
}

// split(x, Int32Array widths, outer, [outputs])
void Split(const Napi::CallbackInfo& info) {
  Napi::Int32Array w = info[1].As<Napi::Int32Array>();
  Napi::Array arr = info[3].As<Napi::Array>();
  int n = static_cast<int>(arr.Length());
  std::vector<float*> ptrs(n);
  std::vector<long> widths(n);
  for (int i = 0; i < n; ++i) {
    ptrs[i] = F32(arr.Get(i));
    widths[i] = w[i];
  }
  steth::split(n, F32(info[0]), widths.data(), info[2].As<Napi::Number>().Int64Value(), ptrs.data());
}

// transpose(x, Int32Array inShape, Int32Array perm, out)
void Transpose(const Napi::CallbackInfo& info) {
  Napi::Int32Array shape = info[1].As<Napi::Int32Array>();
  Napi::Int32Array perm = info[2].As<Napi::Int32Array>();
  int rank = static_cast<int>(shape.ElementLength());
  if (rank < 1 || rank > 16) return;
  long s[16], p[16];
  for (int i = 0; i < rank; ++i) {
    s[i] = shape[i];
    p[i] = perm[i];
  }
  steth::transpose(rank, s, p, F32(info[0]), F32(info[3]));
}

// gather(x, Int32Array indices, params[batch, outer, dim, slice, n], out)
void Gather(const Napi::CallbackInfo& info) {
  const int32_t* p = I32(info[2]);
  steth::gather(F32(info[0]), I32(info[1]), p[0], p[1], p[2], p[3], p[4], F32(info[3]));
}

// concat([inputs], Int32Array widths, outer, out)
void Concat(const Napi::CallbackInfo& info) {
  Napi::Array arr = info[0].As<Napi::Array>();
  Napi::Int32Array w = info[1].As<Napi::Int32Array>();
  int n = static_cast<int>(arr.Length());
  std::vector<const float*> ptrs(n);
  std::vector<long> widths(n);
  for (int i = 0; i < n; ++i) {
    ptrs[i] = F32(arr.Get(i));
    widths[i] = w[i];
  }
  steth::concat(n, ptrs.data(), widths.data(), info[2].As<Napi::Number>().Int64Value(), F32(info[3]));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa));
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad));
  exports.Set("avgPool", Napi::Function::New(env, AvgPool));
  exports.Set("avgPoolGrad", Napi::Function::New(env, AvgPoolGrad));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("biasActivation", Napi::Function::New(env, BiasActivation));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("concat", Napi::Function::New(env, Concat));
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  exports.Set("batchNormGrad", Napi::Function::New(env, BatchNormGrad));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("batchNormTrain", Napi::Function::New(env, BatchNormTrain));
  exports.Set("batchNormNormalize", Napi::Function::New(env, BatchNormNormalize));
  exports.Set("movingAverage", Napi::Function::New(env, MovingAverage));
  exports.Set("batchNormTrainGrad", Napi::Function::New(env, BatchNormTrainGrad));
  exports.Set("tile", Napi::Function::New(env, Tile));
  exports.Set("split", Napi::Function::New(env, Split));
  exports.Set("transpose", Napi::Function::New(env, Transpose));
  exports.Set("gather", Napi::Function::New(env, Gather));
  return exports;
}

}  // namespace

NODE_API_MODULE(steth_native, Init)
