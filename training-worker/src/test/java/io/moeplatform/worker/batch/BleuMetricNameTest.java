package io.moeplatform.worker.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.core.data.LanguagePair;
import org.junit.jupiter.api.Test;

/** The BLEU series of a pair is named {@code bleu/} and the pair's key, hyphenated tags included. */
class BleuMetricNameTest {

    @Test
    void bleuMetricNamesCarryTheLanguagePairKey() {
        assertThat(RunSteps.bleuMetric(new LanguagePair("en", "de"))).isEqualTo("bleu/en>de");
        assertThat(RunSteps.bleuMetric(new LanguagePair("en", "pt-BR"))).isEqualTo("bleu/en>pt-BR");
        assertThat(RunSteps.bleuMetric(new LanguagePair("zh-Hant", "en"))).isEqualTo("bleu/zh-Hant>en");
        assertThat(RunSteps.bleuMetric(new LanguagePair("sr-Latn-RS", "de"))).isEqualTo("bleu/sr-Latn-RS>de");
        String name = RunSteps.bleuMetric(new LanguagePair("sr-Latn-RS", "de"));
        assertThat(LanguagePair.parse(name.substring(RunSteps.BLEU_PREFIX.length())))
                .isEqualTo(new LanguagePair("sr-Latn-RS", "de"));
    }
}
