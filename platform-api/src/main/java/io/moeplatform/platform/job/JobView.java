package io.moeplatform.platform.job;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A job as the API shows it. */
public record JobView(
        UUID id,
        String name,
        String kind,
        String state,
        UUID dataset,
        JsonNode spec,
        long step,
        long totalSteps,
        int attempt,
        boolean cancelRequested,
        UUID worker,
        long requiredMemoryBytes,
        String failureReason,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
