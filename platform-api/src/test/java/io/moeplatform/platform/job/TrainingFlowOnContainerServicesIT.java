package io.moeplatform.platform.job;

import io.moeplatform.platform.services.ContainerServices;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TrainingFlowIT} on the PostgreSQL and S3 containers of {@link ContainerServices};
 * skipped where no Docker engine answers, failed then when {@code MOE_REQUIRE} names docker.
 */
@ExtendWith(ContainerServices.RequireDocker.class)
class TrainingFlowOnContainerServicesIT extends TrainingFlowIT {

    @Override
    protected List<String> services() {
        return ContainerServices.shared().platformArgs("moe_training", "moe-training");
    }
}
