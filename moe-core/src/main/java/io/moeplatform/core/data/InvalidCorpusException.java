package io.moeplatform.core.data;

import java.util.List;

/**
 * A corpus file was rejected whole: nothing from it may be imported.
 *
 * <p>Carries the first {@link CorpusReaderOptions#maxProblems()} problems in file order and the
 * total count. {@link #TYPE} is the stable problem type (RFC 9457) for HTTP responses.
 */
public final class InvalidCorpusException extends RuntimeException {

    /** The RFC 9457 problem type of a rejected corpus. */
    public static final String TYPE = "https://moeplatform.io/problems/invalid-corpus";

    private final String file;
    private final List<CorpusProblem> problems;
    private final long totalProblems;

    public InvalidCorpusException(String file, List<CorpusProblem> problems, long totalProblems) {
        super(message(file, problems, totalProblems));
        this.file = file;
        this.problems = List.copyOf(problems);
        this.totalProblems = totalProblems;
    }

    private static String message(String file, List<CorpusProblem> problems, long total) {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(": rejected with ").append(total).append(total == 1 ? " problem" : " problems");
        int shown = Math.min(5, problems.size());
        for (int i = 0; i < shown; i++) {
            sb.append("\n  ").append(problems.get(i));
        }
        if (total > shown) {
            sb.append("\n  … and ").append(total - shown).append(" more");
        }
        return sb.toString();
    }

    /** The rejected file's name. */
    public String file() {
        return file;
    }

    /** The problems kept (at most the configured cap), in file order. */
    public List<CorpusProblem> problems() {
        return problems;
    }

    /** All problems found, including those beyond the cap. */
    public long totalProblems() {
        return totalProblems;
    }
}
