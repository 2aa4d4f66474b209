package io.moeplatform.platform.checkpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Checkpoint download settings, under {@code moe.checkpoints}.
 *
 * @param verifyBeforeSend shards up to this size (default 64MB) are read and verified into a
 *     temporary file before the first byte is sent, so a corrupted one gets a clean 500 problem;
 *     larger shards are streamed and, if corrupted, cut short (the connection is closed before the
 *     last chunk)
 */
@ConfigurationProperties("moe.checkpoints")
public record CheckpointProperties(@DefaultValue("64MB") DataSize verifyBeforeSend) {}
