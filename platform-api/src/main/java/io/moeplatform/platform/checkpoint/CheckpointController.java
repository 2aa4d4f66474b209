package io.moeplatform.platform.checkpoint;

import io.moeplatform.platform.checkpoint.CheckpointRepository.Row;
import io.moeplatform.platform.team.Caller;
import io.moeplatform.platform.web.ApiException;
import io.moeplatform.store.CorruptObjectException;
import io.moeplatform.store.ObjectNotFoundException;
import io.moeplatform.store.StoredObject;
import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.ShardInfo;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkpoints of the caller's team's jobs: list per job, manifest, shard download, whole
 * checkpoint as a tar archive, delete. Downloads go through the store's verifying streams and
 * carry the manifest's digest ({@code Repr-Digest}, RFC 9530) so that clients can check too.
 */
@RestController
class CheckpointController {

    private static final Logger log = LoggerFactory.getLogger(CheckpointController.class);

    private final CheckpointRepository rows;
    private final CheckpointObjects objects;
    private final long verifyBeforeSend;

    CheckpointController(CheckpointRepository rows, CheckpointObjects objects, CheckpointProperties properties) {
        this.rows = rows;
        this.objects = objects;
        this.verifyBeforeSend = properties.verifyBeforeSend().toBytes();
    }

    @GetMapping("/api/v1/jobs/{jobId}/checkpoints")
    List<CheckpointView> list(Caller caller, @PathVariable UUID jobId) {
        if (!rows.jobVisible(caller.teamId(), jobId)) {
            throw ApiException.notFound("job", jobId);
        }
        return rows.byJob(jobId).stream().map(CheckpointController::view).toList();
    }

    @GetMapping("/api/v1/checkpoints/{id}")
    CheckpointView.Detail get(Caller caller, @PathVariable UUID id) {
        Row row = find(caller, id);
        CheckpointManifest m = manifest(row);
        return new CheckpointView.Detail(
                row.id(),
                row.jobId(),
                row.step(),
                row.valLoss(),
                m.totalSize(),
                row.parentId(),
                row.createdAt(),
                m.formatVersion(),
                m.shards().stream()
                        .map(s -> new CheckpointView.Shard(s.name(), s.size(), s.sha256()))
                        .toList(),
                m.metadata());
    }

    /**
     * One shard. Small shards are verified completely before the response starts; large ones are
     * streamed and cut short if their content does not match the manifest's SHA-256.
     */
    @GetMapping("/api/v1/checkpoints/{id}/shards/{*name}")
    void shard(Caller caller, @PathVariable UUID id, @PathVariable String name, HttpServletResponse response)
            throws IOException {
        String shardName = name.startsWith("/") ? name.substring(1) : name;
        Row row = find(caller, id);
        CheckpointManifest m = manifest(row);
        ShardInfo shard = m.shards().stream()
                .filter(s -> s.name().equals(shardName))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("shard", shardName));
        response.setContentType("application/octet-stream");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName(shard.name()) + "\"");
        response.setHeader("Repr-Digest", "sha-256=:" + base64(shard.sha256()) + ":");
        response.setHeader("ETag", "\"" + shard.sha256() + "\"");
        if (shard.size() <= verifyBeforeSend) {
            Path temp = Files.createTempFile("moe-shard-", ".part");
            try {
                try {
                    objects.objects().download(shard.key(), temp, shard.sha256());
                } catch (CorruptObjectException e) {
                    throw corrupt(row, shard, e);
                } catch (ObjectNotFoundException e) {
                    throw missing(row, shard);
                }
                response.setContentLengthLong(Files.size(temp));
                Files.copy(temp, response.getOutputStream());
            } finally {
                Files.deleteIfExists(temp);
            }
            return;
        }
        InputStream in;
        try {
            in = objects.store().openShard(m, shard.name());
        } catch (ObjectNotFoundException e) {
            throw missing(row, shard);
        } catch (CorruptObjectException e) {
            // the object's recorded digest differs from the manifest's: known before any byte is sent
            throw corrupt(row, shard, e);
        }
        response.setContentLengthLong(shard.size());
        try (in) {
            VerifiedCopy.copy(in, response.getOutputStream());
        } catch (CorruptObjectException e) {
            // Bytes are on their way already: all we can do is not finish the response.
            log.error(
                    "Checkpoint {} shard {} is corrupted; download cut short: {}",
                    row.id(),
                    shard.name(),
                    e.getMessage());
            throw e;
        }
    }

    /**
     * The whole checkpoint as a tar archive: {@code step-<step>/manifest.json}, then every shard
     * under {@code step-<step>/}. Its Content-Length is exact; a shard that fails verification
     * while being sent ends the response short of it.
     */
    @GetMapping("/api/v1/checkpoints/{id}/archive")
    void archive(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        Row row = find(caller, id);
        CheckpointManifest m = manifest(row);
        byte[] manifestJson;
        try {
            manifestJson = objects.objects().getBytes(m.manifestKey());
        } catch (ObjectNotFoundException e) {
            throw unavailable(row, "its manifest " + m.manifestKey() + " is gone");
        }
        // Shards whose recorded digest already differs from the manifest's (or that are gone) are
        // refused before the response starts; other damage shows only while reading, see below.
        for (ShardInfo s : m.shards()) {
            StoredObject stored = objects.objects().stat(s.key()).orElseThrow(() -> missing(row, s));
            if (!s.sha256().equals(stored.sha256())) {
                throw corrupt(
                        row,
                        s,
                        new CorruptObjectException("recorded digest differs", s.key(), s.sha256(), stored.sha256()));
            }
        }
        String dir = "step-" + row.step() + "/";
        long length =
                TarWriter.entryLength(dir + CheckpointManifest.FILE_NAME, manifestJson.length) + TarWriter.END_LENGTH;
        for (ShardInfo s : m.shards()) {
            length += TarWriter.entryLength(dir + s.name(), s.size());
        }
        response.setContentType("application/x-tar");
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"checkpoint-" + row.id() + "-step-" + row.step() + ".tar\"");
        response.setContentLengthLong(length);
        OutputStream out = response.getOutputStream();
        out.write(TarWriter.header(dir + CheckpointManifest.FILE_NAME, manifestJson.length));
        out.write(manifestJson);
        TarWriter.pad(out, manifestJson.length);
        for (ShardInfo s : m.shards()) {
            out.write(TarWriter.header(dir + s.name(), s.size()));
            try (InputStream in = objects.store().openShard(m, s.name())) {
                long copied = VerifiedCopy.copy(in, out);
                if (copied != s.size()) {
                    throw new IOException("shard " + s.name() + " has " + copied + " bytes, manifest says " + s.size());
                }
            } catch (RuntimeException | IOException e) {
                log.error("Archive of checkpoint {} cut short at shard {}: {}", row.id(), s.name(), e.getMessage());
                throw e;
            }
            TarWriter.pad(out, s.size());
        }
        TarWriter.end(out);
    }

    /**
     * Deletes the checkpoint: objects first (manifest, then shards; missing ones are fine), then
     * its rows. A delete interrupted half-way completes when repeated; once done, the checkpoint is
     * not found.
     */
    @DeleteMapping("/api/v1/checkpoints/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable UUID id) {
        objects.delete(find(caller, id));
    }

    private Row find(Caller caller, UUID id) {
        return rows.find(caller.teamId(), id).orElseThrow(() -> ApiException.notFound("checkpoint", id));
    }

    private CheckpointManifest manifest(Row row) {
        return objects.manifest(row)
                .orElseThrow(() -> unavailable(row, "its manifest " + row.manifestKey() + " is missing or unreadable"));
    }

    static CheckpointView view(Row r) {
        return new CheckpointView(r.id(), r.jobId(), r.step(), r.valLoss(), r.sizeBytes(), r.parentId(), r.createdAt());
    }

    private static ApiException unavailable(Row row, String why) {
        return new ApiException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "checkpoint-unavailable",
                "checkpoint " + row.id() + " (step " + row.step() + ") cannot be read: " + why,
                Map.of("checkpoint", row.id().toString()));
    }

    private static ApiException missing(Row row, ShardInfo shard) {
        return unavailable(row, "shard " + shard.name() + " is missing from the object store");
    }

    private static ApiException corrupt(Row row, ShardInfo shard, CorruptObjectException e) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("checkpoint", row.id().toString());
        properties.put("shard", shard.name());
        properties.put("expectedSha256", shard.sha256());
        if (e.actualSha256() != null) {
            properties.put("actualSha256", e.actualSha256());
        }
        return new ApiException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "corrupt-checkpoint",
                "shard " + shard.name() + " of checkpoint " + row.id() + " does not match its SHA-256 "
                        + shard.sha256(),
                properties);
    }

    private static String fileName(String shardName) {
        return shardName.substring(shardName.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
