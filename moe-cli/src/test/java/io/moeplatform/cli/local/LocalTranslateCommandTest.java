package io.moeplatform.cli.local;

import static io.moeplatform.cli.local.LocalTrainCommandTest.corpus;
import static io.moeplatform.cli.local.LocalTrainCommandTest.moe;
import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.cli.local.LocalTrainCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moe local translate --beam N --length-penalty A}. */
class LocalTranslateCommandTest {

    @Test
    void aBeamBelowOneOrANegativeLengthPenaltyIsRefusedNamingTheField(@TempDir Path dir) {
        Run beam = moe("local", "translate", "-c", dir.toString(), "--to", "de", "--beam", "0", "x");
        assertThat(beam.exit()).isEqualTo(2);
        assertThat(beam.err()).contains("beamSize (0) must be at least 1");
        Run alpha = moe(
                "local", "translate", "-c", dir.toString(), "--to", "de", "--beam", "4", "--length-penalty", "-1", "x");
        assertThat(alpha.exit()).isEqualTo(2);
        assertThat(alpha.err()).contains("lengthPenalty (-1.0) must be finite and >= 0");
    }

    @Test
    void translatesWithABeamOneLinePerSentence(@TempDir Path dir) throws Exception {
        corpus(dir);
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, """
        corpus: small.tsv
        model: {dModel: 32, heads: 2, encoderLayers: 1, decoderLayers: 2, ffnHidden: 64, vocabSize: 300, maxLength: 12}
        moe: {experts: 4, topK: 2, moeEvery: 2}
        schedule: {steps: 2, batchTokens: 200, warmupSteps: 1, learningRate: 0.003}
        checkpoint: {intervalSteps: 2, keepLast: 1}
        """);
        Run trained = moe("local", "train", config.toString(), "--bleu-sentences", "0");
        assertThat(trained.exit()).as(trained.err()).isZero();
        Path checkpoint;
        try (var found = Files.walk(dir)) {
            checkpoint = found.filter(p -> p.getFileName().toString().equals("step-000000002"))
                    .findFirst()
                    .orElseThrow();
        }
        Run beamed = moe(
                "local",
                "translate",
                "-c",
                checkpoint.toString(),
                "--to",
                "de",
                "--beam",
                "3",
                "--length-penalty",
                "0.6",
                "File not found",
                "Save changes?");
        assertThat(beamed.exit()).as(beamed.err()).isZero();
        assertThat(beamed.out().lines().count()).isEqualTo(2);
    }
}
