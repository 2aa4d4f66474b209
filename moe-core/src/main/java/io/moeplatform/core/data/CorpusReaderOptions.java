package io.moeplatform.core.data;

/**
 * How strictly {@link ParallelCorpusReader} checks a corpus, and what gettext catalogs leave out.
 *
 * @param maxLengthRatio a pair is rejected when its longer side has more than this many times the
 *     characters of its shorter side (default 9: far beyond the 1:3 of real translations, so only
 *     misalignments and garbage trip it)
 * @param ratioMinLength the ratio is checked only when the longer side has at least this many
 *     characters (default 20), since short strings ("OK" → "Einverstanden") have wild ratios
 * @param maxProblems problems kept in a report or exception (default 100); all are counted
 * @param gettextSourceLanguage the language of {@code msgid} in gettext catalogs (default {@code
 *     en})
 * @param gettextTargetLanguage the language of {@code msgstr}; {@code null} (the default) takes it
 *     from the catalog's {@code Language:} header
 */
public record CorpusReaderOptions(
        double maxLengthRatio,
        int ratioMinLength,
        int maxProblems,
        String gettextSourceLanguage,
        String gettextTargetLanguage) {

    public CorpusReaderOptions {
        if (!(maxLengthRatio >= 1.0)) {
            throw new IllegalArgumentException("maxLengthRatio (" + maxLengthRatio + ") must be >= 1");
        }
        if (ratioMinLength < 0) {
            throw new IllegalArgumentException("ratioMinLength (" + ratioMinLength + ") must be >= 0");
        }
        if (maxProblems < 1) {
            throw new IllegalArgumentException("maxProblems (" + maxProblems + ") must be >= 1");
        }
        if (gettextSourceLanguage == null || gettextSourceLanguage.isBlank()) {
            throw new IllegalArgumentException("gettextSourceLanguage must be set");
        }
    }

    /** The defaults: ratio 9 above 20 characters, 100 problems, gettext source {@code en}. */
    public static CorpusReaderOptions defaults() {
        return new CorpusReaderOptions(9.0, 20, 100, "en", null);
    }

    /** These options with another maximum length ratio. */
    public CorpusReaderOptions withMaxLengthRatio(double ratio, int minLength) {
        return new CorpusReaderOptions(ratio, minLength, maxProblems, gettextSourceLanguage, gettextTargetLanguage);
    }

    /** These options with another problem cap. */
    public CorpusReaderOptions withMaxProblems(int cap) {
        return new CorpusReaderOptions(
                maxLengthRatio, ratioMinLength, cap, gettextSourceLanguage, gettextTargetLanguage);
    }

    /** These options with the gettext languages set (target {@code null}: from the header). */
    public CorpusReaderOptions withGettextLanguages(String source, String target) {
        return new CorpusReaderOptions(maxLengthRatio, ratioMinLength, maxProblems, source, target);
    }
}
