"""SBOMs that readers accept: NTIA minimum elements and CISA's FSCT baseline, as checked by
`ntia-conformance-checker`, on real-layout archives; CPEs vulnerability tools match; purls."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cpe import CPE
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from ntia_conformance_checker import SbomChecker

from licscan import api
from licscan.cli.example import write_example
from licscan.render.copyrights import _notices
from tests.builders import era_archive, to_install_only, write_archive

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "pbs"

ARCHIVES = {
    "macos": lambda: era_archive("macos-3.11.9-real"),
    "windows": lambda: era_archive("windows-3.11.9-real"),
    "linux": lambda: era_archive("linux-3.9-20221220"),
    "install-only": lambda: to_install_only(era_archive("linux-3.9-20221220")),
}
NAMES = {
    "macos": "cpython-3.11.9+20240415-aarch64-apple-darwin-pgo+lto-full.tar",
    "windows": "cpython-3.11.9+20240415-x86_64-pc-windows-msvc-shared-pgo-full.tar",
    "linux": "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar",
    "install-only": "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar",
}

# The CPE 2.3 formatted-string grammar of the NVD CPE dictionary schema (cpe23Type).
CPE23 = re.compile(
    r"cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!\"#$%&'\(\)\+,/:;<=>@\[\]\^`\{\|}~]))+(\?*|\*?))|[\*\-])){5}"
    r"(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-]))"
    r"(:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!\"#$%&'\(\)\+,/:;<=>@\[\]\^`\{\|}~]))+(\?*|\*?))|[\*\-])){4}"
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("sboms")
    found: dict[str, dict[str, Any]] = {}
    for which, build in ARCHIVES.items():
        archive = write_archive(build(), folder / NAMES[which], container="tar")
        report = api.report(archive)
        spdx = folder / f"{which}.spdx.json"
        spdx.write_bytes(api.render_report(report, "spdx"))
        cdx = api.render_report(report, "cyclonedx").decode()
        found[which] = {"spdx_path": spdx, "spdx": json.loads(spdx.read_text()), "cdx": cdx}
        found[which]["spdx3"] = json.loads(api.render_report(report, "spdx3"))
    return found


@pytest.mark.parametrize("which", sorted(ARCHIVES))
def test_ntia_minimum_elements_conformant(
    outputs: dict[str, dict[str, Any]], which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    checker = SbomChecker(str(outputs[which]["spdx_path"]), compliance="ntia")
    checker.print_table_output()
    printed = capsys.readouterr().out
    assert "Conformant: True" in printed, printed
    assert checker.compliant
    assert not checker.floating_component_ids  # every package is reachable from DESCRIBES


@pytest.mark.parametrize("which", sorted(ARCHIVES))
def test_fsct3_minimum_rows(outputs: dict[str, dict[str, Any]], which: str) -> None:
    """Every FSCT row licscan can fill is filled. ntia-conformance-checker 6 reads the SBOM
    type only from SPDX 3 (`software_sbomType`); for SPDX 2 that row is always False, so the
    standard as a whole cannot pass on an SPDX 2.3 document (licscan states the type in the
    creator comment; the `spdx3` format passes: test_sbom_spdx3.py). Copyright and concluded
    license may be missing here only where the archive says nothing: these archives' ensurepip
    wheels are stand-ins that cannot be read, and install_only archives carry no texts."""
    checker = SbomChecker(str(outputs[which]["spdx_path"]), compliance="fsct3-min")
    rows = dict(checker.table_elements)
    for row in (
        "All component names provided?",
        "All component versions provided?",
        "All component identifiers provided?",
        "All component suppliers provided?",
        "SBOM author name provided?",
        "SBOM creation timestamp provided?",
        "Dependency relationships provided?",
    ):
        assert rows[row], row
    assert rows["SBOM generation context (SBOM type) provided?"] is False  # SPDX 3 only
    assert not checker.validation_messages
    assert "SBOM type: Analyzed" in outputs[which]["spdx"]["creationInfo"]["comment"]
    copyright_missing = {name for name, _ in checker.components_without_copyright_texts}
    assert "OpenSSL 1.1" not in copyright_missing and "zlib" not in copyright_missing
    assert "OpenSSL 3" not in copyright_missing  # from data: its Apache text has no notice
    if which != "install-only":
        assert copyright_missing <= {"cpython", "pip", "setuptools"}, copyright_missing


def _packages(outputs: dict[str, dict[str, Any]], which: str) -> dict[str, dict[str, Any]]:
    return {p["SPDXID"]: p for p in outputs[which]["spdx"]["packages"]}


def _cpes(package: dict[str, Any]) -> list[str]:
    return [
        r["referenceLocator"]
        for r in package.get("externalRefs", [])
        if r["referenceType"] == "cpe23Type"
    ]


@pytest.mark.parametrize("which", sorted(ARCHIVES))
def test_every_cpe_is_a_cpe23_formatted_string(
    outputs: dict[str, dict[str, Any]], which: str
) -> None:
    cpes = [c for p in _packages(outputs, which).values() for c in _cpes(p)]
    assert cpes
    for name in cpes:
        assert CPE23.fullmatch(name), name
        parsed = CPE(name, CPE.VERSION_2_3)
        assert parsed.get_part() == ["a"]


def _grype_match(cpes: list[str], vendor: str, product: str, version: str) -> bool:
    """Grype's CPE matcher compares the vendor, product and version fields."""
    for name in cpes:
        parsed = CPE(name, CPE.VERSION_2_3)
        fields = (parsed.get_vendor(), parsed.get_product(), parsed.get_version())
        if fields == ([vendor], [product], [version]):
            return True
    return False


def test_vulnerability_tools_find_openssl_and_cpython(
    outputs: dict[str, dict[str, Any]],
) -> None:
    windows = _packages(outputs, "windows")
    openssl = windows["SPDXRef-Component-openssl-3"]
    assert _grype_match(_cpes(openssl), "openssl", "openssl", "3.0.13")
    assert _grype_match(_cpes(windows["SPDXRef-Component-cpython"]), "python", "python", "3.11.9")
    linux = _packages(outputs, "linux")
    assert _grype_match(_cpes(linux["SPDXRef-Component-openssl"]), "openssl", "openssl", "1.1.1s")
    assert _grype_match(_cpes(linux["SPDXRef-Component-readline"]), "gnu", "readline", "8.2")
    # no CPE without a version: it would match every CVE of the product
    assert not _cpes(linux["SPDXRef-Component-cpython-expat"])


def test_suppliers_purls_and_download_locations(outputs: dict[str, dict[str, Any]]) -> None:
    windows = _packages(outputs, "windows")
    openssl = windows["SPDXRef-Component-openssl-3"]
    assert openssl["supplier"] == "Organization: OpenSSL Software Foundation (The OpenSSL Project)"
    url = (
        "https://github.com/openssl/openssl/releases/download/openssl-3.0.13/openssl-3.0.13.tar.gz"
    )
    assert openssl["downloadLocation"] == url
    purl = next(r for r in openssl["externalRefs"] if r["referenceType"] == "purl")
    assert purl["referenceLocator"].startswith(f"pkg:generic/openssl-3@3.0.13?download_url={url}")
    pip = windows["SPDXRef-Component-pypi-pip"]
    assert next(r for r in pip["externalRefs"] if r["referenceType"] == "purl")[
        "referenceLocator"
    ] == ("pkg:pypi/pip@24.0")
    distribution = windows["SPDXRef-Distribution"]
    assert distribution["supplier"].startswith("Organization: python-build-standalone")
    # a .tar is no release asset name: PBS publishes .tar.zst and .tar.gz
    assert distribution["downloadLocation"] == "NOASSERTION"
    # a copy in CPython's tree with no version of its own: the CPython snapshot stands for it
    assert windows["SPDXRef-Component-cpython-dtoa"]["versionInfo"] == "cpython-3.11.9"
    for which in ARCHIVES:
        for package in _packages(outputs, which).values():
            assert package["supplier"].startswith("Organization: "), package["name"]
            assert package["versionInfo"], package["name"]


def test_distribution_download_is_the_release_asset(tmp_path: Path) -> None:
    archive = write_example(tmp_path)
    spdx = json.loads(api.render_report(api.report(archive), "spdx"))
    distribution = next(p for p in spdx["packages"] if p["SPDXID"] == "SPDXRef-Distribution")
    assert distribution["downloadLocation"] == (
        "https://github.com/astral-sh/python-build-standalone/releases/download/20240415/"
        + archive.name
    )
    purl = distribution["externalRefs"][0]["referenceLocator"]
    assert purl.startswith("pkg:generic/cpython@3.11.9%2B20240415?download_url=https://github")


def _links(outputs: dict[str, dict[str, Any]], which: str) -> set[tuple[str, str]]:
    return {
        (r["relationshipType"], r["relatedSpdxElement"].removeprefix("SPDXRef-Component-"))
        for r in outputs[which]["spdx"]["relationships"]
        if r["spdxElementId"] == "SPDXRef-Component-cpython"
    }


def test_relationships_say_how_cpython_links_each_library(
    outputs: dict[str, dict[str, Any]],
) -> None:
    macos, windows = _links(outputs, "macos"), _links(outputs, "windows")
    assert ("STATIC_LINK", "openssl-3") in macos  # compiled into the interpreter
    assert ("DEPENDS_ON", "libedit") in macos  # the system's, not shipped
    assert ("DYNAMIC_LINK", "openssl-3") in windows  # libcrypto-3-x64.dll in the archive
    assert ("STATIC_LINK", "zlib") in windows  # compiled into python311.dll
    assert ("CONTAINS", "cpython-dtoa") in windows
    distribution = {
        (r["relationshipType"], r["relatedSpdxElement"])
        for r in outputs["macos"]["spdx"]["relationships"]
        if r["spdxElementId"] == "SPDXRef-Distribution"
    }
    assert ("CONTAINS", "SPDXRef-Component-cpython") in distribution
    assert ("CONTAINS", "SPDXRef-Component-libedit") not in distribution


@pytest.mark.parametrize("which", sorted(ARCHIVES))
def test_cyclonedx_carries_the_same_suppliers_and_cpes(
    outputs: dict[str, dict[str, Any]], which: str
) -> None:
    text = outputs[which]["cdx"]
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True) is None
    bom = json.loads(text)
    assert bom["metadata"]["lifecycles"] == [{"phase": "post-build"}]
    spdx = {p["name"] + "@" + p["versionInfo"]: p for p in outputs[which]["spdx"]["packages"]}
    for component in bom["components"]:
        package = spdx[component["name"] + "@" + component["version"]]
        assert package["supplier"] == "Organization: " + component["supplier"]["name"]
        assert _cpes(package) == ([component["cpe"]] if "cpe" in component else [])
        if package["copyrightText"] not in ("NOASSERTION", "NONE"):
            assert component["copyright"] == package["copyrightText"]
    depends = {d["ref"]: set(d.get("dependsOn", [])) for d in bom["dependencies"]}
    assert "component:cpython" in depends["distribution"]


def test_the_microsoft_runtime_is_copyright_microsoft(outputs: dict[str, dict[str, Any]]) -> None:
    """vcruntime140.dll's only text is CPython's Windows LICENSE.txt: its copyright is the one
    that text's 'Additional Conditions for this Windows binary build' names (Microsoft), never
    the PSF / CNRI / bzip2 / Tcl notices of the rest of that text."""
    windows = _packages(outputs, "windows")
    runtime = windows["SPDXRef-Component-vcruntime"]["copyrightText"]
    assert "Microsoft Corporation" in runtime
    assert "Python Software Foundation" not in runtime and "Seward" not in runtime
    bom = json.loads(outputs["windows"]["cdx"])
    (component,) = [c for c in bom["components"] if c["bom-ref"] == "component:vcruntime"]
    assert component["copyright"] == runtime


def test_the_microsoft_licenseref_text_is_its_section_only(
    outputs: dict[str, dict[str, Any]],
) -> None:
    """LicenseRef-PBS-Microsoft-Distributable-Code's text is the Windows-build section of
    install/LICENSE.txt, not the whole file (CPython's history, PSF license, bzip2, Tcl ...)."""
    ref = "LicenseRef-PBS-Microsoft-Distributable-Code"
    (info,) = [
        e for e in outputs["windows"]["spdx"]["hasExtractedLicensingInfos"] if e["licenseId"] == ref
    ]
    graph = outputs["windows"]["spdx3"]["@graph"]
    (text3,) = [
        x["simplelicensing_licenseText"]
        for x in graph
        if x["type"] == "simplelicensing_SimpleLicensingText" and x["name"] == ref
    ]
    for text in (info["extractedText"], text3):
        assert text.startswith("Additional Conditions for this Windows binary build"), text[:80]
        assert "copyrighted by Microsoft Corporation" in text
        assert "not to Python itself" in text  # the section's last paragraph is kept
        assert "HISTORY OF THE SOFTWARE" not in text and "Julian R Seward" not in text


def test_copyright_notices_from_real_license_texts() -> None:
    folder = SHARED / "licenses-20221220"
    if not folder.is_dir():
        pytest.skip("../shared/pbs is not there")
    read = {p.name: _notices(p.read_text(errors="replace")) for p in folder.iterdir()}
    assert read["LICENSE.zlib.txt"] == ["Copyright (C) 1995-2017 Jean-loup Gailly and Mark Adler"]
    assert read["LICENSE.openssl.txt"][0] == "Copyright (c) 1998-2019 The OpenSSL Project."
    assert "Copyright 2018-2020,2021 Thomas E. Dickey" in read["LICENSE.ncurses.txt"]
    assert read["LICENSE.sqlite.txt"] == []  # public domain: SPDX says NONE
    for notices in read.values():  # never the licenses' own sentences about notices
        assert not any("above copyright" in n.lower() for n in notices)


def test_every_cpe_pair_says_where_it_was_checked() -> None:
    """Each vendor:product pair records where it was seen in use; the ones seen nowhere (no
    NVD dictionary is reachable here) are the two the README names as unconfirmed."""
    raw = json.loads((REPO / "data" / "suppliers.json").read_text())
    entries = raw["components"]
    unconfirmed = set()
    for key, entry in entries.items():
        if "cpe" not in entry:
            continue
        vendor, product = entry["cpe"].split(":")
        assert CPE23.fullmatch(f"cpe:2.3:a:{vendor}:{product}:1.0:*:*:*:*:*:*:*"), key
        assert "cpe_checked" in entry, key
        if entry["cpe_checked"] is None:
            unconfirmed.add(entry["cpe"])
    assert unconfirmed == {"gnu:gdbm", "tcl:tcl"}
