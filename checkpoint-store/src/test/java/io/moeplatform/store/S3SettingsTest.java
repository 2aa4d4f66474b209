package io.moeplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3SettingsTest {
    @Test
    void nullRegionBecomesUsEast1() {
        assertThat(new S3Settings("http://h:9000", "a", "s", "b", null).region())
                .isEqualTo("us-east-1");
        assertThat(new S3Settings("http://h:9000", "a", "s", "b", "eu-west-1").region())
                .isEqualTo("eu-west-1");
    }

    @Test
    void toStringMasksTheSecret() {
        assertThat(new S3Settings("http://h:9000", "a", "top-secret", "b", null).toString())
                .doesNotContain("top-secret")
                .contains("http://h:9000", "bucket=b");
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> new S3Settings("h:9000", "a", "s", "b", null)).hasMessageContaining("'h:9000'");
        assertThatThrownBy(() -> new S3Settings("http://h:9000", "a", "s", " ", null))
                .hasMessageContaining("'bucket'");
    }
}
