"""A small client for pipelines that run DataFusion: POST what you are about to run, keep the plan's identity.

Errors arrive as RFC 9457 problem documents; they are raised as ProblemError carrying the stable `type` URI, so a
pipeline can tell "the SQL does not plan" (422) from "the service is busy" (503, with Retry-After).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence


class ProblemError(Exception):
    """An RFC 9457 problem answered by the service."""

    def __init__(self, status: int, problem: Mapping[str, Any], retry_after: Optional[str] = None):
        self.status = status
        self.type = problem.get("type", "about:blank")
        self.title = problem.get("title", "")
        self.detail = problem.get("detail", "")
        self.problem = dict(problem)
        self.retry_after = retry_after
        super().__init__(f"{status} {self.title}: {self.detail} ({self.type})")


@dataclass(frozen=True)
class CaptureResult:
    id: str
    plan_name: str
    environment: str
    artifact_schema_version: int
    created_at: str
    identity: Dict[str, str] = field(default_factory=dict)

    @property
    def plan_identity_hash(self) -> str:
        return self.identity["plan_identity_hash"]

    @property
    def plan_fingerprint(self) -> str:
        return self.identity["plan_fingerprint"]


def parquet_table(name: str, location: str) -> Dict[str, Any]:
    return {"name": name, "format": "parquet", "location": location}


def schema_only_table(name: str, columns: Sequence[Mapping[str, Any]], statistics: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    table: Dict[str, Any] = {"name": name, "schema": [dict(c) for c in columns]}
    if statistics is not None:
        table["statistics"] = dict(statistics)
    return table


def view(name: str, select: str) -> Dict[str, Any]:
    return {"name": name, "view": select}


def _query(**params: Any) -> str:
    present = {k: v for k, v in params.items() if v is not None}
    return "?" + urllib.parse.urlencode(present) if present else ""


def _dict(value: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    return None if value is None else {k: dict(v) if isinstance(v, Mapping) else v for k, v in value.items()}


class PlanProvenanceClient:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def capture(
        self,
        plan_name: str,
        sql: str,
        tables: Sequence[Mapping[str, Any]] = (),
        environment: str = "default",
        profile: str = "default",
        config: Optional[Mapping[str, str]] = None,
        labels: Optional[Mapping[str, str]] = None,
    ) -> CaptureResult:
        body = {
            "plan_name": plan_name,
            "environment": environment,
            "sql": sql,
            "tables": [dict(t) for t in tables],
            "profile": profile,
            "config": dict(config or {}),
            "labels": dict(labels or {}),
        }
        answer = self._request("POST", "/v1/captures", body)
        return CaptureResult(**{k: answer[k] for k in CaptureResult.__dataclass_fields__ if k in answer})

    def get_capture(self, capture_id: str) -> Dict[str, Any]:
        return self._request("GET", f"/v1/captures/{urllib.parse.quote(capture_id)}")

    def artifact(self, capture_id: str, component: str) -> Dict[str, Any]:
        return self._request("GET", f"/v1/captures/{urllib.parse.quote(capture_id)}/artifacts/{urllib.parse.quote(component)}")

    def plan_bytes(self, capture_id: str) -> Dict[str, bytes]:
        """Serialized plans (datafusion-proto, Substrait) of a capture, decoded from base64."""
        plans = self.artifact(capture_id, "plans")
        return {name: base64.b64decode(value) for name, value in plans.get("bytes", {}).items()}

    def plans(self) -> List[Dict[str, Any]]:
        return self._request("GET", "/v1/plans")["items"]

    def plan_captures(self, plan_name: str, environment: Optional[str] = None, size: int = 20, page: int = 0) -> Dict[str, Any]:
        query = {"size": size, "page": page}
        if environment:
            query["environment"] = environment
        path = f"/v1/plans/{urllib.parse.quote(plan_name)}/captures?{urllib.parse.urlencode(query)}"
        return self._request("GET", path)

    def approve_baseline(
        self,
        plan_name: str,
        environment: str,
        capture_id: str,
        approved_by: str,
        reason: str,
        expires_at: Optional[str] = None,
        tolerances: Optional[Mapping[str, Any]] = None,
    ) -> Dict[str, Any]:
        """Approve a capture as the plan's baseline in the environment; answers the baseline and its history.

        tolerances: {component: "exact" | "ignore" | {"within": factor}} (within: statistics only).
        """
        body: Dict[str, Any] = {"capture_id": capture_id, "approved_by": approved_by, "reason": reason}
        if expires_at is not None:
            body["expires_at"] = expires_at
        if tolerances is not None:
            body["tolerances"] = dict(tolerances)
        return self._request("PUT", self._baseline_path(plan_name, environment), body)

    def baseline(self, plan_name: str, environment: str) -> Dict[str, Any]:
        return self._request("GET", self._baseline_path(plan_name, environment))

    def retire_baseline(self, plan_name: str, environment: str, retired_by: str, reason: str) -> Dict[str, Any]:
        query = urllib.parse.urlencode({"retired_by": retired_by, "reason": reason})
        return self._request("DELETE", f"{self._baseline_path(plan_name, environment)}?{query}")

    def check(
        self,
        request: Optional[Mapping[str, Any]] = None,
        capture_id: Optional[str] = None,
        allow_no_baseline: bool = False,
    ) -> Dict[str, Any]:
        """Check a capture request (captured, then checked) or a stored capture against its plan's baseline.

        Answers the check (verdict, components, drift); a failing verdict (HTTP 409) is an answer, not an error:
        the result's "passed" says whether the gate let it through.
        """
        if (request is None) == (capture_id is None):
            raise ValueError("give a capture request or a capture_id")
        body = dict(request) if request is not None else {"capture_id": capture_id}
        return self._gate("/v1/checks", body, allow_no_baseline)

    def check_batch(self, checks: Sequence[Mapping[str, Any]], allow_no_baseline: bool = False) -> Dict[str, Any]:
        """Many checks in one call: {"verdict", "checks": [...], "passed"}."""
        return self._gate("/v1/checks/batch", {"checks": [dict(c) for c in checks]}, allow_no_baseline)

    def _gate(self, path: str, body: Mapping[str, Any], allow_no_baseline: bool) -> Dict[str, Any]:
        if allow_no_baseline:
            path += "?allow_no_baseline=true"
        try:
            answer = self._request("POST", path, body)
            answer["passed"] = True
        except ProblemError as error:
            if error.status != 409 or "verdict" not in error.problem:
                raise
            answer = dict(error.problem)
            answer["passed"] = False
        return answer

    @staticmethod
    def _baseline_path(plan_name: str, environment: str) -> str:
        return f"/v1/plans/{urllib.parse.quote(plan_name, safe='')}/baselines/{urllib.parse.quote(environment, safe='')}"

    def drift(
        self,
        plan_name: str,
        from_id: Optional[str] = None,
        to_id: Optional[str] = None,
        environment: Optional[str] = None,
        from_environment: Optional[str] = None,
        to_environment: Optional[str] = None,
        statistics_tolerance: Optional[float] = None,
    ) -> Dict[str, Any]:
        """What changed between two captures of a plan, why, and the first optimizer rule where they diverge.

        Without ids: the plan's two latest captures in `environment`; with `from_environment` / `to_environment`: the
        latest capture in each.
        """
        query = _query(**{"from": from_id, "to": to_id, "environment": environment,
                          "from_environment": from_environment, "to_environment": to_environment,
                          "statistics_tolerance": statistics_tolerance})
        return self._request("GET", f"/v1/plans/{urllib.parse.quote(plan_name)}/drift{query}")

    def drift_feed(self, environment: Optional[str] = None, since: Optional[str] = None, page: int = 0, size: int = 50) -> Dict[str, Any]:
        """Plans whose identity changed from one capture to the next, newest first, each with its cause."""
        return self._request("GET", "/v1/drift" + _query(environment=environment, since=since, page=page, size=size))

    def compare_environments(self, from_environment: str, to_environment: str) -> Dict[str, Any]:
        """The latest capture of every plan in both environments, compared; changed plans grouped by edit pattern."""
        return self._request("GET", "/v1/environments/compare" + _query(**{"from": from_environment, "to": to_environment}))

    def recapture(
        self,
        capture_id: str,
        profile: Optional[str] = None,
        config: Optional[Mapping[str, str]] = None,
        statistics: Optional[Mapping[str, Mapping[str, Any]]] = None,
        environment: Optional[str] = None,
        labels: Optional[Mapping[str, str]] = None,
    ) -> Dict[str, Any]:
        """Capture a stored request again under other inputs; answers the new capture and its drift."""
        body = {k: v for k, v in {"profile": profile, "config": _dict(config), "statistics": _dict(statistics),
                                   "environment": environment, "labels": _dict(labels)}.items() if v is not None}
        return self._request("POST", f"/v1/captures/{urllib.parse.quote(capture_id)}/recapture", body)

    def sensitivity(self, capture_id: str, keys: Mapping[str, Sequence[str]], environment: Optional[str] = None) -> Dict[str, Any]:
        """Which config keys move the plan: one recapture per (key, value)."""
        body: Dict[str, Any] = {"keys": {k: list(v) for k, v in keys.items()}}
        if environment is not None:
            body["environment"] = environment
        return self._request("POST", f"/v1/captures/{urllib.parse.quote(capture_id)}/sensitivity", body)

    def _request(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json, application/problem+json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                problem = json.loads(raw)
            except ValueError:
                problem = {"title": error.reason, "detail": raw.decode(errors="replace")}
            raise ProblemError(error.code, problem, error.headers.get("Retry-After")) from None
