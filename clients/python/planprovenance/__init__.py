"""Client for the plan provenance service (standard library only)."""

from .client import CaptureResult, PlanProvenanceClient, ProblemError

__all__ = ["CaptureResult", "PlanProvenanceClient", "ProblemError"]
