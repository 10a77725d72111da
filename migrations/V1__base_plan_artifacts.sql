-- V1: base plan artifacts.
-- A capture says that a named plan was planned in an environment at a time. What was planned is content-addressed:
-- every payload is stored once under the SHA-256 of its content (content_key), and captures reference those keys,
-- so repeating the capture of an unchanged plan adds one small capture row and nothing else.

CREATE TABLE plan (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What the caller asked to plan: the SQL and its table references (Parquet, schema-only, views).
CREATE TABLE capture_request (
    content_key bytea       PRIMARY KEY,
    sql_text    text        NOT NULL,
    tables      jsonb       NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The plan itself: the engine's plans document (plan text per planning stage), the optimized logical plan as
-- Substrait, and the fingerprint over the canonical plan. EXPLAIN output was kept as JSON arrays of
-- {"plan_type","plan"} objects in explain_*_json; V3 introduces EXPLAIN rows and V6 moves these columns into them.
CREATE TABLE plan_artifact (
    content_key          bytea       PRIMARY KEY,
    plan_fingerprint     text        NOT NULL,
    plans                jsonb       NOT NULL,
    substrait            bytea,
    explain_tree_json    jsonb,
    explain_verbose_json jsonb,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_artifact_fingerprint_idx ON plan_artifact (plan_fingerprint);

CREATE TABLE capture (
    id                      uuid        PRIMARY KEY,
    plan_id                 bigint      NOT NULL REFERENCES plan (id),
    environment             text        NOT NULL,
    created_at              timestamptz NOT NULL,
    artifact_schema_version smallint    NOT NULL,
    plan_identity_hash      text        NOT NULL,
    request_key             bytea       NOT NULL REFERENCES capture_request (content_key),
    plan_artifact_key       bytea       NOT NULL REFERENCES plan_artifact (content_key),
    labels                  jsonb       NOT NULL DEFAULT '{}'
);
-- History of one plan, newest first (the environment is filtered on the few rows of one plan).
CREATE INDEX capture_plan_created_idx ON capture (plan_id, created_at DESC);
