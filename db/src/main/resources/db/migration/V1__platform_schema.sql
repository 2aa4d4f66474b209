-- MoE Platform schema v1. Every resource belongs to a team; rows reach their team directly
-- (team_id) or through their job or dataset. Identifiers are UUIDs so that they can be handed
-- out in URLs without revealing counts.

CREATE TABLE teams (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    admin       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Tokens are stored as the SHA-256 of the secret; the secret is shown once, when created.
CREATE TABLE api_tokens (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id       UUID NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    token_prefix  TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX api_tokens_team ON api_tokens (team_id);

CREATE TABLE datasets (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id      UUID NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    format       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('UPLOADING', 'READY', 'REJECTED', 'DELETING')),
    pairs        BIGINT NOT NULL DEFAULT 0,
    size_bytes   BIGINT NOT NULL DEFAULT 0,
    stats        JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (team_id, name)
);

CREATE TABLE dataset_files (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    dataset_id  UUID NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    object_key  TEXT NOT NULL,
    size_bytes  BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    lines       BIGINT NOT NULL DEFAULT 0,
    UNIQUE (dataset_id, file_name)
);

CREATE TABLE workers (
    id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name                 TEXT NOT NULL UNIQUE,
    host                 TEXT NOT NULL,
    devices              JSONB NOT NULL DEFAULT '[]'::jsonb,
    device_memory_bytes  BIGINT NOT NULL,
    host_memory_bytes    BIGINT NOT NULL,
    state                TEXT NOT NULL CHECK (state IN ('IDLE', 'BUSY', 'DRAINING', 'GONE')),
    registered_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_heartbeat_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id           UUID NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    dataset_id        UUID REFERENCES datasets (id) ON DELETE SET NULL,
    spec              JSONB NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    cancel_requested  BOOLEAN NOT NULL DEFAULT FALSE,
    worker_id         UUID REFERENCES workers (id) ON DELETE SET NULL,
    lease_expires_at  TIMESTAMPTZ,
    attempt           INT NOT NULL DEFAULT 0,
    step              BIGINT NOT NULL DEFAULT 0,
    total_steps       BIGINT NOT NULL,
    required_memory_bytes BIGINT NOT NULL DEFAULT 0,
    failure_reason    TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ
);
CREATE INDEX jobs_team_created ON jobs (team_id, created_at DESC);
-- The claim query scans queued jobs oldest first.
CREATE INDEX jobs_queued ON jobs (created_at) WHERE state = 'QUEUED';

-- Every state transition, with its reason: the audit trail of a job.
CREATE TABLE job_events (
    id          BIGSERIAL PRIMARY KEY,
    job_id      UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    worker_id   UUID,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX job_events_job ON job_events (job_id, id);

-- One row per (job, series, step): a resumed job that replays a step overwrites, never duplicates.
CREATE TABLE metrics (
    job_id       UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    step         BIGINT NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, name, step)
);

CREATE TABLE checkpoints (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id        UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    step          BIGINT NOT NULL,
    prefix        TEXT NOT NULL,
    manifest_key  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    val_loss      DOUBLE PRECISION,
    parent_id     UUID REFERENCES checkpoints (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (job_id, step)
);

CREATE TABLE checkpoint_shards (
    checkpoint_id  UUID NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    object_key     TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    PRIMARY KEY (checkpoint_id, name)
);
