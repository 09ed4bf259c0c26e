"""The gate result as JUnit XML (`licscan check --format junit`), for CI test reports.

`<testsuites>` holds one `<testsuite>` per installation and in it one `<testcase>` per rule
(every finding id, `FINDING_IDS` order). A rule fails (`<failure>`) when a finding of it
violates the policy unwaived; else it is skipped (`<skipped>`) when a waiver covers one of
its findings; else it passes. `<system-out>` lists the rule's findings that do not fail.
The shape is the common Jenkins / Surefire one (junit-10.xsd): counts as attributes, no
host name, every time 0, the timestamp deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from licscan.model import Finding, Report
from licscan.render.context import RenderContext
from licscan.render.gate_view import (
    BadInputs,
    installation_label,
    is_violation,
    release_text,
    rule_description,
    rule_ids,
)

# XML 1.0 cannot carry these, escaped or not: a hostile archive's names must not break it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _describe(finding: Finding) -> str:
    lines = [
        f"[{finding.severity.value}] {finding.component or '(distribution)'}: {finding.message}"
    ]
    lines += [f"  evidence: {e}" for e in finding.evidence]
    if finding.license:
        lines.append(f"  license: {finding.license}")
    if finding.remedy:
        lines.append(f"  remedy: {finding.remedy}")
    if finding.waiver is not None:
        until = f" (until {finding.waiver.expires})" if finding.waiver.expires else ""
        lines.append(f"  waived{until}: {finding.waiver.reason}")
    return "\n".join(lines)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _testcase(suite: ET.Element, classname: str, rule: str, findings: list[Finding]) -> str:
    """Adds the rule's test case; returns "failure", "skipped" or "passed"."""
    case = _sub(suite, "testcase", name=rule, classname=classname, time="0")
    failing = [f for f in findings if is_violation(f)]
    waived = [f for f in findings if f.waiver is not None]
    others = [f for f in findings if not is_violation(f)]
    outcome = "passed"
    if failing:
        who = sorted({f.component or "(distribution)" for f in failing})
        _sub(
            case,
            "failure",
            "\n\n".join(_describe(f) for f in failing),
            message=f"{len(failing)} violation(s) of {rule}: {', '.join(who)}",
            type=rule,
        )
        outcome = "failure"
    elif waived:
        reasons = sorted({f.waiver.reason for f in waived if f.waiver is not None})
        _sub(case, "skipped", message=f"waived: {'; '.join(reasons)}", type="waived")
        outcome = "skipped"
    if others:
        _sub(
            case,
            "system-out",
            f"{rule_description(rule)}\n\n" + "\n\n".join(map(_describe, others)),
        )
    return outcome


def _testsuite(
    root: ET.Element, report: Report, rules: list[str], timestamp: str
) -> tuple[int, int]:
    inv, verdict = report.inventory, report.verdict
    label = installation_label(inv)
    classname = "licscan." + re.sub(r"[^A-Za-z0-9_-]+", "_", label).strip("_")
    suite = _sub(root, "testsuite", name=f"licscan check: {label}")
    props = _sub(suite, "properties")
    for name, value in (
        ("archive", inv.archive.file_name),
        ("sha256", inv.archive.sha256),
        ("root", inv.archive.root),
        *([("origin", inv.archive.origin.describe())] if inv.archive.origin else []),
        ("python_version", inv.python_version or ""),
        ("target_triple", inv.target_triple or ""),
        ("release", release_text(inv)),
        ("policy", verdict.policy_name),
        ("status", verdict.status),
    ):
        _sub(props, "property", name=name, value=value)
    outcomes = [
        _testcase(suite, classname, rule, [f for f in verdict.findings if f.id == rule])
        for rule in rules
    ]
    failures, skipped = outcomes.count("failure"), outcomes.count("skipped")
    for name, value in (
        ("tests", str(len(rules))),
        ("failures", str(failures)),
        ("errors", "0"),
        ("skipped", str(skipped)),
        ("time", "0"),
        ("timestamp", timestamp),
    ):
        suite.set(name, value)
    if verdict.expired_waivers:
        _sub(
            suite,
            "system-out",
            "\n".join(
                f"expired waiver {w.component}/{w.finding} (expired {w.expires}): {w.reason}"
                for w in verdict.expired_waivers
            ),
        )
    return len(rules), failures


def _bad_suite(root: ET.Element, label: str, error: str, timestamp: str) -> None:
    """An input that could not be read: a suite of one test case in error."""
    attrs = {"tests": "1", "failures": "0", "errors": "1", "skipped": "0", "time": "0"}
    suite = _sub(root, "testsuite", name=f"licscan check: {label}", **attrs, timestamp=timestamp)
    classname = "licscan." + re.sub(r"[^A-Za-z0-9_-]+", "_", label).strip("_")
    case = _sub(suite, "testcase", name="read input", classname=classname, time="0")
    _sub(case, "error", error, message=error, type="bad-input")


def render(reports: Sequence[Report], context: RenderContext, bad_inputs: BadInputs = ()) -> bytes:
    """The JUnit XML document, UTF-8 with an XML declaration, 2-space indented."""
    root = ET.Element("testsuites", {"name": "licscan check"})
    timestamp = context.timestamp.strftime("%Y-%m-%dT%H:%M:%S")
    rules = rule_ids(reports)
    counts = [_testsuite(root, r, rules, timestamp) for r in reports]
    for label, error in bad_inputs:
        _bad_suite(root, label, error, timestamp)
    root.set("tests", str(sum(t for t, _f in counts) + len(bad_inputs)))
    root.set("failures", str(sum(f for _t, f in counts)))
    root.set("errors", str(len(bad_inputs)))
    root.set("time", "0")
    ET.indent(root, space="  ")
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
