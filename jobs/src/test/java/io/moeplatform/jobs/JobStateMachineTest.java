package io.moeplatform.jobs;

import static io.moeplatform.jobs.JobState.CANCELLED;
import static io.moeplatform.jobs.JobState.FAILED;
import static io.moeplatform.jobs.JobState.QUEUED;
import static io.moeplatform.jobs.JobState.RUNNING;
import static io.moeplatform.jobs.JobState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStateMachineTest {

    @Test
    void theLifecycleHasExactlyTheDocumentedEdges() {
        Set<String> edges = new TreeSet<>();
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                if (JobStateMachine.allowed(from, to)) {
                    edges.add(from + ">" + to);
                }
            }
        }
        assertThat(edges)
                .containsExactlyInAnyOrder(
                        "QUEUED>RUNNING",
                        "QUEUED>CANCELLED",
                        "RUNNING>SUCCEEDED",
                        "RUNNING>FAILED",
                        "RUNNING>CANCELLED",
                        "RUNNING>QUEUED",
                        "FAILED>QUEUED",
                        "CANCELLED>QUEUED");
        assertThatThrownBy(() -> JobStateMachine.check(SUCCEEDED, QUEUED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a job cannot go from SUCCEEDED to QUEUED");
    }

    @Test
    void aRunEndsAsAskedUnlessItGoesBackToTheQueueWithACancelPending() {
        for (JobState to : EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED)) {
            assertThat(JobStateMachine.runEnded(to, false)).isEqualTo(to);
        }
        assertThat(JobStateMachine.runEnded(QUEUED, true)).isEqualTo(CANCELLED);
        assertThat(JobStateMachine.runEnded(SUCCEEDED, true)).isEqualTo(SUCCEEDED);
        assertThat(JobStateMachine.runEnded(FAILED, true)).isEqualTo(FAILED);
        assertThatThrownBy(() -> JobStateMachine.runEnded(RUNNING, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not RUNNING");
    }

    @Test
    void aLostLeaseCountsAsAnAttempt() {
        assertThat(JobStateMachine.leaseLost(false, 1, 3)).isEqualTo(QUEUED);
        assertThat(JobStateMachine.leaseLost(false, 2, 3)).isEqualTo(QUEUED);
        assertThat(JobStateMachine.leaseLost(false, 3, 3)).isEqualTo(FAILED);
        assertThat(JobStateMachine.leaseLost(false, 4, 3)).isEqualTo(FAILED);
        assertThat(JobStateMachine.leaseLost(false, 1, 1)).isEqualTo(FAILED);
        assertThat(JobStateMachine.leaseLost(true, 1, 3)).isEqualTo(CANCELLED);
        assertThat(JobStateMachine.leaseLost(true, 3, 3)).isEqualTo(CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void cancelAndResumeFollowTheEdges(JobState from) {
        JobStateMachine.Cancel cancel = JobStateMachine.cancel(from);
        switch (from) {
            case QUEUED -> assertThat(cancel).isEqualTo(JobStateMachine.Cancel.NOW);
            case RUNNING -> assertThat(cancel).isEqualTo(JobStateMachine.Cancel.FLAGGED);
            default -> assertThat(cancel).isEqualTo(JobStateMachine.Cancel.REFUSED);
        }
        if (cancel != JobStateMachine.Cancel.REFUSED) {
            assertThat(JobStateMachine.allowed(from, CANCELLED)).isTrue();
        }
        assertThat(JobStateMachine.resumable(from)).isEqualTo(from == FAILED || from == CANCELLED);
    }
}
