package io.moeplatform.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.core.train.NonFiniteLossException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void aNonFiniteLossAnywhereInTheCausesIsNotRetried() {
        NonFiniteLossException nan = new NonFiniteLossException(12, Double.NaN, Double.NaN);
        assertThat(FailureKind.retryable(nan)).isFalse();
        assertThat(FailureKind.retryable(new IllegalStateException("step failed", new RuntimeException(nan))))
                .isFalse();
    }

    @Test
    void otherFailuresAreRetried() {
        assertThat(FailureKind.retryable(new UncheckedIOException(new java.io.IOException("connection reset"))))
                .isTrue();
        assertThat(FailureKind.retryable(new OutOfMemoryError("Java heap space")))
                .isTrue();
    }
}
