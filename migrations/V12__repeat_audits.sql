-- V12: repeat audits.
-- A repeat audit captures one request n times across the runtimes of its profile's pool, every capture verifying
-- its plans afresh, and labels every component and hash stable (one value across the n captures) or unstable (the
-- values, each with the captures that had it). The captures are ordinary captures (labelled repeat_audit=<id>);
-- these tables keep the audit and which captures it made, by FOREIGN KEY, so retention never deletes an audit's
-- captures. The labels are stored as they were answered (the API's StabilityLabel documents), like a sweep's trials:
-- an audit is a record of what was observed then. Rows are only ever inserted, an audit and its captures in one
-- transaction once every capture is stored.
CREATE TABLE repeat_audit (
    id            uuid        PRIMARY KEY,
    plan_id       bigint      NOT NULL REFERENCES plan (id),
    environment   text        NOT NULL,
    profile       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    n             integer     NOT NULL,
    runtimes_used integer     NOT NULL,
    rotated       boolean     NOT NULL,
    -- The capture request as asked, kept for audit.
    request       jsonb       NOT NULL,
    -- [StabilityLabel] per component and per hash.
    components    jsonb       NOT NULL,
    hashes        jsonb       NOT NULL
);
-- A plan's audits, newest first (GET /v1/plans/{plan_name}/audits).
CREATE INDEX repeat_audit_plan_created_idx ON repeat_audit (plan_id, created_at DESC);

-- The audit's captures in the order they were made (ordinal from 0), and the runtime that planned each.
CREATE TABLE repeat_audit_capture (
    audit_id   uuid    NOT NULL REFERENCES repeat_audit (id),
    ordinal    integer NOT NULL,
    capture_id uuid    NOT NULL REFERENCES capture (id),
    runtime_id bigint  NOT NULL,
    PRIMARY KEY (audit_id, ordinal)
);

-- Retention (POST /v1/admin/retention/run) deletes content no capture refers to any longer, and every service
-- instance remembers which content keys it has stored (to skip their inserts). Each retention batch that removes
-- something increments this one-row counter in its transaction; a capture's writing transaction reads it under the
-- same advisory lock and, when it moved since that instance last looked, forgets every key it remembered, so no
-- instance trusts content another instance's retention removed.
CREATE TABLE retention_epoch (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch     bigint  NOT NULL
);
INSERT INTO retention_epoch (singleton, epoch) VALUES (true, 0);
