/** What the paper (and its later version) says about the tower figures, quoted in the report. */

export const PAPER_FIG3 =
  'Fig. 3: trained on all four categories, mean accuracy 0.96 (error 6% on hard vs 2% on easy); trained on easy only (A, D), 0.82, with the error rate 13 times higher on hard than on easy; trained on hard only (B, C), 0.51, the level of chance.';

export const PAPER_FIG3_MEANS: Record<'all' | 'easy' | 'hard', string> = {
  all: '0.96',
  easy: '0.82',
  hard: '0.51',
};

export const PAPER_FIG6 =
  'Fig. 6: main network trained on easy towers, local-stability stethoscope on all. Adversarial training (lambda < 0) raises hard accuracy (the later version: 66% to 88%) while keeping easy accuracy, until about |lambda| = 10; the stethoscope accuracy falls as |lambda| grows. Auxiliary training (lambda > 0) slightly improves easy accuracy and lowers hard accuracy.';
