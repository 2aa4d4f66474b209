package io.moeplatform.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The checks every format shares, applied to each raw entry a format parser finds: language tags,
 * empty sides, length ratio; and the statistics and duplicate count of what passes.
 *
 * <p>Parsers call {@link #pair} for each entry and {@link #problem} for structural faults (bad
 * UTF-8, wrong field count, bad JSON, misalignment). Valid pairs go to the sink as they come; the
 * caller decides from {@link #report} whether to keep them.
 */
final class PairChecker {

    private final String file;
    private final String tgtFile;
    private final CorpusFormat format;
    private final CorpusReaderOptions options;
    private final Consumer<SentencePair> sink;
    private final LanguageTags tags = LanguageTags.standard();
    private final Map<String, Object> tagCache = new HashMap<>(); // tag → normal form or error
    private final Map<LanguagePair, long[]> stats = new TreeMap<>();
    private final Set<Long> seen = new HashSet<>();
    private final List<CorpusProblem> problems = new ArrayList<>();
    private long totalProblems;
    private long skipped;

    PairChecker(String file, CorpusFormat format, CorpusReaderOptions options, Consumer<SentencePair> sink) {
        this(file, file, format, options, sink);
    }

    /** For Moses pairs: problems of the target side ({@code tgt}, {@code tgt_lang}) name tgtFile. */
    PairChecker(
            String file,
            String tgtFile,
            CorpusFormat format,
            CorpusReaderOptions options,
            Consumer<SentencePair> sink) {
        this.file = file;
        this.tgtFile = tgtFile;
        this.format = format;
        this.options = options;
        this.sink = sink;
    }

    String file() {
        return file;
    }

    void problem(long line, String field, String reason) {
        boolean target = "tgt".equals(field) || "tgt_lang".equals(field);
        problem(target ? tgtFile : file, line, field, reason);
    }

    void problem(String inFile, long line, String field, String reason) {
        totalProblems++;
        if (problems.size() < options.maxProblems()) {
            problems.add(new CorpusProblem(inFile, line, field, reason));
        }
    }

    void skip() {
        skipped++;
    }

    /** Checks one entry; returns whether it was valid. */
    boolean pair(long line, String srcLang, String tgtLang, String src, String tgt) {
        long before = totalProblems;
        String s = tag(line, "src_lang", srcLang);
        String t = tag(line, "tgt_lang", tgtLang);
        if (src.isBlank()) {
            problem(line, "src", "empty source");
        }
        if (tgt.isBlank()) {
            problem(line, "tgt", "empty target");
        }
        int srcChars = src.codePointCount(0, src.length());
        int tgtChars = tgt.codePointCount(0, tgt.length());
        int longer = Math.max(srcChars, tgtChars);
        int shorter = Math.min(srcChars, tgtChars);
        if (shorter > 0 && longer >= options.ratioMinLength() && longer > options.maxLengthRatio() * shorter) {
            problem(
                    line,
                    srcChars > tgtChars ? "src" : "tgt",
                    String.format(
                            "length ratio %.1f (source %d, target %d characters) exceeds %s",
                            (double) longer / shorter, srcChars, tgtChars, options.maxLengthRatio()));
        }
        if (totalProblems != before) {
            return false;
        }
        LanguagePair lp = new LanguagePair(s, t);
        long[] st = stats.computeIfAbsent(lp, k -> new long[6]);
        st[0]++;
        st[1] += srcChars;
        st[2] += tgtChars;
        st[3] += words(src);
        st[4] += words(tgt);
        if (!seen.add(fingerprint(s, t, src, tgt))) {
            st[5]++;
        }
        if (sink != null) {
            sink.accept(new SentencePair(s, t, src, tgt, line));
        }
        return true;
    }

    private String tag(long line, String field, String tag) {
        Object r = tagCache.computeIfAbsent(tag, k -> {
            try {
                return tags.normalize(k);
            } catch (IllegalArgumentException e) {
                return e;
            }
        });
        if (r instanceof IllegalArgumentException e) {
            problem(line, field, e.getMessage());
            return null;
        }
        return (String) r;
    }

    CorpusReport report() {
        TreeMap<LanguagePair, PairStats> out = new TreeMap<>();
        stats.forEach((k, v) -> out.put(k, new PairStats(v[0], v[1], v[2], v[3], v[4], v[5])));
        String name = file.equals(tgtFile) ? file : file + " + " + tgtFile;
        return new CorpusReport(name, format, out, skipped, List.copyOf(problems), totalProblems);
    }

    private static long words(String s) {
        long n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean space = Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i));
            if (!space && !in) {
                n++;
            }
            in = !space;
        }
        return n;
    }

    /** A 64-bit FNV-1a hash of the pair; collisions are negligible at corpus sizes (2^-64 each). */
    private static long fingerprint(String... parts) {
        long h = 0xcbf29ce484222325L;
        for (String p : parts) {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                h = (h ^ (c & 0xFF)) * 0x100000001b3L;
                h = (h ^ (c >>> 8)) * 0x100000001b3L;
            }
            h = (h ^ 0x1F) * 0x100000001b3L; // separator
        }
        return h;
    }
}
