package io.moeplatform.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.cli.MoeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code moe score} in-process on sacreBLEU's README example. */
class ScoreCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new MoeCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private String[] readme() throws IOException {
        Path hyp = file("hyp.txt", "The dog bit the man.\nIt wasn't surprising.\nThe man had just bitten him.\n");
        Path ref1 = file("ref1.txt", "The dog bit the man.\nIt was not unexpected.\nThe man bit him first.\n");
        Path ref2 = file("ref2.txt", "The dog had bit the man.\nNo one was surprised.\nThe man had bitten the dog.\n");
        return new String[] {hyp.toString(), ref1.toString(), ref2.toString()};
    }

    @Test
    void bleuTextMatchesSacreBleu() throws IOException {
        String[] f = readme();
        int rc = run("score", "--metric", "bleu", "--hyp", f[0], "--ref", f[1], "--ref", f[2]);
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString().strip())
                .isEqualTo("BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
    }

    @Test
    void chrfJson() throws IOException {
        String[] f = readme();
        int rc = run("score", "--metric", "chrf", "--hyp", f[0], "--ref", f[1], "--ref", f[2], "--output", "json");
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString().strip())
                .startsWith(
                        "{\"name\":\"chrF2\",\"score\":59.73,\"signature\":\"nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|");
    }

    @Test
    void bleuJsonHasSacreBleuKeys() throws IOException {
        String[] f = readme();
        int rc = run("score", "--hyp", f[0], "--ref", f[1], "--ref", f[2], "--output", "json");
        assertThat(rc).as(err.toString()).isZero();
        // the figures of bleuTextMatchesSacreBleu, in sacreBLEU's JSON keys
        assertThat(out.toString())
                .startsWith("{\"name\":\"BLEU\",\"score\":48.53,")
                .contains(
                        "\"verbose_score\":\"82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)\"",
                        "\"nrefs\":\"2\"",
                        "\"tok\":\"13a\"",
                        "\"smooth\":\"exp\"");
    }

    @Test
    void lineCountMismatchNamesBothFiles() throws IOException {
        Path hyp = file("h.txt", "a\nb\nc\n");
        Path ref = file("r.txt", "a\nb\n");
        int rc = run("score", "--hyp", hyp.toString(), "--ref", ref.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains(ref + " has 2 lines but " + hyp + " has 3");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badUtf8NamesFileAndLine() throws IOException {
        Path hyp = file("h.txt", "a\nb\n");
        Path ref = dir.resolve("r.txt");
        Files.write(ref, new byte[] {'o', 'k', '\n', 'b', (byte) 0xC3, '(', '\n'});
        int rc = run("score", "--hyp", hyp.toString(), "--ref", ref.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains(ref + ":2: not valid UTF-8: byte 0xC3 at column 2");
    }

    @Test
    void missingFileIsNamed() {
        int rc = run("score", "--hyp", dir.resolve("nope.txt").toString(), "--ref", "x");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("nope.txt: no such file");
    }
}
