-- V7: generic component storage.
-- Until V6 a capture referenced each component through a column of its own (nine of them) and Delta snapshots had a
-- table of their own, so every new component or table format meant a new column, table and code path. Now:
--   * a component set is the set of (component name, content key) pairs of a capture, content-addressed like the
--     components themselves (set_key = SHA-256 over the pairs sorted by name), and a capture holds one
--     component_set_key. A repeat capture of an unchanged plan references the set an earlier capture stored, so it
--     still adds one capture row and nothing else, and that row holds one key instead of nine;
--   * components described outside the engine (Delta today, any other table format tomorrow) are stored in one table,
--     external_component, whatever their format.
-- Component tables with columns of their own (plan_artifact, explain_document and its rows, schema_diagnostics, ...)
-- are unchanged. Existing captures' components move into component sets, checked pair by pair before the old
-- columns and delta_snapshot are dropped.

CREATE TABLE component_set (
    set_key bytea PRIMARY KEY
);

-- content_key addresses a row of the table that stores that component (plan_artifact for plans,
-- external_component for delta, ...); the service maps names to tables, so there is no foreign key.
CREATE TABLE component_set_member (
    set_key     bytea NOT NULL REFERENCES component_set (set_key),
    component   text  NOT NULL,
    content_key bytea NOT NULL,
    PRIMARY KEY (set_key, component)
);

-- hash_name is the engine's name for the hash that describes the component and enters plan identity
-- (delta_snapshot_hash for delta).
CREATE TABLE external_component (
    content_key bytea       PRIMARY KEY,
    component   text        NOT NULL,
    hash_name   text        NOT NULL,
    hash        text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Content keys are kept: the service derives an external component's key exactly as it derived a Delta snapshot's,
-- so a new capture of a snapshot stored before V7 finds its row.
INSERT INTO external_component (content_key, component, hash_name, hash, payload, created_at)
SELECT content_key, 'delta', 'delta_snapshot_hash', delta_snapshot_hash, payload, created_at
FROM delta_snapshot;

-- Every (capture, component, content key) the old columns hold.
CREATE TEMPORARY TABLE v7_member ON COMMIT DROP AS
SELECT c.id AS capture_id, m.component, m.content_key
FROM capture c
CROSS JOIN LATERAL (VALUES ('planning-env', c.planning_env_key),
                           ('rulepack', c.rulepack_key),
                           ('explain', c.explain_key),
                           ('plans', c.plan_artifact_key),
                           ('statistics', c.statistics_key),
                           ('schema', c.schema_key),
                           ('udfs', c.udf_catalog_key),
                           ('audit', c.audit_key),
                           ('delta', c.delta_snapshot_key)) AS m (component, content_key)
WHERE m.content_key IS NOT NULL;

-- The set key exactly as the service computes it (ContentKey.digest): SHA-256 over length-prefixed parts (the part's
-- length as an 8-byte big-endian integer, then its bytes): 'component-set', then for each member in byte order of
-- its name, the name (UTF-8) and the content key. plan_artifact_key is NOT NULL, so every capture has a set.
CREATE TEMPORARY TABLE v7_set ON COMMIT DROP AS
SELECT capture_id,
       sha256(int8send(octet_length(convert_to('component-set', 'UTF8'))::bigint)
              || convert_to('component-set', 'UTF8')
              || string_agg(int8send(octet_length(convert_to(component, 'UTF8'))::bigint)
                                || convert_to(component, 'UTF8')
                                || int8send(octet_length(content_key)::bigint) || content_key,
                            ''::bytea ORDER BY component COLLATE "C")) AS set_key
FROM v7_member
GROUP BY capture_id;

INSERT INTO component_set (set_key)
SELECT DISTINCT set_key FROM v7_set;

INSERT INTO component_set_member (set_key, component, content_key)
SELECT DISTINCT s.set_key, m.component, m.content_key
FROM v7_set s
JOIN v7_member m USING (capture_id);

ALTER TABLE capture ADD COLUMN component_set_key bytea REFERENCES component_set (set_key);

UPDATE capture c
SET component_set_key = s.set_key
FROM v7_set s
WHERE s.capture_id = c.id;

ALTER TABLE capture ALTER COLUMN component_set_key SET NOT NULL;

-- Nothing is dropped unless every capture reads back exactly the pairs it had, and every Delta snapshot moved.
DO $$
DECLARE
    lost     bigint;
    gained   bigint;
    snapshots bigint;
BEGIN
    SELECT count(*) INTO lost FROM (
        SELECT capture_id, component, content_key FROM v7_member
        EXCEPT
        SELECT c.id, m.component, m.content_key
        FROM capture c JOIN component_set_member m ON m.set_key = c.component_set_key) d;
    SELECT count(*) INTO gained FROM (
        SELECT c.id, m.component, m.content_key
        FROM capture c JOIN component_set_member m ON m.set_key = c.component_set_key
        EXCEPT
        SELECT capture_id, component, content_key FROM v7_member) d;
    SELECT count(*) INTO snapshots FROM delta_snapshot d
    WHERE NOT EXISTS (SELECT 1 FROM external_component e
                      WHERE e.content_key = d.content_key AND e.payload = d.payload
                        AND e.hash = d.delta_snapshot_hash);
    IF lost > 0 OR gained > 0 OR snapshots > 0 THEN
        RAISE EXCEPTION 'V7: % component references lost, % gained, % Delta snapshots not moved',
            lost, gained, snapshots;
    END IF;
END
$$;

ALTER TABLE capture
    DROP COLUMN plan_artifact_key,
    DROP COLUMN planning_env_key,
    DROP COLUMN rulepack_key,
    DROP COLUMN explain_key,
    DROP COLUMN statistics_key,
    DROP COLUMN delta_snapshot_key,
    DROP COLUMN schema_key,
    DROP COLUMN udf_catalog_key,
    DROP COLUMN audit_key;

DROP TABLE delta_snapshot;
