/**
 * Translation quality scores, computed exactly as sacreBLEU 2.x computes them by default.
 *
 * <p>{@link io.moeplatform.core.eval.Bleu} is corpus BLEU (Papineni et al., 2002, "BLEU: a Method
 * for Automatic Evaluation of Machine Translation", ACL) with the mteval-v13a tokenizer ({@link
 * io.moeplatform.core.eval.Tokenizer13a}) and the smoothing methods of Chen and Cherry (2014, "A
 * Systematic Comparison of Smoothing Techniques for Sentence-Level BLEU", WMT). {@link
 * io.moeplatform.core.eval.Chrf} is the character n-gram F-score chrF (Popović, 2015, "chrF:
 * character n-gram F-score for automatic MT evaluation", WMT) and chrF++ (Popović, 2017).
 *
 * <p>Compatibility with Post (2018, "A Call for Clarity in Reporting BLEU Scores", WMT), i.e.
 * sacreBLEU, is pinned by tests that reproduce sacreBLEU's own documented values. Text that
 * sacreBLEU treats with Python's {@code str.split()} and {@code "%.2f"} formatting is treated the
 * same way here ({@link io.moeplatform.core.eval.PythonText}).
 */
package io.moeplatform.core.eval;
