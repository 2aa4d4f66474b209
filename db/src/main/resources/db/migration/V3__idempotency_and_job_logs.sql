-- A POST with an Idempotency-Key header is answered once: a retry with the same key gets the
-- stored response. The key row is inserted in the same transaction as the resource, so a
-- concurrent retry waits on the first one's row lock and then reads its response.
CREATE TABLE idempotency_keys (
    team_id        UUID NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status         INT,
    response_body  TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, key)
);

-- What a job's worker printed, in order.
CREATE TABLE job_logs (
    id          BIGSERIAL PRIMARY KEY,
    job_id      UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    level       TEXT NOT NULL,
    message     TEXT NOT NULL,
    worker_id   UUID,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX job_logs_job ON job_logs (job_id, id);
