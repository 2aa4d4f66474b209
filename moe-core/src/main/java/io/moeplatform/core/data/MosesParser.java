package io.moeplatform.core.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parses {@link CorpusFormat#MOSES}: two line-aligned files whose suffixes name the languages
 * ({@code corpus.en}, {@code corpus.de}). Reads both in lockstep; when one ends first, the rest of
 * the other is counted so the problem can give both line counts.
 */
final class MosesParser {

    private MosesParser() {}

    /** The language suffix of a Moses file name ({@code corpus.pt-BR} → {@code pt-BR}), or null. */
    static String suffix(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot < 0 || dot == base.length() - 1 ? null : base.substring(dot + 1);
    }

    static void parse(InputStream src, String srcName, InputStream tgt, String tgtName, PairChecker checker)
            throws IOException {
        String srcLang = suffix(srcName);
        String tgtLang = suffix(tgtName);
        if (srcLang == null) {
            checker.problem(0, "src_lang", "no language suffix in file name " + srcName + " (e.g. corpus.en)");
        }
        if (tgtLang == null) {
            checker.problem(0, "tgt_lang", "no language suffix in file name " + tgtName + " (e.g. corpus.de)");
        }
        try (Utf8LineReader s = new Utf8LineReader(src);
                Utf8LineReader t = new Utf8LineReader(tgt)) {
            long srcLines = 0;
            long tgtLines = 0;
            while (true) {
                Utf8LineReader.Line a = s.next();
                Utf8LineReader.Line b = t.next();
                if (a != null) {
                    srcLines++;
                }
                if (b != null) {
                    tgtLines++;
                }
                if (a == null || b == null) {
                    if (a != null || b != null) {
                        while ((a != null ? s.next() : t.next()) != null) {
                            if (a != null) {
                                srcLines++;
                            } else {
                                tgtLines++;
                            }
                        }
                        checker.problem(
                                srcLines > tgtLines ? srcName : tgtName,
                                Math.min(srcLines, tgtLines) + 1,
                                null,
                                "misaligned files: "
                                        + srcName
                                        + " has "
                                        + srcLines
                                        + " lines, "
                                        + tgtName
                                        + " has "
                                        + tgtLines);
                    }
                    return;
                }
                if (!a.ok()) {
                    checker.problem(a.number(), "src", a.error());
                }
                if (!b.ok()) {
                    checker.problem(b.number(), "tgt", b.error());
                }
                if (a.ok() && b.ok() && srcLang != null && tgtLang != null) {
                    checker.pair(a.number(), srcLang, tgtLang, a.text(), b.text());
                }
            }
        }
    }
}
