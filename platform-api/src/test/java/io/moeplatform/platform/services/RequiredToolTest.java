package io.moeplatform.platform.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequiredToolTest {

    @Test
    void moeRequireIsACommaListOfToolNames() {
        assertThat(RequiredTool.required("docker", null)).isFalse();
        assertThat(RequiredTool.required("docker", "")).isFalse();
        assertThat(RequiredTool.required("docker", "docker")).isTrue();
        assertThat(RequiredTool.required("docker", "mpi, Docker")).isTrue();
        assertThat(RequiredTool.required("docker", "mpi,dockerd")).isFalse();
    }

    @Test
    void anAvailableToolRunsAndAMissingOneSkipsSayingWhy() {
        assertThat(RequiredTool.check("no-such-tool-xyz", true, "unused")).isNull();
        assertThat(RequiredTool.check("no-such-tool-xyz", false, "it is not installed"))
                .isEqualTo(
                        "Skipped: it is not installed (set MOE_REQUIRE=no-such-tool-xyz to make this a failure instead)");
    }
}
