-- V10: the drift feed.
-- A drift event says that a plan's identity changed from one capture to the next in one environment: the new
-- capture's plan_identity_hash differs from that of the capture before it (by created_at) of the same plan in the same
-- environment. The first capture of a plan is not an event. Dashboards and alerts poll the feed (GET /v1/drift), so
-- each event keeps the cause the drift report computed when it was detected (the CauseSummary document and the first
-- diverging rule), and the input components the cause names, to filter on.
--
-- Which capture came before which is decided once, by the statement that inserts the capture row, and is written into
-- that row (drift_from_capture_id): two captures of the same plan in the same environment inserted at once are put in
-- order by a transaction-scoped advisory lock on (plan, environment), taken by a row trigger before the lookup of the
-- previous capture. The later one waits until the earlier one commits, then sees it as its previous capture, and its
-- created_at is moved after the earlier one's if the clocks disagree, so "previous by created_at" and "previous in
-- the chain" are the same capture. Without the lock both would read the same previous capture: a repeat of a change
-- would record the change a second time, and a change right after a change would be lost. The service computes the
-- cause after the capture committed, so a failed drift computation never costs the capture; the column keeps the fact
-- that an event is due (an event missing for a capture whose drift_from_capture_id is set can be computed later).
-- Captures stored before V10 have no drift_from_capture_id: the feed starts with V10.

ALTER TABLE capture ADD COLUMN drift_from_capture_id uuid REFERENCES capture (id);

-- The captures of a plan in one environment, newest first in history order (created_at, then id, as the history
-- pages order them): the trigger's one lookup per capture, the latest captures of a plan (drift reports), and, with
-- the environment first, the latest capture of every plan of an environment in plan order (environment comparison)
-- without a sort. The V1 index (plan_id, created_at DESC) had to read a plan's captures of every environment and
-- filter them.
CREATE INDEX capture_environment_plan_created_idx ON capture (environment, plan_id, created_at DESC, id);

CREATE FUNCTION capture_link_previous() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    previous record;
BEGIN
    -- Held until the inserting transaction ends; PL/pgSQL takes a new snapshot for the next statement, so the lookup
    -- below sees a capture of the same plan and environment that committed while this one waited.
    PERFORM pg_advisory_xact_lock(hashtextextended('capture:' || NEW.plan_id || ':' || NEW.environment, 0));
    SELECT c.id, c.created_at, c.plan_identity_hash INTO previous
    FROM capture c
    WHERE c.plan_id = NEW.plan_id AND c.environment = NEW.environment
    ORDER BY c.created_at DESC, c.id
    LIMIT 1;
    IF FOUND THEN
        IF NEW.created_at <= previous.created_at THEN
            NEW.created_at := previous.created_at + interval '1 microsecond';
        END IF;
        IF previous.plan_identity_hash <> NEW.plan_identity_hash THEN
            NEW.drift_from_capture_id := previous.id;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER capture_link_previous
    BEFORE INSERT ON capture
    FOR EACH ROW EXECUTE FUNCTION capture_link_previous();

CREATE TABLE drift_event (
    id                   bigserial   PRIMARY KEY,
    plan_name            text        NOT NULL,
    environment          text        NOT NULL,
    from_capture_id      uuid        NOT NULL REFERENCES capture (id),
    -- One event per capture: recording an event twice (a retry, a second detector) is a no-op.
    to_capture_id        uuid        NOT NULL UNIQUE REFERENCES capture (id),
    detected_at          timestamptz NOT NULL DEFAULT now(),
    -- The drift report's CauseSummary and FirstDivergingRule documents, as the API answers them.
    cause                jsonb       NOT NULL,
    first_diverging_rule jsonb,
    -- The input components the cause names (CauseSummary.inputs_changed), e.g. {planning-env}.
    inputs               text[]      NOT NULL DEFAULT '{}'
);

-- The feed's two queries: one environment newest first, and every environment newest first (id breaks ties so a
-- page boundary is stable).
CREATE INDEX drift_event_environment_detected_idx ON drift_event (environment, detected_at DESC, id DESC);
CREATE INDEX drift_event_detected_idx ON drift_event (detected_at DESC, id DESC);
-- Events that name one input ("every statistics-caused drift"): inputs @> '{statistics}'.
CREATE INDEX drift_event_inputs_idx ON drift_event USING gin (inputs);
