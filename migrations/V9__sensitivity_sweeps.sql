-- V9: config sensitivity sweeps.
-- A sweep captures a stored capture's request again once per (config key, value), each trial with only that key
-- changed from the source, and records whether the trial moved the plan. The trials' captures are ordinary captures
-- (in the sweep's environment, labelled sensitivity_sweep=<sweep id>); these tables keep what the sweep concluded
-- about each of them, so a plan's sweeps are read back as they were answered: recomputing them would mean a drift
-- report per trial on every read, and a later change to the drift rules would silently rewrite old sweeps.
-- Rows are only ever inserted: a sweep and all its trials in one transaction, once every trial's capture is stored.

-- request is the sweep as asked ({"keys": {key: [values]}, "environment": ...}), kept for audit.
CREATE TABLE sensitivity_sweep (
    id                uuid        PRIMARY KEY,
    plan_id           bigint      NOT NULL REFERENCES plan (id),
    source_capture_id uuid        NOT NULL REFERENCES capture (id),
    created_at        timestamptz NOT NULL,
    request           jsonb       NOT NULL
);
-- A plan's sweeps, newest first (GET /v1/plans/{plan_name}/sensitivity).
CREATE INDEX sensitivity_sweep_plan_created_idx ON sensitivity_sweep (plan_id, created_at DESC);

-- One trial per (key, value), in the order the request listed them (ordinal from 0). plan_changed: the drift
-- report against the source names an output (logical or physical plan) that changed; identity_changed: the plan
-- identity hash differs. first_diverging_rule is the drift report's FirstDivergingRule document, summary its cause
-- sentence.
CREATE TABLE sensitivity_trial (
    sweep_id             uuid    NOT NULL REFERENCES sensitivity_sweep (id),
    ordinal              integer NOT NULL,
    key                  text    NOT NULL,
    value                text    NOT NULL,
    capture_id           uuid    NOT NULL REFERENCES capture (id),
    plan_changed         boolean NOT NULL,
    identity_changed     boolean NOT NULL,
    first_diverging_rule jsonb,
    summary              text,
    PRIMARY KEY (sweep_id, ordinal)
);
