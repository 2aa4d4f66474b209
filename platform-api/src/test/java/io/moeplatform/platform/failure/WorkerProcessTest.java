package io.moeplatform.platform.failure;

import io.moeplatform.platform.failure.Failures.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that run training workers as real processes against the shared in-process
 * platform: every worker a test starts is killed after it, and jobs it left unfinished are
 * abandoned so that the next test's workers cannot pick them up.
 */
abstract class WorkerProcessTest {

    @TempDir
    Path dir;

    Platform platform;
    final List<ChildJvm> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(ChildJvm::close);
        if (platform != null) {
            platform.abandonUnfinishedJobs();
        }
    }
}
