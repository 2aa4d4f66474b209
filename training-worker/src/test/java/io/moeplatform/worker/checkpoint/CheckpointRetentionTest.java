package io.moeplatform.worker.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moeplatform.worker.checkpoint.CheckpointRetention.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheckpointRetentionTest {

    private final List<Candidate> candidates = new ArrayList<>();

    private UUID add(long step, Double loss) {
        UUID id = UUID.randomUUID();
        candidates.add(new Candidate(id, step, loss));
        return id;
    }

    @Test
    void keepsTheUnionOfNewestAndBest() {
        UUID a = add(100, 1.0);
        UUID b = add(200, 3.0);
        UUID c = add(300, null);
        UUID d = add(400, 2.0);
        assertThat(CheckpointRetention.keep(candidates, 1, 1)).containsExactlyInAnyOrder(d, a);
        assertThat(CheckpointRetention.keep(candidates, 2, 0)).containsExactlyInAnyOrder(c, d);
        assertThat(CheckpointRetention.keep(candidates, 1, 3))
                .as("no loss never counts as best")
                .containsExactlyInAnyOrder(a, b, d);
        assertThat(CheckpointRetention.keep(candidates, 10, 10)).hasSize(4);
    }

    @Test
    void tiesInLossKeepTheNewer() {
        add(100, 1.0);
        UUID newer = add(200, 1.0);
        UUID last = add(300, 5.0);
        assertThat(CheckpointRetention.keep(candidates, 1, 1)).containsExactlyInAnyOrder(newer, last);
    }

    @Test
    void refusesToKeepNothing() {
        assertThatThrownBy(() -> CheckpointRetention.keep(candidates, 0, 1)).hasMessageContaining("keepLast (0)");
        assertThatThrownBy(() -> CheckpointRetention.keep(candidates, 1, -1)).hasMessageContaining("keepBest (-1)");
    }
}
