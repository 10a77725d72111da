"""The client against the real service: capture, dedup by identity, reads, and problems as typed errors."""

import pytest

from planprovenance import PlanProvenanceClient, ProblemError
from planprovenance.client import schema_only_table, view

LINEITEM = schema_only_table(
    "lineitem",
    [{"name": "l_orderkey", "type": "BIGINT", "nullable": False},
     {"name": "l_quantity", "type": "DECIMAL(15, 2)", "nullable": False},
     {"name": "l_returnflag", "type": "VARCHAR", "nullable": False}],
    {"num_rows": 600037902, "columns": {"l_returnflag": {"null_count": 0, "distinct_count": 3}}},
)
SQL = "SELECT l_returnflag, sum(l_quantity) FROM lineitem GROUP BY l_returnflag"


def test_capture_is_identified_and_repeatable(service_url):
    client = PlanProvenanceClient(service_url)
    first = client.capture("py_daily", SQL, [LINEITEM], environment="ci", labels={"source": "pytest"})
    again = client.capture("py_daily", SQL, [LINEITEM], environment="ci")
    assert first.artifact_schema_version == 7
    assert len(first.plan_identity_hash) == 64
    assert again.identity == first.identity
    assert again.id != first.id


def test_config_change_moves_planning_env_only(service_url):
    client = PlanProvenanceClient(service_url)
    base = client.capture("py_env", SQL, [LINEITEM])
    changed = client.capture("py_env", SQL, [LINEITEM], config={"datafusion.optimizer.prefer_hash_join": "false"})
    assert changed.identity["planning_env_hash"] != base.identity["planning_env_hash"]
    assert changed.identity["rulepack_hash"] == base.identity["rulepack_hash"]


def test_reads_give_artifacts_and_plan_bytes(service_url):
    client = PlanProvenanceClient(service_url)
    result = client.capture("py_reads", "SELECT count(*) FROM flags", [LINEITEM, view("flags", "SELECT DISTINCT l_returnflag FROM lineitem")])
    rules = client.artifact(result.id, "rulepack")["content"]
    assert "push_down_filter" in rules["logical_optimizer"]
    plans = client.plan_bytes(result.id)
    assert plans["substrait"] and plans["physical_proto"]
    assert any(p["plan_name"] == "py_reads" for p in client.plans())
    page = client.plan_captures("py_reads")
    assert page["items"][0]["id"] == result.id


def test_problems_are_typed_errors(service_url):
    client = PlanProvenanceClient(service_url)
    with pytest.raises(ProblemError) as refused:
        client.capture("py_bad", "DROP TABLE lineitem", [LINEITEM])
    assert refused.value.status == 422
    assert refused.value.type.endswith("/statement-refused")
    with pytest.raises(ProblemError) as unknown:
        client.capture("py_bad", SQL, [LINEITEM], config={"datafusion.no_such_key": "1"})
    assert unknown.value.status == 400
    with pytest.raises(ProblemError) as missing:
        client.get_capture("00000000-0000-0000-0000-000000000000")
    assert missing.value.status == 404


def test_baseline_then_check_passes_and_a_config_change_fails_the_gate(service_url):
    client = PlanProvenanceClient(service_url)
    join = schema_only_table("orders", [{"name": "o_orderkey", "type": "BIGINT", "nullable": False}],
                             {"num_rows": 150000000})
    sql = "SELECT count(*) FROM lineitem JOIN orders ON l_orderkey = o_orderkey"
    request = {"plan_name": "py_gate", "environment": "ci", "sql": sql, "tables": [LINEITEM, join]}
    approved = client.capture("py_gate", sql, [LINEITEM, join], environment="ci")
    history = client.approve_baseline("py_gate", "ci", approved.id, "pytest", "first approval",
                                      tolerances={"statistics": {"within": 1.1}})
    assert history["current"]["capture_id"] == approved.id
    assert history["history"][0]["by"] == "pytest"

    same = client.check(request)
    assert same["passed"] and same["verdict"] == "pass"
    assert {c["component"] for c in same["components"]} >= {"planning_env", "physical_plan", "serialization"}

    changed = client.check(dict(request, config={"datafusion.optimizer.prefer_hash_join": "false"}))
    assert not changed["passed"] and changed["verdict"] == "fail"
    failed = [c for c in changed["components"] if c["verdict"] == "fail"]
    assert any("datafusion.optimizer.prefer_hash_join" in c["message"] for c in failed)

    by_id = client.check(capture_id=approved.id)
    assert by_id["verdict"] == "pass"
    retired = client.retire_baseline("py_gate", "ci", "pytest", "done")
    assert "current" not in retired and [e["action"] for e in retired["history"]] == ["approved", "retired"]
    assert client.check(request)["verdict"] == "no_baseline"


ORDERS = schema_only_table(
    "orders",
    [{"name": "o_orderkey", "type": "BIGINT", "nullable": False},
     {"name": "o_custkey", "type": "BIGINT", "nullable": False}],
    {"num_rows": 1500000},
)
JOIN = "SELECT o_custkey, sum(l_quantity) FROM lineitem JOIN orders ON l_orderkey = o_orderkey GROUP BY o_custkey"


def test_drift_names_the_config_key_that_moved_the_plan(service_url):
    client = PlanProvenanceClient(service_url)
    before = client.capture("py_drift", JOIN, [LINEITEM, ORDERS], environment="py")
    after = client.capture("py_drift", JOIN, [LINEITEM, ORDERS], environment="py",
                           config={"datafusion.optimizer.prefer_hash_join": "false"})
    report = client.drift("py_drift", environment="py")
    assert (report["from"]["id"], report["to"]["id"]) == (before.id, after.id)
    assert report["cause"]["inputs_changed"] == ["planning-env"]
    assert "physical-plan" in report["cause"]["outputs_changed"]
    keys = [c["key"] for c in report["components"]["planning_env"]["changes"]]
    assert "datafusion.optimizer.prefer_hash_join" in keys
    ops = {e.get("to_op") or e["op"] for e in report["components"]["physical_plan"]["edits"]}
    assert "SortMergeJoinExec" in ops
    feed = client.drift_feed(environment="py")
    assert any(e["to_capture_id"] == after.id for e in feed["items"])


def test_recapture_answers_the_drift_of_a_what_if(service_url):
    client = PlanProvenanceClient(service_url)
    source = client.capture("py_whatif", JOIN, [LINEITEM, ORDERS], environment="py")
    answer = client.recapture(source.id, config={"datafusion.optimizer.prefer_hash_join": "false"})
    assert answer["capture"]["environment"] == "what-if"
    assert answer["drift"]["cause"]["verdict"] == "drift"
    with pytest.raises(ProblemError) as missing:
        client.drift("py_no_such_plan")
    assert missing.value.status == 404
