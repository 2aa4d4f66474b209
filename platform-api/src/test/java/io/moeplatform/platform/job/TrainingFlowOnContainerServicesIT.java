package io.moeplatform.platform.job;

import io.moeplatform.platform.services.ContainerServices;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TrainingFlowIT} on the PostgreSQL and S3 containers of {@link ContainerServices};
 * skipped where no Docker engine answers, failed then when {@code MOE_REQUIRE} names docker.
 */
@ExtendWith(ContainerServices.RequireDocker.class)
// Passes on its own (it did on the process servers); not yet on in every build because a second
// training in one JVM fails (the other one, TrainingFlowIT, then ends FAILED).
@Disabled("a second in-process training in one test JVM fails with 'a leaf Variable that requires grad is"
        + " being used in an in-place operation' (engine state kept between trainers); enable once fixed")
class TrainingFlowOnContainerServicesIT extends TrainingFlowIT {

    @Override
    protected List<String> services() {
        return ContainerServices.shared().platformArgs("moe_training", "moe-training");
    }
}
