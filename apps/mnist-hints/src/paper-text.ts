/** What the paper says about each figure (Appendix B, quoted), shown beside our figures in the report. */

export const PAPER_FIG9A =
  'Fig. 9a (variant 1, evaluated against the ground truth): "a high accuracy in (a) shows that the network learned the actual task of classifying digits from images." "With adversarial training, however, we can indeed force the encoder to hide the hint, therefore forcing it to learn to classify digits from images. As expected, with increasing hint quality, we need to increase the weight of adversarial training so as to discourage the encoder from relying on the hint." (Curves: means of 100 runs per hint quality, shaded student-t 1 sigma intervals.)';

export const PAPER_FIG9B =
  'Fig. 9b (variant 1, the output compared to the hint labels at test time): "a high accuracy in (b) shows strong overfitting". "For perfect hints (q_h = 1.0) and no adversarial training, the decoder is highly accurate in predicting the hint (instead of the actual label), suggesting that the classifier is effectively independent of the input image and purely relies on the hint."';

export const PAPER_V1_STETHOSCOPE =
  'Variant 1 stethoscope (no figure in the paper): "The stethoscope only accesses the hint encoding in this example, which simplifies its task and enables us to demonstrate the effect of active stethoscopes without affecting the image encoding. The hint encoder multiplies the one-hot hint vector with a scalar weight. Hence, a weight close to zero would effectively hide the hint information from the main network, explicitly making the task of the stethoscope more difficult."';

export const PAPER_FIG10 =
  'Fig. 10 (variant 2, hint drawn into the pixels, means of 20 runs): "When using a positive stethoscope loss, which encourages h_enc to focus more on the artificial hints over the actual digit features, the test accuracy degrades." "In the negative case, h_enc serves as an adversary to the stethoscope effectively benefiting the main objectives by removing the misleading hint information leading to an improved test accuracy. However, as the magnitude of the adversarial strength increases the gains quickly erode as the encoder begins to suppress information relevant for the main task." "The adversarial training is less effective as both the stethoscope and the main network directly access a single encoding."';

export const PAPER_V2_HINT =
  'Variant 2, agreement with the hint\'s digit (not plotted in the paper): with 100 hint classes mapped many-to-one onto the 10 digits, "theoretical suppression of hint information is possible without degrading main performance."';

export const PAPER_V2_STETHOSCOPE =
  'Variant 2 stethoscope (no figure in the paper): "the main network is a two-layer multi-layer perceptron (MLP) with the stethoscope attached after the first hidden layer."';
