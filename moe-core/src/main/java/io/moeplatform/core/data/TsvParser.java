package io.moeplatform.core.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parses {@link CorpusFormat#TSV}: {@code src_lang<TAB>tgt_lang<TAB>src<TAB>tgt}, an optional
 * header line naming those four columns, blank lines skipped.
 */
final class TsvParser {

    static final String HEADER = "src_lang\ttgt_lang\tsrc\ttgt";

    private TsvParser() {}

    static void parse(InputStream in, PairChecker checker) throws IOException {
        try (Utf8LineReader r = new Utf8LineReader(in)) {
            boolean first = true;
            for (Utf8LineReader.Line line = r.next(); line != null; line = r.next()) {
                if (!line.ok()) {
                    checker.problem(line.number(), null, line.error());
                    first = false;
                    continue;
                }
                String text = line.text();
                if (text.isBlank()) {
                    checker.skip();
                    continue;
                }
                if (first && text.strip().equalsIgnoreCase(HEADER)) {
                    first = false;
                    continue;
                }
                first = false;
                String[] f = text.split("\t", -1);
                if (f.length != 4) {
                    checker.problem(
                            line.number(),
                            null,
                            "expected 4 tab-separated fields (src_lang, tgt_lang, src, tgt), found " + f.length);
                    continue;
                }
                checker.pair(line.number(), f[0].strip(), f[1].strip(), f[2], f[3]);
            }
        }
    }
}
