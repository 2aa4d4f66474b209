package io.moeplatform.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    /**
     * Hand-worked: pieces "low"×3, "Ġlow"×3 ("Ġ" is the byte-level space), "Ġlowest"×1. Pair counts:
     * (l,o) 7, (o,w) 7, (Ġ,l) 4, (w,e) (e,s) (s,t) 1. The tie (l,o)=(o,w)=7 goes to the lower ids: 'l'
     * (0x6C) &lt; 'o' (0x6F), so "lo" first; then (lo,w) 7 → "low"; then (Ġ,low) 4 → "Ġlow". With
     * minFrequency 2 nothing else merges.
     */
    @Test
    void handWorkedMerges() {
        List<String> text = List.of("low low low lowest", "low", "low");
        BpeTokenizer tok = BpeTrainer.builder()
                .setLanguages(List.of())
                .optVocabSize(1000)
                .build()
                .train(text);
        assertThat(tok.merges()).extracting(m -> m[0] + "+" + m[1]).containsExactly("l+o", "lo+w", "Ġ+low");
        assertThat(tok.vocabSize()).isEqualTo(4 + 256 + 3);
        assertThat(tok.tokenize("low lowest")).containsExactly("low", "Ġlow", "e", "s", "t");
    }

    @Test
    void deterministicWhateverTheOrder() {
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            text.add("sentence number " + i + " with größe and 日本語 " + (i % 7));
        }
        BpeTrainer trainer = BpeTrainer.builder()
                .setLanguages(List.of("de", "ja"))
                .optVocabSize(400)
                .build();
        String a = trainer.train(text).toJson();
        Collections.shuffle(text, new Random(42));
        assertThat(trainer.train(text).toJson()).isEqualTo(a);
    }

    @Test
    void vocabularyLayoutAndSize() {
        List<String> text = Collections.nCopies(10, "abcdefghij klmnopqrst uvwxyz");
        BpeTokenizer tok = BpeTrainer.builder()
                .setLanguages(List.of("fr", "de"))
                .optVocabSize(270)
                .build()
                .train(text);
        assertThat(tok.vocabSize()).isEqualTo(270);
        assertThat(tok.token(0)).isEqualTo("<pad>");
        assertThat(tok.token(3)).isEqualTo("<unk>");
        assertThat(tok.token(4)).isEqualTo("<2de>");
        assertThat(tok.token(5)).isEqualTo("<2fr>");
        assertThat(tok.token(6)).isEqualTo("Ā"); // byte 0x00
        assertThat(tok.languages()).containsExactly("de", "fr");
    }

    @Test
    void builderNamesTheFieldAtFault() {
        assertThatThrownBy(() -> BpeTrainer.builder()
                        .setLanguages(List.of("de"))
                        .optVocabSize(100)
                        .build())
                .hasMessage("vocabSize (100) must exceed the 261 special, language and byte tokens");
        assertThatThrownBy(() -> BpeTrainer.builder().build()).hasMessageContaining("languages must be set");
    }
}
