"""The json, notice, cyclonedx and spdx renderers, on two hand-built reports."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from licscan.errors import UsageError
from licscan.model import (
    UNKNOWN_LICENSE,
    ArchiveSummary,
    AssetName,
    BinaryEvidence,
    BuildOnlyVariant,
    Component,
    ComponentKind,
    Container,
    Correction,
    FileStatus,
    Finding,
    Flavor,
    Inventory,
    License,
    LicenseDirEntry,
    LicenseFile,
    LinkKind,
    LinkUse,
    MemberHash,
    PythonJson,
    ReleaseInfo,
    ReleaseSource,
    Report,
    Severity,
    Shipping,
    SystemLibrary,
    Verdict,
    Waiver,
)
from licscan.render import cyclonedx as cdx_render
from licscan.render import json as json_render
from licscan.render import notice as notice_render
from licscan.render import spdx as spdx_render
from licscan.render.context import RenderContext
from licscan.render.formats import FORMATS

REPO = Path(__file__).resolve().parents[2]
CONTEXT = RenderContext(datetime(2024, 4, 15, 12, 0, tzinfo=timezone.utc), "0.1.0")

# Short stand-in texts written for these tests (not third-party license texts).
TEXTS = {
    "licenses/LICENSE.cpython.txt": "Stand-in text: PSF license agreement for CPython.\n",
    "licenses/LICENSE.openssl-3.txt": "Stand-in text: Apache License 2.0 for OpenSSL 3.\n",
    "licenses/LICENSE.openssl-1.1.txt": "Stand-in text: OpenSSL and SSLeay license.\n",
    "licenses/LICENSE.sqlite.txt": "Stand-in text: SQLite is in the public domain.\n",
    "licenses/LICENSE.tcl.txt": "Stand-in text: Tcl/Tk license terms, shared by tcl and tk.\n",
    "licenses/LICENSE.libedit.txt": "Stand-in text: libedit BSD license.\n",
    "licenses/LICENSE.ncurses.txt": "Stand-in text: ncurses X11 license.\n",
    "licenses/LICENSE.libuuid.txt": "Stand-in text: libuuid custom BSD-style license.\n",
    "licenses/LICENSE.readline.txt": "Stand-in text: GNU GPL version 3 for readline.\n",
    "install/lib/python3.11/site-packages/pip-24.0.dist-info/LICENSE.txt": (
        "Stand-in text: MIT license of pip.\n"
    ),
}
SHARED_TEXT = TEXTS["licenses/LICENSE.tcl.txt"]


def _file(path: str, status: FileStatus = FileStatus.PRESENT) -> LicenseFile:
    present = status is FileStatus.PRESENT
    return LicenseFile(
        path=path,
        member=f"python/{path}",
        status=status,
        sha256=("ab" * 32) if present else None,
        size=len(TEXTS.get(path, "")) if present else None,
    )


def _lic(expression: str, *written: str, **changes: Any) -> License:
    return replace(License(expression, written=written or (expression,)), **changes)


def _use(ext: str, link: str, kind: LinkKind, variant: str = "default") -> LinkUse:
    path = f"build/lib/lib{link}.a" if kind is LinkKind.STATIC else None
    return LinkUse(ext, variant, link, kind, path=path, path_present=path is not None)


def _component(
    key: str, kind: ComponentKind, shipping: Shipping, lic: License, **changes: Any
) -> Component:
    return replace(Component(key, key, kind, shipping, declared=lic, concluded=lic), **changes)


LIB, BUNDLED, SYSTEM = ComponentKind.LIBRARY, Shipping.BUNDLED, Shipping.SYSTEM


def macos_report() -> Report:
    """aarch64-apple-darwin 3.11.9: OpenSSL double annotation, public-domain sqlite,
    system libedit and ncurses, a missing zstd license file."""
    cpython = _component(
        "cpython",
        ComponentKind.INTERPRETER,
        BUNDLED,
        _lic("Python-2.0 AND CNRI-Python", "Python-2.0", "CNRI-Python"),
        version="3.11.9",
        version_source="PYTHON.json python_version",
        license_files=(_file("licenses/LICENSE.cpython.txt"),),
        hashes=(MemberHash("python/install/lib/libpython3.11.dylib", "cd" * 32),),
    )
    declared_ssl = _lic("Apache-2.0 AND OpenSSL", "Apache-2.0", "OpenSSL")
    openssl = Component(
        key="openssl-3",
        name="openssl-3",
        kind=LIB,
        shipping=BUNDLED,
        declared=declared_ssl,
        concluded=_lic("Apache-2.0"),
        version="3.0.13",
        version_source="binary evidence",
        links=(_use("_hashlib", "crypto", LinkKind.STATIC), _use("_ssl", "ssl", LinkKind.STATIC)),
        license_files=(_file("licenses/LICENSE.openssl-3.txt"),),
        corrections=(
            Correction(
                "openssl-double-annotation",
                "PYTHON.json names both OpenSSL 1.1 and 3 licenses; only OpenSSL 3 is linked.",
                "Apache-2.0 AND OpenSSL",
                "Apache-2.0",
                ("openssl-version 3.0.13",),
            ),
        ),
    )
    public_domain = License("LicenseRef-PBS-Public-Domain", written=(), public_domain=True)
    components = (
        cpython,
        _component(
            "lib:intl",
            LIB,
            BUNDLED,
            UNKNOWN_LICENSE,
            links=(_use("_locale", "intl", LinkKind.STATIC),),
            notes=("matches no catalog entry",),
        ),
        _component(
            "libedit",
            LIB,
            SYSTEM,
            _lic("BSD-3-Clause"),
            version="20210910-3.1",
            links=(_use("readline", "edit", LinkKind.SYSTEM),),
            license_files=(_file("licenses/LICENSE.libedit.txt"),),
        ),
        _component(
            "ncurses",
            LIB,
            SYSTEM,
            _lic("X11"),
            version="6.4",
            links=(
                _use("_curses", "ncurses", LinkKind.SYSTEM),
                _use("readline", "ncurses", LinkKind.SYSTEM),
            ),
            license_files=(_file("licenses/LICENSE.ncurses.txt"),),
        ),
        openssl,
        _component(
            "sqlite",
            LIB,
            BUNDLED,
            public_domain,
            version="3450100",
            links=(_use("_sqlite3", "sqlite3", LinkKind.STATIC),),
            license_files=(_file("licenses/LICENSE.sqlite.txt"),),
        ),
        _component(
            "tcl",
            LIB,
            BUNDLED,
            _lic("TCL"),
            version="8.6.13",
            links=(_use("_tkinter", "tcl8.6", LinkKind.STATIC),),
            license_files=(_file("licenses/LICENSE.tcl.txt"),),
        ),
        _component(
            "tk",
            LIB,
            BUNDLED,
            _lic("TCL"),
            version="8.6.13",
            links=(_use("_tkinter", "tk8.6", LinkKind.STATIC),),
            license_files=(_file("licenses/LICENSE.tcl.txt"),),
        ),
        _component(
            "uuid",
            LIB,
            BUNDLED,
            _lic(
                "LicenseRef-PBS-BSD-3-Clause-Custom",
                "BSD-3-Clause-Custom",
                invalid=("BSD-3-Clause-Custom",),
            ),
            version="1.0.3",
            links=(_use("_uuid", "uuid", LinkKind.STATIC),),
            license_files=(_file("licenses/LICENSE.libuuid.txt"),),
        ),
        _component(
            "zstd",
            LIB,
            BUNDLED,
            _lic("BSD-3-Clause"),
            version="1.5.5",
            links=(_use("_zstd", "zstd", LinkKind.STATIC),),
            license_files=(_file("licenses/LICENSE.zstd.txt", FileStatus.MISSING),),
        ),
        _component(
            "compiler-rt",
            ComponentKind.RUNTIME,
            Shipping.BUILD_ONLY,
            _lic("Apache-2.0 WITH LLVM-exception"),
            hashes=(MemberHash("python/build/lib/libclang_rt.osx.a", "ef" * 32),),
        ),
        _component(
            "pypi/pip",
            ComponentKind.PYTHON_PACKAGE,
            BUNDLED,
            _lic("MIT"),
            version="24.0",
            license_files=(
                _file("install/lib/python3.11/site-packages/pip-24.0.dist-info/LICENSE.txt"),
            ),
        ),
    )
    license_dir = tuple(
        LicenseDirEntry(_file(p), referenced_by=refs)
        for p, refs in (
            ("licenses/LICENSE.cpython.txt", ("cpython",)),
            ("licenses/LICENSE.libedit.txt", ("libedit",)),
            ("licenses/LICENSE.libuuid.txt", ("uuid",)),
            ("licenses/LICENSE.ncurses.txt", ("ncurses",)),
            ("licenses/LICENSE.openssl-1.1.txt", ()),
            ("licenses/LICENSE.openssl-3.txt", ("openssl-3",)),
            ("licenses/LICENSE.sqlite.txt", ("sqlite",)),
            ("licenses/LICENSE.tcl.txt", ("tcl", "tk")),
        )
    )
    file_name = "cpython-3.11.9+20240415-aarch64-apple-darwin-pgo+lto-full.tar.zst"
    inventory = Inventory(
        archive=ArchiveSummary(
            file_name, file_name, Container.ZSTD_TAR, "12" * 32, 123456, 4000, 1713139200
        ),
        flavor=Flavor.FULL,
        python_version="3.11.9",
        target_triple="aarch64-apple-darwin",
        build_options="pgo+lto",
        release=ReleaseInfo(
            ReleaseSource.FILE_NAME, tag="20240415", detail="+20240415 in the name"
        ),
        asset=AssetName(file_name, "3.11.9", "aarch64-apple-darwin", "pgo+lto", "full", "20240415"),
        metadata=PythonJson(
            "7",
            "3.11.9",
            "aarch64-apple-darwin",
            optimizations="pgo+lto",
            licenses=("Python-2.0", "CNRI-Python"),
            license_path="licenses/LICENSE.cpython.txt",
        ),
        components=components,
        system_libraries=(SystemLibrary("CoreFoundation", LinkKind.FRAMEWORK, ("_scproxy",)),),
        license_dir=license_dir,
        license_texts=dict(TEXTS),
        evidence=(
            BinaryEvidence("python/install/lib/libpython3.11.dylib", "openssl-version", "3.0.13"),
        ),
    )
    verdict = Verdict(
        findings=(
            Finding(
                "missing-license-file",
                Severity.WARNING,
                "zstd",
                "licenses/LICENSE.zstd.txt is referenced but not in the archive",
                remedy="Add the zstd license text to the notice yourself.",
            ),
            Finding(
                "metadata-corrected", Severity.INFO, "openssl-3", "OpenSSL annotation corrected"
            ),
        )
    )
    return Report(inventory, verdict)


def linux_report() -> Report:
    """x86_64 Linux 3.9 from 2022: GNU readline in libpython (GPL), libedit variant in build/."""
    gpl = License("GPL-3.0-only", written=("GPL-3.0",), deprecated=(("GPL-3.0", "GPL-3.0-only"),))
    components = (
        _component(
            "cpython",
            ComponentKind.INTERPRETER,
            BUNDLED,
            _lic("Python-2.0 AND CNRI-Python", "Python-2.0", "CNRI-Python"),
            version="3.9.16",
            license_files=(_file("licenses/LICENSE.cpython.txt"),),
        ),
        _component(
            "libedit",
            LIB,
            Shipping.BUILD_ONLY,
            _lic("BSD-3-Clause"),
            links=(_use("readline", "edit", LinkKind.STATIC, "libedit"),),
            license_files=(_file("licenses/LICENSE.libedit.txt"),),
        ),
        _component(
            "ncurses",
            LIB,
            BUNDLED,
            _lic("X11"),
            version="6.3",
            links=(_use("readline", "ncursesw", LinkKind.STATIC),),
            license_files=(_file("licenses/LICENSE.ncurses.txt"),),
        ),
        _component(
            "readline",
            LIB,
            BUNDLED,
            gpl,
            version="8.2",
            links=(_use("readline", "readline", LinkKind.STATIC),),
            license_files=(_file("licenses/LICENSE.readline.txt"),),
        ),
        _component("musl", ComponentKind.RUNTIME, BUNDLED, _lic("MIT")),
    )
    file_name = "cpython-3.9.16-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
    inventory = Inventory(
        archive=ArchiveSummary(
            file_name, file_name, Container.ZSTD_TAR, "34" * 32, 654321, 3000, None
        ),
        flavor=Flavor.FULL,
        python_version="3.9.16",
        target_triple="x86_64-unknown-linux-gnu",
        build_options="pgo+lto",
        release=ReleaseInfo(
            ReleaseSource.CONTENTS,
            earliest="20221106",
            latest="20221220",
            detail="CPython 3.9.16 shipped in these releases",
        ),
        asset=None,
        metadata=None,
        components=components,
        license_texts=dict(TEXTS),
        build_only_variants=(
            BuildOnlyVariant("readline", "libedit", _lic("BSD-3-Clause AND X11")),
        ),
        notes=("readline default variant links GNU readline",),
    )
    verdict = Verdict(
        findings=(
            Finding(
                "gpl-in-interpreter",
                Severity.ERROR,
                "readline",
                "GNU readline (GPL-3.0-only) is statically linked into libpython",
                evidence=("readline default variant links build/lib/libreadline.a",),
                remedy="Use a release from 20230116 or later.",
                license="GPL-3.0-only",
                violates_policy=True,
            ),
            Finding(
                "source-offer",
                Severity.WARNING,
                "ncurses",
                "example waived warning",
                waiver=Waiver("ncurses", "source-offer", "reviewed by legal", "2030-01-01"),
            ),
        ),
        expired_waivers=(Waiver("readline", "gpl-in-interpreter", "old exception", "2020-01-01"),),
    )
    return Report(inventory, verdict)


REPORTS = {"macos": macos_report, "linux": linux_report}
MINE = ("json", "notice", "cyclonedx", "spdx")


def _render(fmt: str, report: Report, context: RenderContext = CONTEXT) -> bytes:
    return FORMATS[fmt].renderer(report, context)


def _notice_parts(report: Report) -> tuple[str, dict[str, str]]:
    """The notice header (before the component list) and its numbered sections by number."""
    text = _render("notice", report).decode()
    header = text.split("\nComponents:\n")[0]
    pieces = re.split(r"^={78}\n(\d)\. [^\n]*\n={78}$", text, flags=re.M)
    return header, dict(zip(pieces[1::2], pieces[2::2], strict=True))


def _cdx_component(document: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in document["components"] if c["bom-ref"] == f"component:{key}")


def _props(component: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in component.get("properties", []) if p["name"] == f"licscan:{name}"]


def test_formats_registry_names_renderers_and_suffixes() -> None:
    suffixes = {name: fmt.suffix for name, fmt in FORMATS.items()}
    assert suffixes["json"] == ".licscan.json"
    assert suffixes["notice"] == ".NOTICE.txt"
    assert suffixes["cyclonedx"] == ".cdx.json"
    assert suffixes["spdx"] == ".spdx.json"
    report = REPORTS["macos"]()
    assert FORMATS["spdx"].renderer(report, CONTEXT) == spdx_render.render(report, CONTEXT)
    assert FORMATS["json"].renderer(report, CONTEXT) == json_render.render(report, CONTEXT)


@pytest.mark.parametrize("which", sorted(REPORTS))
def test_every_component_appears_in_every_format(which: str) -> None:
    report = REPORTS[which]()
    keys = [c.key for c in report.inventory.components]
    doc = json.loads(_render("json", report))
    assert [c["key"] for c in doc["components"]] == keys
    notice = _render("notice", report).decode()
    cdx = json.loads(_render("cyclonedx", report))
    spdx = json.loads(_render("spdx", report))
    for c in report.inventory.components:
        assert re.search(rf"^(  \* )?{re.escape(c.name)} ", notice, flags=re.M), c.key
        assert _cdx_component(cdx, c.key)["name"] == c.name
        assert [p for p in spdx["packages"] if p["name"] == c.name], c.key


@pytest.mark.parametrize("which", sorted(REPORTS))
def test_cyclonedx_validates_against_strict_1_6_schema(which: str) -> None:
    text = _render("cyclonedx", REPORTS[which]()).decode()
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    assert errors is None, errors
    assert json.loads(text)["specVersion"] == "1.6"


@pytest.mark.parametrize("which", sorted(REPORTS))
def test_spdx_parses_back_and_validates_without_messages(which: str, tmp_path: Path) -> None:
    report = REPORTS[which]()
    path = tmp_path / "out.spdx.json"
    path.write_bytes(_render("spdx", report))
    document = parse_file(str(path))
    assert validate_full_spdx_document(document) == []
    names = {p.name for p in document.packages}
    assert {c.name for c in report.inventory.components} <= names


def test_spdx_relationships_and_license_refs() -> None:
    spdx = json.loads(_render("spdx", macos_report()))
    rels = {(r["relationshipType"], r["relatedSpdxElement"]) for r in spdx["relationships"]}
    assert ("DESCRIBES", "SPDXRef-Distribution") in rels
    assert ("CONTAINS", "SPDXRef-Component-openssl-3") in rels
    assert ("CONTAINS", "SPDXRef-Component-libedit") not in rels  # system: not distributed
    # CPython is what links: compiled in, or taken from the operating system
    linked = {
        (r["relationshipType"], r["relatedSpdxElement"])
        for r in spdx["relationships"]
        if r["spdxElementId"] == "SPDXRef-Component-cpython"
    }
    assert ("STATIC_LINK", "SPDXRef-Component-openssl-3") in linked
    assert ("DEPENDS_ON", "SPDXRef-Component-libedit") in linked
    assert ("DYNAMIC_LINK", "SPDXRef-Component-libedit") not in linked
    refs = {e["licenseId"]: e for e in spdx["hasExtractedLicensingInfos"]}
    assert set(refs) == {"LicenseRef-PBS-Public-Domain", "LicenseRef-PBS-BSD-3-Clause-Custom"}
    assert (
        refs["LicenseRef-PBS-BSD-3-Clause-Custom"]["extractedText"]
        == (TEXTS["licenses/LICENSE.libuuid.txt"])
    )
    assert "public domain" in refs["LicenseRef-PBS-Public-Domain"]["extractedText"]
    openssl = next(p for p in spdx["packages"] if p["name"] == "openssl-3")
    assert (openssl["licenseDeclared"], openssl["licenseConcluded"]) == (
        "Apache-2.0 AND OpenSSL",
        "Apache-2.0",
    )
    assert openssl["filesAnalyzed"] is False
    assert spdx["documentNamespace"].endswith("-" + "12" * 32)


def test_gpl_finding_is_in_cyclonedx_properties_and_not_in_the_notice() -> None:
    report = linux_report()
    notice = _render("notice", report).decode()
    assert "Verdict:" not in notice and "fails policy" not in notice
    assert "gpl-in-interpreter" not in notice and "Findings" not in notice
    cdx = json.loads(_render("cyclonedx", report))
    readline = _cdx_component(cdx, "readline")
    assert "gpl-in-interpreter" in _props(readline, "finding")
    assert _props(readline, "shipping") == ["bundled"]
    assert _props(readline, "extension") == ["readline"]


def test_notice_header_names_distribution_and_release_window() -> None:
    header, _ = _notice_parts(linux_report())
    flat = " ".join(header.split())
    assert "CPython 3.9.16" in flat and "x86_64-unknown-linux-gnu" in flat
    assert "between 20221106 and 20221220 (inferred from the archive contents" in flat
    mac_header, _ = _notice_parts(macos_report())
    assert "20240415 (from the archive file name" in " ".join(mac_header.split())
    assert "gpl" not in mac_header.lower()


def test_notice_prints_each_shared_license_text_once() -> None:
    notice = _render("notice", macos_report()).decode()
    assert notice.count(SHARED_TEXT) == 1
    tk = notice.split("\ntk 8.6.13\n")[1].split("\n---")[0]
    assert "same text as printed above under tcl" in tk


def test_notice_sections_bundled_packages_build_only_system_missing() -> None:
    _, sections = _notice_parts(macos_report())
    assert TEXTS["licenses/LICENSE.openssl-3.txt"] in sections["1"]
    assert "Declared:     Apache-2.0 AND OpenSSL" in sections["1"]
    assert (
        TEXTS["install/lib/python3.11/site-packages/pip-24.0.dist-info/LICENSE.txt"]
        in (sections["2"])
    )
    assert "compiler-rt" in sections["3"]
    assert "libedit 20210910-3.1: BSD-3-Clause (used by readline)" in sections["4"]
    assert "ncurses 6.4" in sections["4"] and "CoreFoundation" in sections["4"]
    assert TEXTS["licenses/LICENSE.libedit.txt"] not in "".join(sections.values())
    assert "licenses/LICENSE.zstd.txt (zstd): missing" in sections["5"]
    assert "licenses/LICENSE.openssl-1.1.txt" in sections["5"]  # present, unreferenced

    _, linux = _notice_parts(linux_report())
    assert "libedit" in linux["3"] and TEXTS["licenses/LICENSE.libedit.txt"] in linux["3"]
    assert "readline/libedit: BSD-3-Clause AND X11" in linux["3"]
    assert TEXTS["licenses/LICENSE.readline.txt"] in linux["1"]


@pytest.mark.parametrize("fmt", MINE)
@pytest.mark.parametrize("which", sorted(REPORTS))
def test_two_renders_give_identical_bytes(fmt: str, which: str) -> None:
    first = _render(fmt, REPORTS[which]())
    assert first == _render(fmt, REPORTS[which]())
    assert first.endswith(b"\n")


def test_source_date_epoch_sets_every_timestamp(monkeypatch: pytest.MonkeyPatch) -> None:
    report = macos_report()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    from_archive = RenderContext.for_report(report, "0.1.0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    pinned = RenderContext.for_report(report, "0.1.0")
    assert from_archive.timestamp != pinned.timestamp
    doc = json.loads(_render("json", report, pinned))
    assert doc["generator"]["timestamp"] == "2001-09-09T01:46:40Z"
    assert (
        "2001-09-09T01:46:40"
        in json.loads(_render("cyclonedx", report, pinned))["metadata"]["timestamp"]
    )
    assert json.loads(_render("spdx", report, pinned))["creationInfo"]["created"] == (
        "2001-09-09T01:46:40Z"
    )
    assert "2001-09-09T01:46:40Z" in _render("notice", report, pinned).decode()
    for fmt in MINE:
        assert _render(fmt, report, pinned) != _render(fmt, report, from_archive), fmt


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "1e9", "\uff11\uff12\uff13", "1704067200x"])
def test_a_malformed_source_date_epoch_is_refused_not_ignored(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """The reproducible-builds specification: a malformed value must stop the build, never be
    silently replaced by another time."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(UsageError, match=r"SOURCE_DATE_EPOCH is .*whole number of seconds"):
        RenderContext.for_report(macos_report(), "0.1.0")


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_source_date_epoch_counts_as_unset(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    report = macos_report()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    context = RenderContext.for_report(report, "0.1.0")
    assert context.timestamp_source == "archive"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1000000000 ")
    assert RenderContext.for_report(report, "0.1.0").timestamp_source == "SOURCE_DATE_EPOCH"


def test_cyclonedx_licenses_texts_and_identity() -> None:
    report = macos_report()
    cdx = json.loads(_render("cyclonedx", report))
    openssl = _cdx_component(cdx, "openssl-3")
    assert openssl["licenses"] == [{"acknowledgement": "concluded", "expression": "Apache-2.0"}]
    assert _props(openssl, "declared-license") == ["Apache-2.0 AND OpenSSL"]
    assert _props(openssl, "correction")[0].startswith("openssl-double-annotation")
    (observed,) = openssl["evidence"]["licenses"]
    assert observed["license"]["name"] == "licenses/LICENSE.openssl-3.txt"
    decoded = base64.b64decode(observed["license"]["text"]["content"]).decode()
    assert decoded == TEXTS["licenses/LICENSE.openssl-3.txt"]
    sqlite = _cdx_component(cdx, "sqlite")
    assert sqlite["licenses"][0]["acknowledgement"] == "declared"
    assert "licenses" not in _cdx_component(cdx, "lib:intl")  # NOASSERTION
    assert _cdx_component(cdx, "pypi/pip")["purl"] == "pkg:pypi/pip@24.0"
    assert _cdx_component(cdx, "compiler-rt")["scope"] == "excluded"
    assert cdx["metadata"]["component"]["name"] == "cpython"
    assert cdx["metadata"]["tools"]["components"][0]["name"] == "licscan"
    graph = {d["ref"]: d.get("dependsOn", []) for d in cdx["dependencies"]}
    # the distribution depends on CPython and what nothing links; CPython on what it links
    reached = set(graph["distribution"]) | set(graph["component:cpython"])
    assert reached == {f"component:{c.key}" for c in report.inventory.components}
    assert "component:openssl-3" in graph["component:cpython"]
    assert "component:libedit" in graph["component:cpython"]  # the system's
    other = json.loads(_render("cyclonedx", linux_report()))
    assert cdx["serialNumber"].startswith("urn:uuid:")
    assert cdx["serialNumber"] != other["serialNumber"]


def test_json_document_facts() -> None:
    raw = _render("json", macos_report())
    doc = json.loads(raw)
    assert doc["schema"] == "licscan/inventory/1"
    assert list(doc)[:3] == ["schema", "generator", "distribution"]
    dist = doc["distribution"]
    assert dist["release"] == {
        "tag": "20240415",
        "earliest": None,
        "latest": None,
        "source": "file name",
        "known": True,
        "detail": "+20240415 in the name",
    }
    assert dist["archive"]["sha256"] == "12" * 32
    openssl = next(c for c in doc["components"] if c["key"] == "openssl-3")
    assert openssl["declared"]["expression"] == "Apache-2.0 AND OpenSSL"
    assert openssl["concluded"]["expression"] == "Apache-2.0"
    assert openssl["corrections"][0]["code"] == "openssl-double-annotation"
    zstd = next(c for c in doc["components"] if c["key"] == "zstd")
    assert zstd["license_files"][0]["status"] == "missing"
    linux = json.loads(_render("json", linux_report()))
    assert linux["verdict"]["status"] == "fails policy"
    assert linux["verdict"]["violations"] == [{"id": "gpl-in-interpreter", "component": "readline"}]
    assert linux["findings"][1]["waiver"]["reason"] == "reviewed by legal"


def _documented_keys() -> dict[str, list[str]]:
    """Object path -> keys in order, from data/inventory-schema.md."""
    text = (REPO / "data" / "inventory-schema.md").read_text(encoding="utf-8")
    documented: dict[str, list[str]] = {}
    for section in text.split("\n### ")[1:]:
        where = re.search(r"^Where: (.*)$", section, flags=re.M)
        assert where, section[:40]
        keys = re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)
        for path in re.findall(r"`([^`]+)`", where.group(1)):
            documented[path] = keys
    return documented


def _objects(value: object, path: str) -> list[tuple[str, list[str]]]:
    if isinstance(value, dict):
        found = [(path or "(top)", list(value))]
        for key, item in value.items():
            found += _objects(item, f"{path}.{key}" if path else key)
        return found
    if isinstance(value, list):
        return [pair for item in value for pair in _objects(item, f"{path}[]")]
    return []


@pytest.mark.parametrize("which", sorted(REPORTS))
def test_json_keys_follow_the_documented_schema(which: str) -> None:
    documented = _documented_keys()
    doc = json.loads(_render("json", REPORTS[which]()))
    seen = set()
    for path, keys in _objects(doc, ""):
        assert path in documented, f"{path} is not documented in data/inventory-schema.md"
        assert keys == documented[path], path
        seen.add(path)
    if which == "macos":
        assert {"distribution.asset", "distribution.python_json", "components[].links[]"} <= seen


def test_to_document_without_context_has_null_generator_fields() -> None:
    doc = json_render.to_document(macos_report())
    assert doc["generator"] == {"name": "licscan", "version": None, "timestamp": None}
    assert notice_render.describe_release(macos_report().inventory.release).startswith("20240415")
    assert cdx_render.component_ref(macos_report().inventory.components[0]) == "component:cpython"
