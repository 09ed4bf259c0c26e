"""The gate result as SARIF 2.1.0 (`licscan check --format sarif`), for code-scanning UIs.

One run per installation, each with every finding id as a rule (`FINDING_IDS` order) and one
result per finding, in verdict order. The location of a result is the archive file
(`physicalLocation.artifactLocation.uri`), with logical locations naming the component and
the archive members its evidence names. Waived findings keep their level and carry a
`suppressions` entry whose justification is the waiver's reason. Nothing is random:
`automationDetails.guid` and the fingerprints derive from the archive's SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
import uuid
from collections.abc import Sequence

from licscan.model import Finding, Inventory, JSONValue, Report, Severity
from licscan.render.context import RenderContext
from licscan.render.gate_view import (
    BadInputs,
    container_path,
    evidence_members,
    is_violation,
    release_text,
    rule_description,
    rule_ids,
)
from licscan.render.json_text import indented_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# A fixed namespace for the run GUIDs (uuid5 of the archive identity in it).
_NAMESPACE = uuid.UUID("6b1c7f3e-2f4a-5d0e-9c1b-8a7e4d3c2b10")

JSONObject = dict[str, JSONValue]


def _rule_name(rule: str) -> str:
    """`gpl-in-interpreter` -> `GplInInterpreter` (SARIF's rule `name` is an identifier)."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule) if part)


def _rules(rules: list[str]) -> list[JSONValue]:
    return [
        {
            "id": rule,
            "name": _rule_name(rule),
            "shortDescription": {"text": rule_description(rule)},
            "properties": {"tags": ["license-compliance"]},
        }
        for rule in rules
    ]


def _category(inv: Inventory) -> str:
    """`automationDetails.id` up to its last `/`, which GitHub reads as the category: one
    per installation, so several runs in one file do not collide."""
    root = inv.archive.root
    where = inv.archive.file_name if root in ("python", "") else f"{inv.archive.file_name}/{root}"
    return f"licscan/{re.sub(r'[^A-Za-z0-9.+_/-]+', '_', where)}"


def _fingerprint(inv: Inventory, finding: Finding, members: list[str]) -> str:
    """Stable across runs on the same distribution name: the category, the finding id, its
    component and the members it names (not the message, whose wording may change)."""
    key = "\n".join([_category(inv), finding.id, finding.component or "", *members])
    return hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest()


def artifact_uri(name: str) -> str:
    """A file name or path as a relative URI reference (SARIF 3.10.2): percent-encoded (UTF-8)
    but for RFC 3986's unreserved characters, `+` and `/`, so a PBS asset name stays as it is
    and a name with spaces, `#`, `%`, `?`, `:` or non-ASCII letters is still a valid URI."""
    return urllib.parse.quote(name, safe="+/")


def _location(inv: Inventory, finding: Finding, members: list[str]) -> JSONObject:
    logical: list[JSONValue] = []
    if finding.component is not None:
        logical.append(
            {"name": finding.component, "fullyQualifiedName": finding.component, "kind": "module"}
        )
    for member in members:
        path = container_path(inv, member)
        logical.append(
            {"name": path.rsplit("/", 1)[-1], "fullyQualifiedName": path, "kind": "resource"}
        )
    location: JSONObject = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(inv.archive.file_name), "index": 0}
        }
    }
    if logical:
        location["logicalLocations"] = logical
    return location


def _result(inv: Inventory, finding: Finding, index: dict[str, int]) -> JSONObject:
    members = evidence_members(finding)
    text = finding.message
    if finding.remedy:
        text += f" Remedy: {finding.remedy}"
    result: JSONObject = {
        "ruleId": finding.id,
        "ruleIndex": index[finding.id],
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [_location(inv, finding, members)],
        "partialFingerprints": {"licscanFinding/v1": _fingerprint(inv, finding, members)},
    }
    if finding.waiver is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.waiver.reason}
        ]
    result["properties"] = {
        "severity": finding.severity.value,
        "component": finding.component,
        "license": finding.license,
        "violatesPolicy": finding.violates_policy,
        "violation": is_violation(finding),
        "evidence": list(finding.evidence),
        "remedy": finding.remedy,
        "waiverExpires": None if finding.waiver is None else finding.waiver.expires,
    }
    return result


def _driver(context: RenderContext) -> JSONObject:
    return {
        "name": "licscan",
        "version": context.tool_version,
        "semanticVersion": context.tool_version,
    }


def _run(report: Report, rules: list[str], context: RenderContext) -> JSONObject:
    inv, verdict = report.inventory, report.verdict
    index = {rule: i for i, rule in enumerate(rules)}
    category = _category(inv)
    return {
        "tool": {"driver": {**_driver(context), "rules": _rules(rules)}},
        "automationDetails": {
            "id": f"{category}/{inv.archive.sha256}",
            "guid": str(uuid.uuid5(_NAMESPACE, inv.archive.identity)),
        },
        "artifacts": [
            {
                "location": {"uri": artifact_uri(inv.archive.file_name)},
                "length": inv.archive.size,
                "roles": ["analysisTarget"],
                "hashes": {"sha-256": inv.archive.sha256},
            }
        ],
        "invocations": [{"executionSuccessful": True}],
        "results": [_result(inv, f, index) for f in verdict.findings],
        "properties": {
            "root": inv.archive.root,
            **({"origin": inv.archive.origin.describe()} if inv.archive.origin else {}),
            "pythonVersion": inv.python_version,
            "targetTriple": inv.target_triple,
            "release": release_text(inv),
            "policy": verdict.policy_name,
            "passed": verdict.passed,
            "status": verdict.status,
            "violations": len(verdict.violations),
            "expiredWaivers": [
                {"component": w.component, "finding": w.finding, "expires": w.expires}
                for w in verdict.expired_waivers
            ],
        },
    }


def _bad_run(label: str, error: str, context: RenderContext) -> JSONObject:
    """A run for an input that could not be read: no results, an unsuccessful invocation
    whose error notification is the input's one-line error."""
    where = re.sub(r"[^A-Za-z0-9.+_/-]+", "_", label)
    return {
        "tool": {"driver": _driver(context)},
        "automationDetails": {"id": f"licscan/{where}/bad-input"},
        "artifacts": [{"location": {"uri": artifact_uri(label)}, "roles": ["analysisTarget"]}],
        "invocations": [
            {
                "executionSuccessful": False,
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": error},
                        "descriptor": {"id": "bad-input"},
                    }
                ],
            }
        ],
        "results": [],
        "properties": {"input": label, "passed": False, "status": "bad input"},
    }


def to_document(
    reports: Sequence[Report], context: RenderContext, bad_inputs: BadInputs = ()
) -> JSONObject:
    rules = rule_ids(reports)
    runs: list[JSONValue] = [_run(r, rules, context) for r in reports]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": runs + [_bad_run(label, error, context) for label, error in bad_inputs],
    }


def render(reports: Sequence[Report], context: RenderContext, bad_inputs: BadInputs = ()) -> bytes:
    """The SARIF log, 2-space indented, UTF-8, with a trailing newline."""
    return indented_json(to_document(reports, context, bad_inputs), errors="backslashreplace")
