-- V11: baselines and checks (the CI gate).
-- A baseline is the capture of a plan that someone approved for one environment, with who, why, until when, and a
-- tolerance per checked component. Its history is append-only: every approval and every retirement is a row of
-- baseline_event, never updated or deleted, so "who replaced what, when and why" is read back as it happened. The
-- baseline in force for (plan, environment) is the latest event's capture when that event is an approval; a
-- retirement ends it. Events of one (plan, environment) are put in order by id: the service takes a transaction-scoped
-- advisory lock on (plan, environment) before it reads the current baseline and appends, so two approvals at once
-- cannot both claim to replace the same baseline.
--
-- Checks are stored with the verdict they answered (per component, as the API answered it), so a CI run's verdict can
-- be read back later and so that retention (V12) can never delete a capture that a baseline or a stored check refers
-- to: every reference to a capture is a FOREIGN KEY to capture (id), and each has an index so that the foreign key
-- check of a capture deletion is an index probe.

CREATE TABLE baseline_event (
    id                  bigserial   PRIMARY KEY,
    plan_id             bigint      NOT NULL REFERENCES plan (id),
    environment         text        NOT NULL,
    action              text        NOT NULL CHECK (action IN ('approved', 'retired')),
    -- approved: the approved capture; retired: the capture of the baseline that was retired.
    capture_id          uuid        NOT NULL REFERENCES capture (id),
    -- approved: the baseline in force that this approval replaced (null when there was none).
    replaces_capture_id uuid        REFERENCES capture (id),
    actor               text        NOT NULL,
    reason              text        NOT NULL,
    at                  timestamptz NOT NULL DEFAULT now(),
    -- approved only: after this instant checks answer baseline_expired.
    expires_at          timestamptz,
    -- approved only: {component: "exact" | "ignore" | {"within": f}} as approved (the API's Tolerances).
    tolerances          jsonb       NOT NULL DEFAULT '{}'
);
-- The history of one (plan, environment), and its latest event (the baseline in force).
CREATE INDEX baseline_event_plan_environment_idx ON baseline_event (plan_id, environment, id DESC);
CREATE INDEX baseline_event_capture_idx ON baseline_event (capture_id);
CREATE INDEX baseline_event_replaces_idx ON baseline_event (replaces_capture_id) WHERE replaces_capture_id IS NOT NULL;

-- One row per checked capture. A batch's checks share batch_id. baseline_event_id / baseline_capture_id are null when
-- the plan had no baseline in the environment (verdict no_baseline). components is the per-component result list
-- ([{component, verdict, tolerance, message, detail}]) as the API answered it.
CREATE TABLE baseline_check (
    id                  uuid        PRIMARY KEY,
    batch_id            uuid,
    capture_id          uuid        NOT NULL REFERENCES capture (id),
    baseline_event_id   bigint      REFERENCES baseline_event (id),
    baseline_capture_id uuid        REFERENCES capture (id),
    verdict             text        NOT NULL
        CHECK (verdict IN ('pass', 'fail', 'tolerated', 'no_baseline', 'baseline_expired')),
    components          jsonb       NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX baseline_check_capture_idx ON baseline_check (capture_id);
CREATE INDEX baseline_check_baseline_capture_idx ON baseline_check (baseline_capture_id)
    WHERE baseline_capture_id IS NOT NULL;
