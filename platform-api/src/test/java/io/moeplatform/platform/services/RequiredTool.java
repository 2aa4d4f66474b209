package io.moeplatform.platform.services;

import java.util.Arrays;

/**
 * The project's rule for tests that need a system tool (Docker, MPI, …): where the tool is
 * missing they are skipped with a message saying so, unless the environment variable
 * {@code MOE_REQUIRE} (a comma-separated list, e.g. {@code docker,mpi}) names the tool; then
 * they fail, so that a machine meant to have it cannot pass by skipping.
 */
public final class RequiredTool {

    private RequiredTool() {}

    /** Whether {@code MOE_REQUIRE} names {@code tool} (case-insensitive). */
    public static boolean required(String tool) {
        return required(tool, System.getenv("MOE_REQUIRE"));
    }

    static boolean required(String tool, String moeRequire) {
        return moeRequire != null
                && Arrays.stream(moeRequire.split(",")).map(String::strip).anyMatch(tool::equalsIgnoreCase);
    }

    /**
     * Decides for a test that needs {@code tool}: {@code null} when it is {@code available} (run
     * it), otherwise the message to skip it with; fails instead when {@code MOE_REQUIRE} names
     * {@code tool}.
     *
     * @param why what is missing and what therefore cannot run, e.g. "no Docker engine answers, so …"
     * @throws AssertionError when the tool is missing and required
     */
    public static String check(String tool, boolean available, String why) {
        if (available) {
            return null;
        }
        if (required(tool)) {
            throw new AssertionError(
                    "MOE_REQUIRE=" + System.getenv("MOE_REQUIRE") + " requires " + tool + ", but " + why);
        }
        return "Skipped: " + why + " (set MOE_REQUIRE=" + tool + " to make this a failure instead)";
    }
}
