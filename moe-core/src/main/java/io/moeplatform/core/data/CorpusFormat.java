package io.moeplatform.core.data;

import java.util.Locale;

/**
 * The corpus file formats {@link ParallelCorpusReader} reads.
 *
 * <ul>
 *   <li>{@link #TSV}: {@code src_lang<TAB>tgt_lang<TAB>src<TAB>tgt} per line, UTF-8, an optional
 *       header line {@code src_lang	tgt_lang	src	tgt}; fields cannot contain tabs or newlines.
 *   <li>{@link #JSONL}: one JSON object per line with string members {@code src_lang, tgt_lang,
 *       src, tgt} (other members are ignored).
 *   <li>{@link #MOSES}: two line-aligned plain-text files, {@code corpus.en} and {@code
 *       corpus.de}; the languages are the file-name suffixes.
 *   <li>{@link #PO}: a gettext catalog; {@code msgid} is the (English) source, {@code msgstr} the
 *       target, whose language is the header's {@code Language:} field.
 *   <li>{@link #MO}: a compiled gettext catalog (either byte order; charset from its header).
 * </ul>
 */
public enum CorpusFormat {
    TSV,
    JSONL,
    MOSES,
    PO,
    MO;

    /**
     * The format a file name implies: {@code .tsv}, {@code .jsonl}, {@code .po}, {@code .mo}
     * (optionally any case); anything else is taken as one side of a Moses pair.
     */
    public static CorpusFormat fromFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tsv")) {
            return TSV;
        }
        if (lower.endsWith(".jsonl")) {
            return JSONL;
        }
        if (lower.endsWith(".po")) {
            return PO;
        }
        if (lower.endsWith(".mo")) {
            return MO;
        }
        return MOSES;
    }
}
