"""The SARIF 2.1.0 gate result, validated against the OASIS schema (vendored in schemas/)."""

from __future__ import annotations

import dataclasses
import json
import re
import urllib.parse
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import licscan
from licscan.judge import FINDING_IDS
from licscan.model import Report
from licscan.render import RenderContext, render_gate
from licscan.render import sarif as sarif_render

SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-2.1.0-rtm.5.json"
CONTEXT = RenderContext(datetime(2024, 4, 15, 12, 0, tzinfo=timezone.utc), "0.1.0")


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def _sarif(reports: list[Report]) -> dict[str, Any]:
    data = sarif_render.render(reports, CONTEXT)
    document: dict[str, Any] = json.loads(data)
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return document


def test_the_schema_is_the_sarif_2_1_0_one() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert "2.1.0" in schema["title"]


def test_a_failing_archive_is_valid_sarif_with_a_rule_per_finding_id(gpl_report: Report) -> None:
    doc = _sarif([gpl_report])
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "licscan" and driver["version"] == "0.1.0"
    assert "informationUri" not in driver
    rules = [r["id"] for r in driver["rules"]]
    assert rules == list(FINDING_IDS)
    assert driver["rules"][0]["shortDescription"]["text"] == FINDING_IDS["gpl-in-interpreter"]
    results = run["results"]
    assert len(results) == len(gpl_report.verdict.findings)
    errors = [r for r in results if r["level"] == "error"]
    assert {r["properties"]["component"] for r in errors} == {"gdbm", "readline"}
    assert all(r["ruleId"] == "gpl-in-interpreter" for r in errors)
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["source-offer"] == "warning" and levels["license-file-unreferenced"] == "note"
    assert run["properties"]["passed"] is False and run["properties"]["violations"] == 2


def test_locations_name_the_archive_the_component_and_the_members(gpl_report: Report) -> None:
    run = _sarif([gpl_report])["runs"][0]
    name = gpl_report.inventory.archive.file_name
    assert run["artifacts"][0]["location"]["uri"] == name
    assert run["artifacts"][0]["hashes"]["sha-256"] == gpl_report.inventory.archive.sha256
    readline = next(r for r in run["results"] if r["properties"]["component"] == "readline")
    (location,) = readline["locations"]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": name, "index": 0}
    logical = location["logicalLocations"]
    assert logical[0] == {"name": "readline", "fullyQualifiedName": "readline", "kind": "module"}
    assert logical[1]["fullyQualifiedName"] == "python/build/lib/libreadline.a"
    unreferenced = next(r for r in run["results"] if r["ruleId"] == "license-file-unreferenced")
    names = [loc["fullyQualifiedName"] for loc in unreferenced["locations"][0]["logicalLocations"]]
    assert names == ["python/licenses/LICENSE.libedit.txt", "python/licenses/LICENSE.tix.txt"]


def test_waived_findings_are_suppressed_with_the_reason(waived_report: Report) -> None:
    results = _sarif([waived_report])["runs"][0]["results"]
    by_component = {r["properties"]["component"]: r for r in results if r["level"] == "error"}
    readline, gdbm = by_component["readline"], by_component["gdbm"]
    assert readline["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "internal use only, not redistributed",
        }
    ]
    assert readline["properties"]["violation"] is False
    assert "suppressions" not in gdbm and gdbm["properties"]["violation"] is True


def test_a_clean_archive_has_no_error_results(clean_report: Report) -> None:
    run = _sarif([clean_report])["runs"][0]
    assert run["properties"]["passed"] is True
    assert not [r for r in run["results"] if r["level"] == "error"]


def test_several_installations_give_one_run_each_with_distinct_categories(
    several_reports: tuple[Report, ...],
) -> None:
    doc = _sarif(list(several_reports))
    runs = doc["runs"]
    assert [r["properties"]["root"] for r in runs] == ["new/py", "old/py"]
    ids = [r["automationDetails"]["id"] for r in runs]
    assert len({i.rsplit("/", 1)[0] for i in ids}) == 2
    assert len({r["automationDetails"]["guid"] for r in runs}) == 2
    assert [r["properties"]["passed"] for r in runs] == [True, False]
    old = runs[1]
    gpl = [r for r in old["results"] if r["ruleId"] == "gpl-in-interpreter"]
    assert gpl and all(r["level"] == "error" for r in gpl)


def test_sarif_is_deterministic_and_derives_ids_from_the_archive(gpl_report: Report) -> None:
    first = render_gate(gpl_report, "sarif")
    assert first == licscan.render_gate([gpl_report], "sarif")
    run = json.loads(first)["runs"][0]
    assert run["automationDetails"]["id"].endswith(gpl_report.inventory.archive.sha256)
    fingerprints = [r["partialFingerprints"]["licscanFinding/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_an_unknown_gate_format_is_a_usage_error(gpl_report: Report) -> None:
    with pytest.raises(licscan.UsageError, match="sarif"):
        render_gate(gpl_report, "yaml")


def test_the_validator_rejects_what_sarif_forbids() -> None:
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal"}]}]}
    assert list(_validator().iter_errors(bad))


def test_the_vendored_schemas_are_the_recorded_files() -> None:
    import hashlib
    import re

    notes = (SCHEMA.parent / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"^## `([^`]+)`.*?SHA-256: `([0-9a-f]{64})`", notes, re.M | re.S))
    assert sorted(recorded) == ["junit-10.xsd", "sarif-2.1.0-rtm.5.json"]
    for name, digest in recorded.items():
        assert hashlib.sha256((SCHEMA.parent / name).read_bytes()).hexdigest() == digest, name


# RFC 3986: unreserved, sub-delims, ":", "@", "/" and percent-escapes; nothing else
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


@pytest.mark.parametrize(
    "name", ["my python.tar.zst", "ünï cöde", "dist#1.tar.gz", "100%.tar", "a:b.tar", "q?.tar"]
)
def test_the_artifact_uri_is_a_uri_reference_for_any_file_name(
    gpl_report: Report, name: str
) -> None:
    """A folder or file named with spaces, non-ASCII, `#`, `%`, `?` or `:` (a file name is no
    URI): the SARIF `uri` is its percent-encoded form (SARIF 3.10.2), a relative reference
    whose first segment has no `:` (it would read as a scheme), decoding back to the name."""
    archive = dataclasses.replace(gpl_report.inventory.archive, file_name=name)
    inventory = dataclasses.replace(gpl_report.inventory, archive=archive)
    run = _sarif([Report(inventory, gpl_report.verdict)])["runs"][0]
    uris = [run["artifacts"][0]["location"]["uri"]]
    uris += [loc["physicalLocation"]["artifactLocation"]["uri"]
             for r in run["results"] for loc in r["locations"]]  # fmt: skip
    for uri in uris:
        assert _URI_REFERENCE.fullmatch(uri), uri
        assert ":" not in uri.split("/")[0], uri
        assert urllib.parse.unquote(uri) == name


def test_a_pbs_asset_name_is_its_own_uri(gpl_report: Report) -> None:
    run = _sarif([gpl_report])["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == gpl_report.inventory.archive.file_name
