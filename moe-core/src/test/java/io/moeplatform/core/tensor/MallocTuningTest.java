package io.moeplatform.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MallocTuningTest {

    /** A stand-in for glibc that records the mallopt calls and answers with {@code reply}. */
    private record Recorder(List<int[]> calls, int reply) implements MallocTuning.Mallopt {
        Recorder(int reply) {
            this(new ArrayList<>(), reply);
        }

        @Override
        public int set(int parameter, int value) {
            calls.add(new int[] {parameter, value});
            return reply;
        }
    }

    private static Optional<MallocTuning.Glibc> glibc(Recorder recorder) {
        return Optional.of(new MallocTuning.Glibc("2.36", recorder));
    }

    @Test
    void setsMmapThresholdTopPadAndTrimThresholdOnGlibc() {
        Recorder recorder = new Recorder(1);

        MallocTuning.Outcome outcome = MallocTuning.apply(Map.of(), glibc(recorder));

        assertThat(outcome.applied()).isTrue();
        assertThat(recorder.calls())
                .containsExactly(new int[] {-3, 32 << 20}, new int[] {-2, 64 << 20}, new int[] {-1, 256 << 20});
        assertThat(outcome.description()).contains("glibc 2.36", "top pad 64 MiB", "MOE_MALLOC_TUNING=off");
    }

    @Test
    void leavesMallocAloneWhenSwitchedOff() {
        for (String off : List.of("off", "OFF", "false", "0", "no")) {
            Recorder recorder = new Recorder(1);

            MallocTuning.Outcome outcome = MallocTuning.apply(Map.of("MOE_MALLOC_TUNING", off), glibc(recorder));

            assertThat(outcome.applied()).isFalse();
            assertThat(recorder.calls()).isEmpty();
            assertThat(outcome.description()).contains("MOE_MALLOC_TUNING=" + off);
        }
        assertThat(MallocTuning.apply(Map.of("MOE_MALLOC_TUNING", "on"), glibc(new Recorder(1)))
                        .applied())
                .isTrue();
    }

    @Test
    void leavesMallocToTheOperatorsGlibcSettings() {
        Recorder recorder = new Recorder(1);

        MallocTuning.Outcome byVariable = MallocTuning.apply(Map.of("MALLOC_ARENA_MAX", "2"), glibc(recorder));
        MallocTuning.Outcome byTunable =
                MallocTuning.apply(Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1000"), glibc(recorder));

        assertThat(recorder.calls()).isEmpty();
        assertThat(byVariable.applied()).isFalse();
        assertThat(byVariable.description()).contains("left to MALLOC_ARENA_MAX");
        assertThat(byTunable.applied()).isFalse();
        assertThat(byTunable.description()).contains("left to GLIBC_TUNABLES");
        assertThat(MallocTuning.apply(Map.of("GLIBC_TUNABLES", "glibc.pthread.rseq=0"), glibc(recorder))
                        .applied())
                .isTrue(); // a tunable of something else
    }

    @Test
    void leavesOtherCLibrariesAloneAndReportsARefusal() {
        MallocTuning.Outcome other = MallocTuning.apply(Map.of(), Optional.empty());
        Recorder refusing = new Recorder(0);
        MallocTuning.Outcome refused = MallocTuning.apply(Map.of(), glibc(refusing));

        assertThat(other.applied()).isFalse();
        assertThat(other.description()).contains("not glibc");
        assertThat(refused.applied()).isFalse();
        assertThat(refused.description()).contains("refused mallopt(-3, " + (32 << 20) + ")");
        assertThat(refusing.calls()).hasSize(1);
    }

    /**
     * The effect on the real C library, in child processes (the settings are process-wide; see
     * {@link MallocProbe}): over eight rounds of 4 × 16 MiB freed in a shuffled order, a thread faults
     * in far less memory with the tuning than with glibc's defaults (the counts measured are in
     * ADR 4; one round is 16,384 pages). The bounds are one round for the tuning and two for the
     * defaults. The control with the defaults tries up to three processes, since how much glibc
     * gives back depends on the heap's layout; it counts 4 KiB pages, so it is skipped where the
     * kernel backs heaps with transparent huge pages. The test checks the three options together,
     * not each one's part.
     */
    @Test
    void aThreadReusesTheMemoryItFreedWithTheTuningAndNotWithout() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "glibc behaviour");
        Probe tuned = probe("on");
        assumeTrue(tuned.output().contains("malloc: glibc"), "glibc is the C library here: " + tuned.output());

        assertThat(tuned.output()).contains("freed memory kept");
        assertThat(tuned.faults()).isLessThan(16_384);

        if (!transparentHugePagesAlways()) {
            long mostFaults = 0;
            for (int attempt = 0; attempt < 3 && mostFaults <= 2 * 16_384; attempt++) {
                Probe untouched = probe("off");
                assertThat(untouched.output()).contains("left as it is");
                mostFaults = Math.max(mostFaults, untouched.faults());
            }
            assertThat(mostFaults).isGreaterThan(2 * 16_384);
        }
    }

    private static boolean transparentHugePagesAlways() throws IOException {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        return Files.isReadable(setting) && Files.readString(setting).contains("[always]");
    }

    private record Probe(String output, long faults) {}

    private static Probe probe(String setting) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MallocProbe.class.getName())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment
                .keySet()
                .removeIf(name ->
                        name.startsWith("MALLOC_") || name.equals("GLIBC_TUNABLES") || name.equals("LD_PRELOAD"));
        environment.put(MallocTuning.SWITCH, setting);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Matcher faults = Pattern.compile("faults=(\\d+)").matcher(output);
        assertThat(faults.find()).as(output).isTrue();
        return new Probe(output, Long.parseLong(faults.group(1)));
    }
}
