-- Runs of several kinds share the job lifecycle and the queue: training now, pruning and
-- evaluation next. A worker claims only the kinds it serves (io.moeplatform.jobs.JobKind).
ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'TRAIN'
    CHECK (kind IN ('TRAIN', 'PRUNE', 'EVAL'));

-- The claim scans queued jobs of the kinds a worker serves, oldest first.
DROP INDEX jobs_queued;
CREATE INDEX jobs_queued ON jobs (kind, created_at) WHERE state = 'QUEUED';
