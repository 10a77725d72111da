-- V4: statistics, Delta snapshot identity, scan config and protocol compatibility.
-- Statistics: the physical plan's root and per-scan statistics with their precision and provenance, and the cost
-- summary derived from them. Delta: for every Delta table of a capture, the snapshot identity (location, version,
-- commit time, table id, protocol, schema, partitioning, properties, file-set hash), the scan configuration and the
-- protocol gate's outcome (compatible / downgraded with its reason); delta_snapshot_hash enters plan identity.

CREATE TABLE plan_statistics (
    content_key     bytea       PRIMARY KEY,
    statistics_hash text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE delta_snapshot (
    content_key         bytea       PRIMARY KEY,
    delta_snapshot_hash text        NOT NULL,
    payload             jsonb       NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE capture
    ADD COLUMN statistics_key     bytea REFERENCES plan_statistics (content_key),
    -- NULL when no Delta table takes part in the plan.
    ADD COLUMN delta_snapshot_key bytea REFERENCES delta_snapshot (content_key);
