package io.moeplatform.platform.job;

import io.moeplatform.platform.services.ProcessServices;
import java.util.List;

/**
 * {@link TrainingFlowIT} (submit, train to SUCCEEDED, download the checkpoint through the API)
 * on the PostgreSQL and S3 server processes of {@link ProcessServices}, run in every build. The
 * platform and its worker get the servers' URLs as command-line settings, as a user would give them.
 */
class TrainingFlowOnProcessServicesIT extends TrainingFlowIT {

    @Override
    protected List<String> services() {
        return ProcessServices.shared().platformArgs("moe_training", "moe-training");
    }
}
