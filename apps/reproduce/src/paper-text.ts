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

export const PAPER_FIG4 =
  'Fig. 4: analytic stethoscopes (sparse connections) on the network trained on global stability, after 50 epochs of stethoscope training. The network gradually builds up features for both global and local stability; local-stability accuracy peaks at the output of layer 7a while global stability (binary and n-way origin) keeps improving: local stability is a nuisance, the origin of instability a complementary factor.';

export const PAPER_FIG5 =
  'Fig. 5: main network trained on hard towers only (baseline 51%), an auxiliary stethoscope on the origin of global instability (n-way). Auxiliary training substantially improves performance for lambda in [0.5, 16] (the later version: 51% to 90%); very small lambda does too little and very large lambda falls back to chance.';

export const PAPER_FIG7 =
  'Fig. 7 (Appendix A): the main network is fixed after 120 epochs of adversarial training; the local-stability stethoscope then fully recovers to the level of the analytic baseline (lambda = 0): the information is not removed, only made less accessible.';
