package io.moeplatform.core.eval;

/**
 * A chrF (or chrF++) result.
 *
 * @param score the F-score in [0, 100]
 * @param charOrder the character n-gram order (6 by default)
 * @param wordOrder the word n-gram order (0 for chrF, 2 for chrF++)
 * @param beta the recall weight β (2 by default)
 */
public record ChrfScore(double score, int charOrder, int wordOrder, int beta) {

    /** sacreBLEU's name: {@code chrF2}, {@code chrF2++} with two word orders. */
    public String name() {
        return "chrF" + beta + "+".repeat(wordOrder);
    }

    /** sacreBLEU's {@code str(score)}: {@code chrF2 = 59.73}. */
    public String format() {
        return format(2);
    }

    /** As {@link #format()} with {@code width} decimals. */
    public String format(int width) {
        return name() + " = " + PythonText.fixed(score, width);
    }

    /** sacreBLEU's JSON object on one line (no {@code verbose_score}: chrF has none). */
    public String toJson(int width, String signature) {
        return ScoreJson.toJson(name(), score, width, signature, "");
    }

    @Override
    public String toString() {
        return format();
    }
}
