/**
 * Names the page shows before any tensor exists: the stethoscope mode
 * selected by the sign of lambda (paper Section 3, Eq. 1) and the taps of
 * each variant's network. @steth/core's `modeOf` and @steth/models' layer
 * constants say the same, but importing them would pull TensorFlow.js into
 * the page's own bundle; tfjs lives in the worker only. The worker checks
 * the tap against the real model (core's `resolveTap` names the layers that
 * exist), so a drift here shows as an error, not a silent mismatch.
 */
export function modeName(lambda: number): 'adversarial' | 'analytic' | 'auxiliary' {
  return lambda < 0 ? 'adversarial' : lambda > 0 ? 'auxiliary' : 'analytic';
}

/** The layers a stethoscope may tap, the paper's choice first (`hint_encoding` / `hidden_1_act`). */
export function tapsFor(variant: 1 | 2): string[] {
  return variant === 1 ? ['hint_encoding', 'image_encoding', 'logits'] : ['hidden_1_act', 'logits'];
}
