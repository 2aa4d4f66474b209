package io.moeplatform.core.data;

/**
 * One reason a corpus file was rejected.
 *
 * @param file the file's name as given to the reader
 * @param line the 1-based line (for {@code .mo}, the 1-based entry index); 0 for the file as a
 *     whole
 * @param field the field at fault ({@code src}, {@code tgt}, {@code src_lang}, {@code tgt_lang},
 *     {@code msgstr}, …), or {@code null} for the line as a whole
 * @param reason what is wrong, with the values at fault
 */
public record CorpusProblem(String file, long line, String field, String reason) {

    /** {@code corpus.tsv:12: tgt: empty target}. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + (field == null ? "" : field + ": ") + reason;
    }
}
