package io.moeplatform.platform.web;

import io.moeplatform.platform.team.Caller;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for POST requests: the first request with a key runs; a retry with the
 * same key and the same request gets the first response, and nothing is created twice.
 *
 * <p>The key's row is inserted in the same transaction as the resource. A concurrent retry's
 * insert then waits on that row's lock (PostgreSQL's unique-index check) until the first
 * commits, and reads its stored response; if the first fails, its row goes with it and the retry
 * runs. The same key with a different request is a 422.
 */
@Component
public class Idempotency {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    Idempotency(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    /**
     * Runs {@code action} once per (team, key). With no key it just runs it.
     *
     * @param requestHash identifies the request's content, to refuse a key reused for another one
     * @param redact turns the response into the form stored for replay (to keep secrets out)
     */
    public ResponseEntity<?> execute(
            Caller caller,
            String key,
            String requestHash,
            Supplier<ResponseEntity<?>> action,
            UnaryOperator<Object> redact) {
        if (key == null || key.isBlank()) {
            return tx.execute(status -> action.get());
        }
        if (key.length() > 200) {
            throw ApiException.invalid("Idempotency-Key", "longer than 200 characters");
        }
        return tx.execute(status -> {
            int inserted = jdbc.sql("INSERT INTO idempotency_keys (team_id, key, request_hash) VALUES (?, ?, ?)"
                            + " ON CONFLICT DO NOTHING")
                    .params(caller.teamId(), key, requestHash)
                    .update();
            if (inserted == 0) {
                return replay(caller, key, requestHash);
            }
            ResponseEntity<?> response = action.get();
            jdbc.sql("UPDATE idempotency_keys SET status = ?, response_body = ? WHERE team_id = ? AND key = ?")
                    .params(
                            response.getStatusCode().value(),
                            json.writeValueAsString(redact.apply(response.getBody())),
                            caller.teamId(),
                            key)
                    .update();
            return response;
        });
    }

    private ResponseEntity<?> replay(Caller caller, String key, String requestHash) {
        record Stored(String hash, Integer status, String body) {}
        Optional<Stored> stored = jdbc.sql(
                        "SELECT request_hash, status, response_body FROM idempotency_keys WHERE team_id = ? AND key = ?")
                .params(caller.teamId(), key)
                .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)))
                .optional();
        if (stored.isEmpty() || stored.get().status() == null) {
            throw ApiException.conflict(
                    "idempotency-key-in-use",
                    "a request with this Idempotency-Key is still running",
                    Map.of("key", key));
        }
        if (!stored.get().hash().equals(requestHash)) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "idempotency-key-reused",
                    "Idempotency-Key " + key + " was used for a different request",
                    Map.of("field", "Idempotency-Key"));
        }
        return ResponseEntity.status(stored.get().status())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotent-Replayed", "true")
                .body(stored.get().body());
    }
}
