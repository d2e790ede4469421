/**
 * Codes of the addon's unary operations (must match `UnaryOp` in
 * csrc/elementwise.h) and the tfjs activation names they implement.
 */
export const UNARY = {
  Relu: 0,
  Relu6: 1,
  LeakyRelu: 2,
  Sigmoid: 3,
  Exp: 4,
  Log: 5,
  Neg: 6,
  Sqrt: 7,
  Square: 8,
  Tanh: 9,
  Elu: 10,
  Step: 11,
  Abs: 12,
  Rsqrt: 13,
  Reciprocal: 14,
  Linear: 15,
} as const;

const ACTIVATIONS: Record<string, number> = {
  linear: UNARY.Linear,
  relu: UNARY.Relu,
  relu6: UNARY.Relu6,
  elu: UNARY.Elu,
  leakyrelu: UNARY.LeakyRelu,
  sigmoid: UNARY.Sigmoid,
};

/** The addon code of a fused activation, or undefined for ones it lacks (prelu). */
export function activationCode(name: string): { code: number } | undefined {
  const code = ACTIVATIONS[name];
  return code === undefined ? undefined : { code };
}
