package io.moeplatform.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one key format of a language pair: {@code src>tgt}, unambiguous with hyphenated BCP 47 tags. */
class LanguagePairTest {

    @ParameterizedTest
    @CsvSource({
        "en,de,en>de",
        "en,pt-BR,en>pt-BR",
        "zh-Hant,en,zh-Hant>en",
        "sr-Latn-RS,de,sr-Latn-RS>de",
        "es-419,ca-valencia,es-419>ca-valencia",
        "en-pt,BR,en-pt>BR",
    })
    void keyRoundTripsWithHyphenatedTags(String src, String tgt, String key) {
        LanguagePair pair = new LanguagePair(src, tgt);
        assertThat(pair.key()).isEqualTo(key);
        assertThat(pair.toString()).isEqualTo(key);
        LanguagePair parsed = LanguagePair.parse(key);
        assertThat(parsed).isEqualTo(pair);
        assertThat(parsed.src()).isEqualTo(src);
        assertThat(parsed.tgt()).isEqualTo(tgt);
    }

    @Test
    void pairsThatAHyphenWouldConfuseHaveDistinctKeys() {
        LanguagePair enToPtBr = new LanguagePair("en", "pt-BR");
        LanguagePair enPtToBr = new LanguagePair("en-pt", "BR");
        assertThat(enToPtBr.key()).isNotEqualTo(enPtToBr.key());
        assertThat(LanguagePair.parse(enToPtBr.key())).isEqualTo(enToPtBr);
        assertThat(LanguagePair.parse(enPtToBr.key())).isEqualTo(enPtToBr);
    }

    @Test
    void keysHaveOneFormatWhetherOrNotATagHasAHyphen() {
        TreeMap<LanguagePair, Integer> pairs = new TreeMap<>();
        pairs.put(new LanguagePair("en", "pt-BR"), 1);
        pairs.put(new LanguagePair("en", "de"), 2);
        pairs.put(new LanguagePair("zh-Hant", "en"), 3);
        assertThat(pairs.keySet().stream().map(LanguagePair::key).toList())
                .isEqualTo(List.of("en>de", "en>pt-BR", "zh-Hant>en"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "en-de",
                "en-pt-BR",
                "",
                ">",
                "en>",
                ">de",
                "en>>de",
                "en>de>fr",
                "en >de",
                "en>pt_BR",
                "en>pt--BR",
                "en>-de"
            })
    void malformedKeysAreRefusedByName(String key) {
        assertThatThrownBy(() -> LanguagePair.parse(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("language pair key '" + key + "'")
                .hasMessageContaining("src>tgt");
    }

    @Test
    void theOldHyphenatedKeyIsRefusedSayingWhy() {
        assertThatThrownBy(() -> LanguagePair.parse("en-de"))
                .hasMessage("language pair key 'en-de' is not src>tgt (e.g. en>pt-BR): expected exactly one '>'");
        assertThatThrownBy(() -> LanguagePair.parse("en>pt_BR"))
                .hasMessage("language pair key 'en>pt_BR' is not src>tgt (e.g. en>pt-BR):"
                        + " the target 'pt_BR' is not a language tag");
        assertThatThrownBy(() -> LanguagePair.parse(null)).hasMessageContaining("null");
    }

    @Test
    void tagsThatWouldBreakTheKeyAreRefused() {
        assertThatThrownBy(() -> new LanguagePair("en>de", "fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source language tag 'en>de'");
        assertThatThrownBy(() -> new LanguagePair("en", "")).hasMessageContaining("target language tag ''");
        assertThatThrownBy(() -> new LanguagePair(null, "de")).hasMessageContaining("source language tag null");
    }
}
