package io.moeplatform.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTagsTest {

    private final LanguageTags tags = LanguageTags.standard();

    @ParameterizedTest
    @CsvSource({
        "de,de",
        "deu,de",
        "DE,de",
        "pt-BR,pt-BR",
        "pt-br,pt-BR",
        "zh-Hans,zh-Hans",
        "zh-hans-cn,zh-Hans-CN",
        "sr-Latn,sr-Latn",
        "es-419,es-419",
        "ca-valencia,ca-valencia",
        "yue,yue",
        "ast,ast"
    })
    void validTagsNormalize(String in, String out) {
        assertThat(tags.normalize(in)).isEqualTo(out);
    }

    @Test
    void invalidTagsNameTheSubtag() {
        assertThatThrownBy(() -> tags.normalize("xx"))
                .hasMessage("unknown language code 'xx' ('xx' is not an ISO 639-1 or 639-3 code)");
        assertThatThrownBy(() -> tags.normalize("pt_BR")).hasMessageContaining("('pt-BR')");
        assertThatThrownBy(() -> tags.normalize("en-Abcd")).hasMessageContaining("unknown script 'Abcd'");
        assertThatThrownBy(() -> tags.normalize("en-ZZ")).hasMessageContaining("unknown region 'ZZ'");
        assertThatThrownBy(() -> tags.normalize("english")).hasMessageContaining("unknown language");
        assertThatThrownBy(() -> tags.normalize("en-x-private")).hasMessageContaining("unexpected subtag 'x'");
        assertThat(tags.isValid("")).isFalse();
    }

    @Test
    void gettextLocalesBecomeBcp47() {
        assertThat(GettextHeader.toBcp47("pt_BR")).isEqualTo("pt-BR");
        assertThat(GettextHeader.toBcp47("sr@latin")).isEqualTo("sr-Latn");
        assertThat(GettextHeader.toBcp47("uz_UZ@cyrillic")).isEqualTo("uz-Cyrl-UZ");
        assertThat(GettextHeader.toBcp47("ca@valencia")).isEqualTo("ca-valencia");
        assertThat(GettextHeader.toBcp47("de_DE.UTF-8")).isEqualTo("de-DE");
    }
}
