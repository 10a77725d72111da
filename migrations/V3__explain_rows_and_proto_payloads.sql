-- V3: EXPLAIN rows and proto payloads.
-- EXPLAIN becomes data: the engine's explain document plus one row per (format, ordinal) exactly as DataFusion
-- produced it, instead of JSON blobs on the plan. The logical, optimized logical and physical plans are kept as
-- datafusion-proto bytes beside the Substrait plan. The legacy explain_*_json columns are no longer written.

CREATE TABLE explain_document (
    content_key  bytea       PRIMARY KEY,
    -- NULL only for explains moved from the legacy V1 columns (V6), which were never hashed.
    explain_hash text,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE explain_row (
    explain_key bytea NOT NULL REFERENCES explain_document (content_key),
    format      text  NOT NULL CHECK (format IN ('tree', 'indent', 'verbose')),
    ordinal     int   NOT NULL CHECK (ordinal >= 0),
    plan_type   text  NOT NULL,
    plan        text  NOT NULL,
    PRIMARY KEY (explain_key, format, ordinal)
);

ALTER TABLE plan_artifact
    ADD COLUMN logical_proto           bytea,
    ADD COLUMN optimized_logical_proto bytea,
    ADD COLUMN physical_proto          bytea;

ALTER TABLE capture ADD COLUMN explain_key bytea REFERENCES explain_document (content_key);
