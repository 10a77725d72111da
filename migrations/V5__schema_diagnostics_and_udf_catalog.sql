-- V5: schema diagnostics, provider DDL, UDF catalog, async UDF settings.
-- Schema diagnostics hold DESCRIBE rows per registered table, schema provenance (provider type, inferred vs
-- declared) and the provider's DDL where it has one (a view's definition); information_schema_hash covers tables and
-- columns. The UDF catalog lists every function with its volatility, signature, parameter names and planner hooks.
-- Async UDFs are batched and time-limited by the runtime profile, so those settings join the profile.

CREATE TABLE schema_diagnostics (
    content_key             bytea       PRIMARY KEY,
    information_schema_hash text        NOT NULL,
    payload                 jsonb       NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now()
);

-- The DDL each table provider reported, one row per table, for lookups like "which captures used this view text".
CREATE TABLE provider_ddl (
    schema_key bytea NOT NULL REFERENCES schema_diagnostics (content_key),
    table_name text  NOT NULL,
    ddl        text  NOT NULL,
    PRIMARY KEY (schema_key, table_name)
);

CREATE TABLE udf_catalog (
    content_key      bytea       PRIMARY KEY,
    udf_catalog_hash text        NOT NULL,
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Profiles stored before V5 predate async UDFs: NULL.
ALTER TABLE runtime_profile
    ADD COLUMN async_udf_batch_size int,
    ADD COLUMN async_udf_timeout_ms bigint;

ALTER TABLE capture
    ADD COLUMN schema_key      bytea REFERENCES schema_diagnostics (content_key),
    ADD COLUMN udf_catalog_key bytea REFERENCES udf_catalog (content_key);
