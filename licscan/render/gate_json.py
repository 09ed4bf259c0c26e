"""The gate result as JSON (`licscan check --format json`, schema `licscan/check/1`).

One object for all installations the input holds, keys in the order `data/check-schema.md`
documents. Findings use the same shape as the inventory document (`licscan/inventory/1`).
"""

from __future__ import annotations

from collections.abc import Sequence

from licscan.model import Inventory, JSONValue, Report, Verdict
from licscan.render.context import RenderContext
from licscan.render.gate_view import BadInputs, is_violation, overall_status
from licscan.render.json import finding_object, generator_object, waiver_object
from licscan.render.json_text import indented_json

SCHEMA = "licscan/check/1"

JSONObject = dict[str, JSONValue]


def _identity(inv: Inventory) -> JSONObject:
    release = inv.release
    return {
        "file_name": inv.archive.file_name,
        "sha256": inv.archive.sha256,
        "root": inv.archive.root,
        "origin": inv.archive.origin.describe() if inv.archive.origin else None,
        "python_version": inv.python_version,
        "target_triple": inv.target_triple,
        "flavor": inv.flavor.value,
        "release": {
            "tag": release.tag,
            "earliest": release.earliest,
            "latest": release.latest,
            "source": release.source.value,
        },
    }


def _verdict(verdict: Verdict) -> JSONObject:
    return {
        "policy": verdict.policy_name,
        "passed": verdict.passed,
        "status": verdict.status,
        "violations": [
            {
                "id": f.id,
                "severity": f.severity.value,
                "component": f.component,
                "message": f.message,
            }
            for f in verdict.findings
            if is_violation(f)
        ],
        "findings": [finding_object(f) for f in verdict.findings],
        "expired_waivers": [waiver_object(w) for w in verdict.expired_waivers],
    }


def to_document(
    reports: Sequence[Report], context: RenderContext, bad_inputs: BadInputs = ()
) -> JSONObject:
    """The gate result as plain JSON values, keys in the documented order."""
    policies = sorted({r.verdict.policy_name for r in reports})
    return {
        "schema": SCHEMA,
        "generator": generator_object(context),
        "policy": policies[0] if len(policies) == 1 else None,
        "passed": not bad_inputs and all(r.verdict.passed for r in reports),
        "status": "bad input" if bad_inputs else overall_status(reports),
        "violation_count": sum(len(r.verdict.violations) for r in reports),
        "distributions": [
            {"distribution": _identity(r.inventory), **_verdict(r.verdict)} for r in reports
        ],
        "bad_inputs": [{"input": label, "error": error} for label, error in bad_inputs],
    }


def render(reports: Sequence[Report], context: RenderContext, bad_inputs: BadInputs = ()) -> bytes:
    """The JSON document, 2-space indented, UTF-8, with a trailing newline."""
    return indented_json(to_document(reports, context, bad_inputs), errors="backslashreplace")
