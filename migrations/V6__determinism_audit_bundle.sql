-- V6: the determinism audit bundle, then the legacy EXPLAIN columns dropped.
-- The audit bundle aggregates every hash of a capture (with audit_hash over them and artifact_schema_version 6).
-- The explain_tree_json / explain_verbose_json columns of V1 are dropped only after their content has been moved
-- into EXPLAIN rows, and the move is checked row by row before the drop.

CREATE TABLE audit_bundle (
    content_key bytea       PRIMARY KEY,
    audit_hash  text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE capture ADD COLUMN audit_key bytea REFERENCES audit_bundle (content_key);

-- Each plan artifact still holding legacy EXPLAIN JSON gets an explain keyed by the SHA-256 of that content.
CREATE TEMPORARY TABLE legacy_explain ON COMMIT DROP AS
SELECT content_key AS artifact_key,
       sha256(convert_to(jsonb_build_object('tree', explain_tree_json, 'verbose', explain_verbose_json)::text,
                         'UTF8')) AS explain_key,
       explain_tree_json,
       explain_verbose_json
FROM plan_artifact
WHERE explain_tree_json IS NOT NULL OR explain_verbose_json IS NOT NULL;

INSERT INTO explain_document (content_key, explain_hash, payload)
SELECT explain_key,
       NULL,
       jsonb_build_object('migrated_from', 'plan_artifact.explain_*_json',
                          'tree', explain_tree_json, 'verbose', explain_verbose_json)
FROM legacy_explain
ON CONFLICT (content_key) DO NOTHING;

-- jsonb_array_elements fails on anything but an array and the NOT NULL columns refuse rows without plan_type or
-- plan: malformed legacy content stops the migration instead of being dropped silently.
INSERT INTO explain_row (explain_key, format, ordinal, plan_type, plan)
SELECT l.explain_key, f.format, (r.ordinal - 1)::int, r.item ->> 'plan_type', r.item ->> 'plan'
FROM legacy_explain l
CROSS JOIN LATERAL (VALUES ('tree', l.explain_tree_json), ('verbose', l.explain_verbose_json)) AS f (format, rows)
CROSS JOIN LATERAL jsonb_array_elements(f.rows) WITH ORDINALITY AS r (item, ordinal)
WHERE f.rows IS NOT NULL
ON CONFLICT DO NOTHING;

UPDATE capture c
SET explain_key = l.explain_key
FROM legacy_explain l
WHERE c.plan_artifact_key = l.artifact_key
  AND c.explain_key IS NULL;

DO $$
DECLARE
    incomplete bigint;
BEGIN
    SELECT count(*) INTO incomplete
    FROM legacy_explain l
    WHERE coalesce(jsonb_array_length(l.explain_tree_json), 0)
              <> (SELECT count(*) FROM explain_row r WHERE r.explain_key = l.explain_key AND r.format = 'tree')
       OR coalesce(jsonb_array_length(l.explain_verbose_json), 0)
              <> (SELECT count(*) FROM explain_row r WHERE r.explain_key = l.explain_key AND r.format = 'verbose')
       OR EXISTS (SELECT 1 FROM capture c WHERE c.plan_artifact_key = l.artifact_key AND c.explain_key IS NULL);
    IF incomplete > 0 THEN
        RAISE EXCEPTION 'V6: legacy EXPLAIN content of % plan artifacts did not move into explain_row', incomplete;
    END IF;
END
$$;

ALTER TABLE plan_artifact
    DROP COLUMN explain_tree_json,
    DROP COLUMN explain_verbose_json;
