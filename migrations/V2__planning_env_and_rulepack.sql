-- V2: planning environment and rulepack.
-- Every plan-shaping knob is pinned by a named runtime profile; the planning environment (session config, runtime
-- env, explain controls, profile, engine build) and the ordered analyzer / optimizer / physical optimizer rules are
-- captured as their own content-addressed components, and config overrides become part of the request.

CREATE TABLE runtime_profile (
    content_key          bytea       PRIMARY KEY,
    name                 text        NOT NULL,
    target_partitions    int         NOT NULL,
    batch_size           int         NOT NULL,
    planning_concurrency int         NOT NULL,
    memory_limit_bytes   bigint      NOT NULL,
    disabled_rules       jsonb       NOT NULL DEFAULT '[]',
    config               jsonb       NOT NULL DEFAULT '{}',
    created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE planning_env (
    content_key       bytea       PRIMARY KEY,
    planning_env_hash text        NOT NULL,
    full_env_hash     text,
    payload           jsonb       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rulepack (
    content_key   bytea       PRIMARY KEY,
    rulepack_hash text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE capture_request ADD COLUMN config_overrides jsonb NOT NULL DEFAULT '{}';

-- Captures taken before V2 have none of these.
ALTER TABLE capture
    ADD COLUMN runtime_profile_key bytea REFERENCES runtime_profile (content_key),
    ADD COLUMN planning_env_key    bytea REFERENCES planning_env (content_key),
    ADD COLUMN rulepack_key        bytea REFERENCES rulepack (content_key);
