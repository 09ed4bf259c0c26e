"""What the code in the binaries adds to an inventory, given the facts the reader found.

The facts (`BinaryFacts`) are set by hand here, as the read stage would report them, so these
tests pin the inventory and judge logic; tests/read/ checks that real binaries give them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import licscan
from licscan import api
from licscan.inventory.code_evidence import same_version
from licscan.model import (
    BinaryFacts,
    CodeMatch,
    DisagreementKind,
    Inventory,
    Severity,
)
from licscan.read import discover, layout, read_archive
from tests.builders import era_archive, full_archive_spec, to_install_only, write_archive

LIBPYTHON_39 = "python/install/lib/libpython3.9.so.1.0"
READLINE = CodeMatch("gnu-readline", "8.1", ('string "~/.inputrc"', 'string "emacs-ctlx"'))
LIBEDIT = CodeMatch("libedit", None, ('string "editline"',))


def _inventory(path: Path, *facts: BinaryFacts) -> Inventory:
    (view,) = discover.installations(read_archive(path, keep=layout.keep))
    return api._inventory(replace(view, binaries=tuple(facts)), (), False)


def _elf(member: str, *matches: CodeMatch) -> BinaryFacts:
    return BinaryFacts(member, "elf", ("x86_64",), ("libc.so.6",), tuple(matches))


def test_gpl_readline_in_the_code_of_a_renamed_install_only_archive(tmp_path: Path) -> None:
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    for name in [n for n in spec.members if "/_sysconfigdata_" in n]:
        del spec.members[name]  # no build configuration: only the code can tell
    path = write_archive(spec, tmp_path / "python-runtime.tar.gz", container="gz")
    inventory = _inventory(path, _elf("python/bin/python3.9", READLINE))
    readline = inventory.component("readline")
    assert readline is not None
    assert readline.version == "8.1"
    assert readline.version_source == "version string in python/bin/python3.9"
    assert [c.code for c in readline.corrections] == ["found-in-code"]
    assert readline.concluded.expression.startswith("GPL-3.0")
    verdict = licscan.judge(inventory)
    (gpl,) = [f for f in verdict.violations if f.id == "gpl-in-interpreter"]
    assert "in the code of bin/python3.9" in gpl.message
    assert any("~/.inputrc" in e for e in gpl.evidence)


def test_libedit_code_raises_no_gpl(tmp_path: Path) -> None:
    spec = to_install_only(era_archive("linux-3.10-20221220"))
    path = write_archive(spec, tmp_path / "python.tar.gz", container="gz")
    inventory = _inventory(path, _elf("python/bin/python3.10", LIBEDIT))
    assert inventory.component("readline") is None
    libedit = inventory.component("libedit")
    assert libedit is not None and [s.family for s in libedit.sightings] == ["libedit"]
    assert licscan.judge(inventory).passed


def test_code_that_nothing_declares_is_listed_and_reported(tmp_path: Path) -> None:
    path = write_archive(era_archive("linux-3.10-20221220"), tmp_path / "a.tar")
    facts = _elf("python/install/lib/libpython3.10.so.1.0", READLINE)
    inventory = _inventory(path, facts)
    kinds = {(d.component, d.kind) for d in inventory.disagreements}
    assert ("libedit", DisagreementKind.CODE_CONTRADICTS) in kinds
    readline = inventory.component("readline")
    assert readline is not None and [c.code for c in readline.corrections] == ["found-in-code"]
    findings = {f.id for f in licscan.judge(inventory).findings}
    assert {"gpl-in-interpreter", "code-contradicts-metadata"} <= findings


def test_a_declared_library_absent_from_the_binaries_that_hold_it(tmp_path: Path) -> None:
    path = write_archive(era_archive("linux-3.9-20221220"), tmp_path / "a.tar")
    inventory = _inventory(path, _elf(LIBPYTHON_39, LIBEDIT))
    kinds = {d.component: d.kind for d in inventory.disagreements}
    assert kinds["readline"] is DisagreementKind.CODE_CONTRADICTS
    (finding,) = [
        f for f in licscan.judge(inventory).findings if f.id == "code-contradicts-metadata"
    ]
    assert finding.severity is Severity.WARNING
    assert "libedit" in finding.message and "no code of GNU Readline" in finding.message
    # the GPL declaration is kept: absence of code is never enough to drop it
    assert any(f.id == "gpl-in-interpreter" for f in licscan.judge(inventory).violations)


def test_the_code_version_replaces_the_catalogs_and_says_so(tmp_path: Path) -> None:
    path = write_archive(era_archive("linux-3.9-20221220"), tmp_path / "a.tar")
    sqlite = CodeMatch("sqlite", "3.99.0", ('string "SQLite format 3"',))
    inventory = _inventory(path, _elf(LIBPYTHON_39, sqlite, READLINE))
    component = inventory.component("sqlite")
    assert component is not None
    assert (component.version, component.version_source) == (
        "3.99.0",
        f"version string in {LIBPYTHON_39}",
    )
    (differs,) = [
        d
        for d in inventory.disagreements
        if d.kind is DisagreementKind.VERSION_DIFFERS and d.component == "sqlite"
    ]
    assert "3.99.0" in differs.found and "component list" in differs.declared


def test_sqlites_four_part_catalog_version_is_the_three_part_one_its_code_says(
    tmp_path: Path,
) -> None:
    """PBS lists SQLite 3.40.0 of release 20221220 as `3.40.0.0` (its download's form): the catalog
    says 3.40.0, as SQLite and its code do, so the code's version string agrees with it."""
    path = write_archive(era_archive("linux-3.9-20221220"), tmp_path / "a.tar")
    listed = _inventory(path).component("sqlite")
    assert listed is not None and listed.version == "3.40.0"
    sqlite = CodeMatch("sqlite", "3.40.0", ('string "SQLite format 3"',))
    inventory = _inventory(path, _elf(LIBPYTHON_39, sqlite, READLINE))
    component = inventory.component("sqlite")
    assert component is not None and component.version == "3.40.0"
    assert not [d for d in inventory.disagreements if d.component == "sqlite"]
    newer = CodeMatch("sqlite", "3.40.1", ('string "SQLite format 3"',))
    assert [
        d.kind
        for d in _inventory(path, _elf(LIBPYTHON_39, newer, READLINE)).disagreements
        if d.component == "sqlite"
    ] == [DisagreementKind.VERSION_DIFFERS]


def test_same_version_sets_trailing_zero_parts_aside_only() -> None:
    assert same_version("3.40.0.0", "3.40.0") and same_version("3.0.13", "3.0.13")
    assert not same_version("3.40.0", "3.40.1") and not same_version("3.8.7.1", "3.8.7")
    assert not same_version("8.6.12", "8.6.120")


def test_one_openssl_for_a_unix_release_after_20231002_without_libcrypto(tmp_path: Path) -> None:
    spec = full_archive_spec("macos", drop=["python/build/lib/libcrypto.a"])
    for name in list(spec.members):
        spec.members[name] = spec.members[name].replace(b"OpenSSL 3", b"OpenSSL-3")
    name = "cpython-3.11.9+20240725-aarch64-apple-darwin-pgo+lto-full.tar.zst"
    inventory = licscan.scan(write_archive(spec, tmp_path / name))
    openssl = [c.key for c in inventory.components if c.key.startswith("openssl")]
    assert openssl == ["openssl-3"]
    component = inventory.component("openssl-3")
    assert component is not None
    (fix,) = [c for c in component.corrections if c.code == "openssl-double-annotation"]
    assert "build scripts link OpenSSL 3" in fix.evidence[0]


def test_where_the_code_was_seen_is_in_every_output(tmp_path: Path) -> None:
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    path = write_archive(spec, tmp_path / "python-runtime.tar.gz", container="gz")
    inventory = _inventory(path, _elf("python/bin/python3.9", READLINE))
    report = licscan.Report(inventory, licscan.judge(inventory))
    for fmt in ("json", "notice", "cyclonedx", "spdx", "spdx3", "html"):
        assert b"bin/python3.9 (gnu-readline 8.1)" in licscan.render_report(report, fmt) or (
            fmt == "json"
        ), fmt
    document = json.loads(licscan.render_report(report, "json"))
    (binary,) = document["binaries"]
    assert binary["member"] == "python/bin/python3.9" and binary["format"] == "elf"
    assert binary["code"][0]["family"] == "gnu-readline"
    (readline,) = [c for c in document["components"] if c["key"] == "readline"]
    assert readline["sightings"][0]["installed"] is True
