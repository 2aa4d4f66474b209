package io.moeplatform.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTokenizerTest {

    static BpeTokenizer tok;

    @BeforeAll
    static void train() {
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            text.add("The quick brown fox jumps over the lazy dog " + i);
            text.add("Der schnelle braune Fuchs springt über den faulen Hund");
            text.add("敏捷的棕色狐狸跳过了懒狗");
        }
        tok = BpeTrainer.builder()
                .setLanguages(List.of("de", "zh-CN"))
                .optVocabSize(500)
                .build()
                .train(text);
    }

    @Test
    void decodeInvertsEncode() {
        for (String s : List.of(
                "The quick brown fox",
                "  spaces  and\ttabs\n",
                "Größe über 100 €",
                "敏捷的棕色狐狸 and 😀 emoji",
                "unseen wörds ÿ ŀ",
                "")) {
            assertThat(tok.decode(tok.encode(s), true)).as(s).isEqualTo(s);
        }
    }

    @Test
    void frequentWordsBecomeSingleTokens() {
        assertThat(tok.tokenize("The quick brown fox")).containsExactly("The", "Ġquick", "Ġbrown", "Ġfox");
    }

    @Test
    void specialTokensInTextAndSourceTargetFraming() {
        int[] ids = tok.encode("<2de>Hallo</s>");
        assertThat(ids[0]).isEqualTo(tok.id("<2de>"));
        assertThat(ids[ids.length - 1]).isEqualTo(2);
        int[] src = tok.encodeSource("Hello", "zh-CN");
        assertThat(src[0]).isEqualTo(tok.id("<2zh-CN>"));
        assertThat(src[src.length - 1]).isEqualTo(tok.id(SpecialTokens.EOS));
        int[] tgt = tok.encodeTarget("Hallo");
        assertThat(tgt[0]).isEqualTo(1);
        assertThat(tok.decode(tgt, true)).isEqualTo("Hallo");
        assertThat(tok.decode(tgt, false)).isEqualTo("<s>Hallo</s>");
        assertThatThrownBy(() -> tok.encodeSource("x", "fr"))
                .hasMessage("no language tag <2fr> in the vocabulary; it has [de, zh-CN]");
    }

    @Test
    void saveAndLoadKeepIds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        tok.save(file);
        BpeTokenizer loaded = BpeTokenizer.load(file);
        String s = "Der schnelle braune Fuchs 敏捷的 jumps 42";
        assertThat(loaded.encode(s)).containsExactly(tok.encode(s));
        assertThat(loaded.toJson()).isEqualTo(tok.toJson());
    }

    @Test
    void byteLevelMapping() {
        assertThat(ByteLevel.toByteChars(" a\n")).isEqualTo("ĠaĊ");
        assertThat(ByteLevel.preTokenize("I'm here,  ok")).containsExactly("I", "'m", "Ġhere", ",", "Ġ", "Ġok");
        assertThat(ByteLevel.decode(ByteLevel.toByteChars("ü€"))).isEqualTo("ü€");
    }
}
