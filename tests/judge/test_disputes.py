"""Disputed licenses as data (#14): Berkeley DB 6.x, Sleepycat per the shipped text, AGPL-3.0-only
per upstream; every output shows both readings with their sources, and a policy picks one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan import api
from licscan.errors import PolicyError
from licscan.judge import parse_policy
from licscan.model import Finding, Report, Severity
from tests.builders import era_archive, to_install_only, write_archive

LINUX_314 = "cpython-3.14.7+20260814-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
SOURCES = ("license_change60.html", "Updated LICENSE file to reflect change to AGPL")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = write_archive(
        era_archive("linux-3.14-20260814"), tmp_path_factory.mktemp("d") / LINUX_314
    )
    return api.report(path)


def _disputed(report: Report) -> Finding:
    (found,) = [f for f in report.verdict.findings if f.id == "disputed-license"]
    return found


def test_berkeley_db_carries_the_dispute_from_the_data_file(report: Report) -> None:
    bdb = report.inventory.component("bdb")
    assert bdb is not None and bdb.version == "6.0.19"
    (dispute,) = bdb.disputes
    assert dispute.id == "berkeley-db" and dispute.version_known
    assert dispute.shipped.expression == "Sleepycat"
    assert dispute.other.expression == "AGPL-3.0-only"
    assert any("license_change60.html" in s.document for s in dispute.other.sources)
    assert all(s.says for s in dispute.shipped.sources + dispute.other.sources)
    cpython = report.inventory.component("cpython")
    assert cpython is not None and cpython.disputes == ()


def test_the_finding_names_both_readings_and_their_sources(report: Report) -> None:
    finding = _disputed(report)
    assert finding.component == "bdb"
    assert "Sleepycat per the bundled license text; disputed: AGPL-3.0-only per" in finding.message
    evidence = "\n".join(finding.evidence)
    assert "Sleepycat: LICENSE of the db-6.0.19 source tarball" in evidence
    for needle in SOURCES:
        assert needle in evidence
    offer = next(f for f in report.verdict.findings if f.id == "source-offer")
    assert "Its license is disputed: Sleepycat per the bundled license text" in offer.message


def test_default_policy_follows_the_stricter_reading_as_needing_review(report: Report) -> None:
    finding = _disputed(report)
    assert finding.severity is Severity.WARNING and finding.license == "AGPL-3.0-only"
    assert not finding.violates_policy
    assert "follows the stricter reading (AGPL-3.0-only)" in finding.message
    assert report.verdict.status == "needs review"


def test_a_policy_denying_agpl_fails_on_the_strict_reading(report: Report) -> None:
    verdict = api.judge(report.inventory, parse_policy('deny = ["AGPL-*"]'))
    assert [f.id for f in verdict.violations] == ["disputed-license"]


def test_a_policy_following_the_shipped_text_makes_it_info(report: Report) -> None:
    policy = parse_policy('deny = ["AGPL-*"]\n[disputes]\nberkeley-db = "shipped-text"\n')
    verdict = api.judge(report.inventory, policy)
    (finding,) = [f for f in verdict.findings if f.id == "disputed-license"]
    assert finding.severity is Severity.INFO and finding.license == "Sleepycat"
    assert "follows the shipped license text (Sleepycat)" in finding.message
    assert verdict.passed


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[disputes]\nberkeley-db = "lenient"', "choose 'strict' or 'shipped-text'"),
        ('[disputes]\nopenssl = "strict"', "'openssl' is not a dispute licscan knows"),
        ('disputes = "strict"', "[disputes] must be a table"),
    ],
)
def test_bad_disputes_tables_are_policy_errors(table: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_policy(table)


def test_every_output_format_shows_the_dispute_with_its_sources(report: Report) -> None:
    outputs = {fmt: api.render_report(report, fmt).decode() for fmt in ("notice", "html")}
    document = json.loads(api.render_report(report, "json"))
    (bdb,) = [c for c in document["components"] if c["key"] == "bdb"]
    (dispute,) = bdb["disputes"]
    assert dispute["shipped"]["license"] == "Sleepycat"
    assert dispute["other"]["license"] == "AGPL-3.0-only"
    assert any("license_change60" in s["document"] for s in dispute["other"]["sources"])
    assert "disputed-license" in bdb["findings"]

    bom = json.loads(api.render_report(report, "cyclonedx"))
    (component,) = [c for c in bom["components"] if c["bom-ref"] == "component:bdb"]
    assert component["licenses"][0]["expression"] == "Sleepycat"
    props = {
        p["value"]
        for p in component["properties"]
        if p["name"].startswith("licscan:license-dispute")
    }
    assert any(
        "Sleepycat per the bundled license text; disputed: AGPL-3.0-only" in p for p in props
    )
    assert any(SOURCES[0] in p for p in props) and any(SOURCES[1] in p for p in props)

    spdx = json.loads(api.render_report(report, "spdx"))
    (package,) = [p for p in spdx["packages"] if p["name"] == "Berkeley DB"]
    assert "Sleepycat" in package["licenseConcluded"]
    comment = package["licenseComments"]
    assert "license disputed (berkeley-db): Sleepycat per the bundled license text" in comment
    assert all(s in comment for s in SOURCES)

    graph = json.loads(api.render_report(report, "spdx3"))["@graph"]
    (element,) = [e for e in graph if isinstance(e, dict) and e.get("name") == "Berkeley DB"]
    assert (
        "license disputed (berkeley-db): Sleepycat per the bundled license text"
        in (element["comment"])
    )
    assert all(s in element["comment"] for s in SOURCES)

    notice = outputs["notice"]
    assert "Disputed:" in notice and "AGPL-3.0-only" in notice
    assert all(s in " ".join(notice.split()) for s in SOURCES)

    html = outputs["html"]
    assert 'data-dispute="berkeley-db"' in html
    assert all(s in html for s in SOURCES[:1]) and "reflect change to AGPL" in html


def test_an_unknown_version_may_be_concerned(tmp_path: Path) -> None:
    """install_only of an unknown release: Berkeley DB inferred without a version."""
    spec = to_install_only(era_archive("linux-3.14-20260814"))
    path = write_archive(
        spec, tmp_path / LINUX_314.replace("-full.tar.zst", "-install_only.tar.gz"), container="gz"
    )
    bdb = api.scan(path).component("bdb")
    assert bdb is not None
    (dispute,) = bdb.disputes
    assert dispute.version_known is (bdb.version is not None)


def test_sboms_keep_the_declared_license_and_carry_the_other_reading_as_a_comment(
    report: Report,
) -> None:
    bom = json.loads(api.render_report(report, "cyclonedx"))
    assert "AGPL" not in json.dumps([c.get("licenses") for c in bom["components"]])
    spdx = json.loads(api.render_report(report, "spdx"))
    assert "AGPL" not in json.dumps([p.get("licenseConcluded") for p in spdx["packages"]])
