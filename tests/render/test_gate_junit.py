"""The JUnit XML gate result, validated against the Jenkins/Surefire junit-10.xsd (vendored)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from licscan.judge import FINDING_IDS
from licscan.model import Finding, Report, Severity, Verdict
from licscan.render import RenderContext
from licscan.render import junit as junit_render

XSD = Path(__file__).resolve().parent / "schemas" / "junit-10.xsd"
CONTEXT = RenderContext(datetime(2024, 4, 15, 12, 0, tzinfo=timezone.utc), "0.1.0")


def _junit(reports: list[Report]) -> etree._Element:
    data = junit_render.render(reports, CONTEXT)
    assert data.startswith(b"<?xml")
    root = etree.fromstring(data)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(root), schema.error_log
    return root


def _cases(suite: etree._Element) -> dict[str, etree._Element]:
    return {case.get("name"): case for case in suite.iter("testcase")}


def test_a_failing_archive_fails_the_rule_it_violates(gpl_report: Report) -> None:
    root = _junit([gpl_report])
    (suite,) = root.findall("testsuite")
    cases = _cases(suite)
    assert list(cases) == list(FINDING_IDS)
    assert suite.get("tests") == str(len(FINDING_IDS)) and suite.get("failures") == "1"
    assert suite.get("errors") == "0" and suite.get("skipped") == "0"
    assert suite.get("timestamp") == "2024-04-15T12:00:00"
    failure = cases["gpl-in-interpreter"].find("failure")
    assert failure is not None and failure.get("type") == "gpl-in-interpreter"
    assert failure.get("message") == "2 violation(s) of gpl-in-interpreter: gdbm, readline"
    assert "remedy:" in (failure.text or "")
    assert cases["source-offer"].find("failure") is None
    assert "Berkeley DB" in (cases["source-offer"].findtext("system-out") or "")
    assert len(cases["denied-license"]) == 0  # passing, nothing to say
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["policy"] == "default" and props["status"] == "fails policy"
    assert props["sha256"] == gpl_report.inventory.archive.sha256
    assert props["release"] == "20221220"  # from the file name
    assert root.get("failures") == "1"


def test_waived_findings_skip_or_note_and_expired_waivers_are_listed(
    waived_report: Report,
) -> None:
    suite = _junit([waived_report]).find("testsuite")
    assert suite is not None
    case = _cases(suite)["gpl-in-interpreter"]
    failure = case.find("failure")
    assert failure is not None and "gdbm" in (failure.get("message") or "")
    assert "readline" not in (failure.get("message") or "")
    assert "internal use only" in (case.findtext("system-out") or "")  # the waived one
    assert "expired waiver gdbm/gpl-in-interpreter" in (suite.findtext("system-out") or "")


def test_a_rule_whose_findings_are_all_waived_is_skipped(gpl_report: Report) -> None:
    from dataclasses import replace

    from licscan.model import Waiver

    waiver = Waiver("*", "gpl-in-interpreter", "internal only")
    findings = tuple(
        replace(f, waiver=waiver) if f.id == "gpl-in-interpreter" else f
        for f in gpl_report.verdict.findings
    )
    report = Report(gpl_report.inventory, replace(gpl_report.verdict, findings=findings))
    suite = _junit([report]).find("testsuite")
    assert suite is not None and suite.get("failures") == "0" and suite.get("skipped") == "1"
    skipped = _cases(suite)["gpl-in-interpreter"].find("skipped")
    assert skipped is not None and skipped.get("message") == "waived: internal only"


def test_several_installations_give_one_testsuite_each(
    several_reports: tuple[Report, ...],
) -> None:
    root = _junit(list(several_reports))
    suites = root.findall("testsuite")
    assert [s.get("name", "").rsplit("(", 1)[-1] for s in suites] == ["new/py)", "old/py)"]
    assert [s.get("failures") for s in suites] == ["0", "1"]
    assert root.get("tests") == str(2 * len(FINDING_IDS)) and root.get("failures") == "1"
    assert len({c.get("classname") for s in suites for c in s.iter("testcase")}) == 2


def test_unknown_ids_get_a_test_case_and_control_characters_are_replaced(
    clean_report: Report,
) -> None:
    odd = Finding("future-finding", Severity.ERROR, "x\x01y", "bad \x1b[31m name", (), "", None)
    odd = Finding(**{**odd.__dict__, "violates_policy": True})
    verdict = Verdict((*clean_report.verdict.findings, odd), clean_report.verdict.policy_name)
    suite = _junit([Report(clean_report.inventory, verdict)]).find("testsuite")
    assert suite is not None
    failure = _cases(suite)["future-finding"].find("failure")
    assert failure is not None and "\ufffd[31m" in (failure.text or "")
