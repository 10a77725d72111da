-- V8: the plan-tree component (artifact schema 7): the final optimized logical plan and the final physical plan as
-- trees of operators with their own properties. Like every JSON component of the engine it has a content-addressed
-- table of its own (content key, the hash that describes it, the document); captures reference it through their
-- component set (V7), so no capture column changes. Captures stored before V8 have no plan-tree member: reading the
-- component for them answers not found, as for any component a capture does not have.
CREATE TABLE plan_tree (
    content_key    bytea       PRIMARY KEY,
    plan_tree_hash text        NOT NULL,
    payload        jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
