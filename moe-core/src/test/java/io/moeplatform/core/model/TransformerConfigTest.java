package io.moeplatform.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moeplatform.core.gate.GateConfig;
import org.junit.jupiter.api.Test;

class TransformerConfigTest {

    @Test
    void buildErrorsNameTheFieldAndValues() {
        assertThatThrownBy(() -> TransformerConfig.builder().build())
                .hasMessage("vocabSize is required (setVocabSize)");
        assertThatThrownBy(() -> TransformerConfig.builder()
                        .setVocabSize(10)
                        .optModelDim(30)
                        .optHeads(4)
                        .build())
                .hasMessage("modelDim (30) not divisible by heads (4)");
        assertThatThrownBy(() -> TransformerConfig.builder()
                        .setVocabSize(10)
                        .optGate(GateConfig.builder().setExperts(2).optTopK(3).build())
                        .build())
                .hasMessage("topK (3) > experts (2)");
        assertThatThrownBy(() -> TransformerConfig.builder()
                        .setVocabSize(10)
                        .optExpertsPrototyping(true)
                        .optGate(GateConfig.builder().setExperts(6).optTopK(4).build())
                        .build())
                .hasMessage("experts (6) not divisible by topK (4) for expertsPrototyping");
        assertThatThrownBy(() -> TransformerConfig.builder()
                        .setVocabSize(10)
                        .optPadId(10)
                        .build())
                .hasMessage("padId (10) outside vocabulary [0, 10)");
        assertThatThrownBy(() -> TransformerConfig.builder()
                        .setVocabSize(10)
                        .optLabelSmoothing(1.0)
                        .build())
                .hasMessage("labelSmoothing (1.0) must be in [0, 1)");
    }

    @Test
    void moeEveryPlacesExpertsOnEveryOtherLayerByDefault() {
        TransformerConfig config =
                TransformerConfig.builder().setVocabSize(10).optEncoderLayers(4).build();
        assertThat(config.isMoeLayer(0)).isFalse();
        assertThat(config.isMoeLayer(1)).isTrue();
        assertThat(config.isMoeLayer(2)).isFalse();
        assertThat(config.isMoeLayer(3)).isTrue();
        TransformerConfig dense = config.toBuilder().optMoeEvery(0).build();
        assertThat(dense.isMoeLayer(1)).isFalse();
        assertThat(config.ffnHidden()).isEqualTo(4 * config.modelDim());
    }
}
