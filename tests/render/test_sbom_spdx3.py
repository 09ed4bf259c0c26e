"""SPDX 3.0.1 (`spdx3`): conformant to the 2021 NTIA minimum elements and to CISA's 2024 FSCT
minimum expectation (`fsct3-min`) as `ntia-conformance-checker` reads it, on real-layout macOS,
Windows and Linux archives; copyright notices for every component, each with its source.

The macOS and Windows archives carry the real ensurepip wheels of CPython 3.11.9 (pip 24.0,
setuptools 65.5.0, from the test wheel cache) instead of stand-ins, as a real archive does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ntia_conformance_checker import SbomChecker
from spdx_python_model.bindings import v3_0_1 as spdx3

from licscan import api
from licscan.render.copyrights import _notices
from tests.builders import ArchiveSpec, era_archive, to_install_only, write_archive
from tests.builders.fetch import real_wheel

_WHEEL = re.compile(
    r"ensurepip/_bundled/(?P<project>[a-z]+)-(?P<version>[\d.]+)-py3-none-any\.whl$"
)


def _real_wheels(spec: ArchiveSpec) -> ArchiveSpec:
    for name in list(spec.members):
        if m := _WHEEL.search(name):
            spec.members[name] = real_wheel(m["project"], m["version"])
    return spec


ARCHIVES = {
    "macos": lambda: _real_wheels(era_archive("macos-3.11.9-real")),
    "windows": lambda: _real_wheels(era_archive("windows-3.11.9-real")),
    "linux": lambda: era_archive("linux-3.9-20221220"),
    "linux-3.14": lambda: era_archive("linux-3.14-20260814"),
    "install-only": lambda: to_install_only(era_archive("linux-3.9-20221220")),
}
NAMES = {
    "macos": "cpython-3.11.9+20240415-aarch64-apple-darwin-pgo+lto-full.tar",
    "windows": "cpython-3.11.9+20240415-x86_64-pc-windows-msvc-shared-pgo-full.tar",
    "linux": "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar",
    "linux-3.14": "cpython-3.14.0+20260814-x86_64-unknown-linux-gnu-pgo+lto-full.tar",
    "install-only": "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("spdx3")
    found: dict[str, dict[str, Any]] = {}
    for which, build in ARCHIVES.items():
        archive = write_archive(build(), folder / NAMES[which], container="tar")
        report = api.report(archive)
        path = folder / f"{which}.spdx3.jsonld"
        raw = api.render_report(report, "spdx3")
        path.write_bytes(raw)
        spdx2 = folder / f"{which}.spdx.json"
        spdx2.write_bytes(api.render_report(report, "spdx"))
        found[which] = {
            "path": path,
            "raw": raw,
            "doc": json.loads(raw),
            "spdx2": spdx2,
            "report": report,
        }
    return found


def _graph(outputs: dict[str, dict[str, Any]], which: str) -> list[dict[str, Any]]:
    graph: list[dict[str, Any]] = outputs[which]["doc"]["@graph"]
    return graph


def _packages(outputs: dict[str, dict[str, Any]], which: str) -> dict[str, dict[str, Any]]:
    return {
        e["spdxId"].rsplit("#", 1)[1]: e
        for e in _graph(outputs, which)
        if e["type"] == "software_Package"
    }


CONFORMANT = ["linux", "linux-3.14", "macos", "windows"]


@pytest.mark.parametrize("compliance", ["ntia", "fsct3-min"])
@pytest.mark.parametrize("which", CONFORMANT)
def test_conformant_to_both_standards(
    outputs: dict[str, dict[str, Any]],
    which: str,
    compliance: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checker = SbomChecker(str(outputs[which]["path"]), compliance=compliance, sbom_spec="spdx3")
    checker.print_table_output(verbose=True)
    printed = capsys.readouterr().out
    assert "Conformant: True" in printed, printed
    assert checker.compliant
    assert not checker.parsing_errors and not checker.validation_messages
    assert not checker.floating_component_ids  # every package is reachable from the root
    assert not checker.has_unknown_pointers
    assert [t.rsplit("/", 1)[-1] for t in checker.sbom_gen_context] == ["analyzed"]
    report = outputs[which]["report"]
    assert checker.get_total_number_components() == len(report.inventory.components) + 1


def test_install_only_lacks_only_the_notices_of_code_without_texts(
    outputs: dict[str, dict[str, Any]],
) -> None:
    """An install_only archive has no licenses/ folder: what only its code shows (Berkeley DB,
    gdbm, readline) has no notice licscan could read, so it says NOASSERTION and FSCT's
    copyright row fails; every other row passes. NTIA's minimum does not ask for copyright."""
    path = str(outputs["install-only"]["path"])
    assert SbomChecker(path, compliance="ntia", sbom_spec="spdx3").compliant
    checker = SbomChecker(path, compliance="fsct3-min", sbom_spec="spdx3")
    failed = [row for row, ok in checker.table_elements if not ok]
    assert failed == ["All component copyright notice provided?"]
    missing = {name for name, _ in checker.components_without_copyright_texts}
    assert missing == {"cpython", "Berkeley DB", "GNU dbm (gdbm)", "GNU Readline"}


@pytest.mark.parametrize("which", sorted(ARCHIVES))
def test_the_official_bindings_read_it_back(outputs: dict[str, dict[str, Any]], which: str) -> None:
    objects = spdx3.SHACLObjectSet()
    spdx3.JSONLDDeserializer().deserialize_data(outputs[which]["doc"], objects)
    documents = list(objects.foreach_type(spdx3.SpdxDocument))
    assert len(documents) == 1
    (sbom,) = documents[0].rootElement
    assert isinstance(sbom, spdx3.software_Sbom)
    assert [str(t).rsplit("/", 1)[-1] for t in sbom.software_sbomType] == ["analyzed"]
    assert not objects.link()  # every reference resolves inside the document


def test_same_input_same_bytes(outputs: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    report = outputs["windows"]["report"]
    assert api.render_report(report, "spdx3") == outputs["windows"]["raw"]


def test_suppliers_identifiers_and_links_match_spdx2(outputs: dict[str, dict[str, Any]]) -> None:
    windows = _packages(outputs, "windows")
    agents = {
        e["spdxId"]: e["name"] for e in _graph(outputs, "windows") if e["type"] == "Organization"
    }
    openssl = windows["Package-openssl-3"]
    assert agents[openssl["suppliedBy"]] == "OpenSSL Software Foundation (The OpenSSL Project)"
    assert openssl["software_packageVersion"] == "3.0.13"
    assert openssl["software_packageUrl"].startswith("pkg:generic/openssl-3@3.0.13?download_url=")
    (cpe,) = openssl["externalIdentifier"]
    assert cpe == {
        "type": "ExternalIdentifier",
        "externalIdentifierType": "cpe23",
        "identifier": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
    }
    ids = {
        e["spdxId"]: e["spdxId"].rsplit("#", 1)[1]
        for e in _graph(outputs, "windows")
        if "spdxId" in e
    }
    links = {
        (e["relationshipType"], ids[to])
        for e in _graph(outputs, "windows")
        if e["type"] == "Relationship" and ids.get(e["from"]) == "Package-cpython"
        for to in e["to"]
        if to in ids
    }
    assert ("hasDynamicLink", "Package-openssl-3") in links  # libcrypto-3-x64.dll
    assert ("hasStaticLink", "Package-zlib") in links  # compiled into python311.dll
    assert ("contains", "Package-cpython-dtoa") in links
    spdx2 = json.loads(outputs["windows"]["spdx2"].read_text())
    assert len(spdx2["packages"]) == len(windows)


def _copyright(outputs: dict[str, dict[str, Any]], which: str, package: str) -> tuple[str, str]:
    found = _packages(outputs, which)[package]
    source = found["comment"].split("copyright: ", 1)[1].split("; version unknown")[0]
    return found["software_copyrightText"], source


def test_copyright_notices_and_their_sources(outputs: dict[str, dict[str, Any]]) -> None:
    text, source = _copyright(outputs, "windows", "Package-openssl-3")
    assert text == "Copyright The OpenSSL Project Authors. All Rights Reserved."
    assert source.startswith("from data: the standard notice of OpenSSL 3's source files")
    text, source = _copyright(outputs, "windows", "Package-pypi-pip")  # the archive's stand-in
    assert (text, source) == ("Copyright (c) pip developers", "from the license text")
    # the real ensurepip wheels: their own license files
    text, source = _copyright(outputs, "windows", "Package-ensurepip-pip")
    assert text.startswith("Copyright (c) 2008-present The pip developers")
    text, source = _copyright(outputs, "windows", "Package-ensurepip-setuptools")
    assert (text, source) == ("Copyright Jason R. Coombs", "from the license text")
    text, source = _copyright(outputs, "macos", "Package-compiler-rt")
    assert "contributors listed in CREDITS.TXT" in text and source.startswith("from data:")
    text, source = _copyright(outputs, "macos", "Package-cpython-blake2-reference")
    assert text == "Copyright 2012, Samuel Neves <sneves@dei.uc.pt>"
    # CC0 code whose files name no holder: copyright is waived, which NONE states
    text, source = _copyright(outputs, "linux", "Package-cpython-keccak-code-package")
    assert (text, source) == ("NONE", "CC0-1.0: the authors waived copyright")
    text, source = _copyright(outputs, "linux", "Package-zlib")
    assert text == "Copyright (C) 1995-2017 Jean-loup Gailly and Mark Adler"
    assert source == "from the license text"
    # zstd's LICENSE is missing from that archive: the data's notice, said so
    text, source = _copyright(outputs, "linux-3.14", "Package-zstd")
    assert "Meta Platforms" in text and source.startswith("from data: zstd's LICENSE")


def test_the_distribution_carries_the_notices_of_what_it_contains(
    outputs: dict[str, dict[str, Any]],
) -> None:
    text, source = _copyright(outputs, "linux", "Distribution")
    assert "Copyright (C) 1995-2017 Jean-loup Gailly and Mark Adler" in text.splitlines()
    assert source == "the notices of the components the archive carries"
    assert len(text.splitlines()) == len(set(text.splitlines()))


def test_spdx2_says_the_same_copyrights(outputs: dict[str, dict[str, Any]]) -> None:
    spdx2 = json.loads(outputs["macos"]["spdx2"].read_text())
    by_name = {p["SPDXID"]: p for p in spdx2["packages"]}
    openssl = by_name["SPDXRef-Component-openssl-3"]
    assert openssl["copyrightText"] == _copyright(outputs, "macos", "Package-openssl-3")[0]
    assert "copyright: from data: the standard notice" in openssl["comment"]
    checker = SbomChecker(str(outputs["macos"]["spdx2"]), compliance="fsct3-min")
    assert not checker.components_without_copyright_texts


def test_notice_that_opens_a_paragraph_without_year() -> None:
    assert _notices("Copyright Jason R. Coombs\n\nPermission is hereby granted") == [
        "Copyright Jason R. Coombs"
    ]
    assert _notices("Copyright Notice\n\nThe above copyright notice ...") == []
    assert _notices("Copyright and License\n\nSome words.") == []


def test_every_notice_in_the_data_says_where_it_was_read() -> None:
    raw = json.loads((Path(__file__).resolve().parents[2] / "data" / "suppliers.json").read_text())
    with_notices = {k: e for k, e in raw["components"].items() if e.get("copyright")}
    assert {"openssl-3", "compiler-rt", "cpython/blake2-reference"} <= set(with_notices)
    for key, entry in with_notices.items():
        assert entry.get("copyright_source"), key
        for notice in entry["copyright"]:
            # a notice line, or the sentence naming the holder as the source wrote it
            # (vcruntime: install/LICENSE.txt says "copyrighted by Microsoft Corporation")
            assert notice.startswith("Copyright ") or "copyrighted by " in notice, (key, notice)
