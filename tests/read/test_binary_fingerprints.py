"""data/fingerprints.json: well formed, covers every PBS family, and every verification
record in it holds on the real file of the test-binary cache."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from licscan.errors import InputError
from licscan.read.binary import parse_fingerprints
from licscan.read.binary.fingerprints import fingerprints_path
from licscan.read.binary.matcher import describe
from tests.read.binaries import FP_BY_ID, FPS, families, manifest_of, require_file, upstream

RAW = json.loads(fingerprints_path().read_text(encoding="utf-8"))


def test_fingerprints_cover_every_pbs_family() -> None:
    want = {
        "cpython", "openssl-1.1", "openssl-3", "sqlite", "zlib", "zlib-ng", "bzip2", "xz",
        "libffi", "expat", "mpdecimal", "ncurses", "gnu-readline", "libedit", "gdbm",
        "berkeley-db", "tcl", "tk", "tix", "libuuid", "libx11", "libxau", "libxcb", "zstd",
        "musl", "msvc-runtime", "libressl", "gettext-libintl",
    }  # fmt: skip
    ids = [fp.id for fp in FPS]
    assert len(ids) == len(set(ids))
    assert want <= set(ids)


def test_fingerprint_rules_are_well_formed() -> None:
    for entry, fp in zip(RAW["families"], FPS, strict=True):
        assert fp.spdx and fp.name
        assert ("verified_on" in entry) != ("unverified" in entry), fp.id
        for rule in fp.versions:
            assert re.compile(rule.regex).groups == 1, (fp.id, rule.regex)
        for literal in fp.strings:
            assert 4 <= len(literal) <= 1024, (fp.id, literal)
        assert fp.strings or fp.symbols, fp.id
        for family in fp.suppressed_by:
            assert family in FP_BY_ID, (fp.id, family)


def test_verified_on_paths_are_relative_to_the_cache() -> None:
    for entry in RAW["families"]:
        for record in entry.get("verified_on", []):
            assert not record["file"].startswith(("/", "~")), record


def test_license_by_version() -> None:
    bdb = FP_BY_ID["berkeley-db"]
    assert bdb.license_for("5.3.28") == bdb.spdx
    assert bdb.license_for("6.2.32") == "AGPL-3.0-only"


def test_malformed_fingerprints_are_refused() -> None:
    with pytest.raises(InputError, match="schema"):
        parse_fingerprints({"schema": 2, "families": []})
    with pytest.raises(InputError, match="malformed"):
        parse_fingerprints({"schema": 1, "families": [{"id": "x"}]})
    bad = {"id": "x", "name": "X", "spdx": "MIT", "version": [{"regex": "(a)(b)"}]}
    with pytest.raises(InputError, match="exactly one group"):
        parse_fingerprints({"schema": 1, "families": [bad]})


def _verified_cases() -> list[tuple[str, dict[str, Any]]]:
    return [(e["id"], v) for e in RAW["families"] for v in e.get("verified_on", [])]


@pytest.mark.parametrize(
    ("family", "record"),
    _verified_cases(),
    ids=lambda x: x if isinstance(x, str) else x["file"].rsplit("/", 1)[-1],
)
def test_verified_on(testbins: Path, family: str, record: dict[str, Any]) -> None:
    """Every 'verified_on' record in fingerprints.json holds on the real file ("by": "code":
    one of the family's machine-code strings is among the evidence, whatever the symbols)."""
    match = families(require_file(testbins, record["file"])).get(family)
    assert match is not None, record
    fp = FP_BY_ID[family]
    if record.get("by") == "code":
        assert fp.in_code and {describe(s) for s in fp.strings} & set(match.evidence), match
    if "version" in record:
        assert match.version == record["version"], (match, record)
    elif "version_prefix" in record:
        assert (match.version or "").startswith(record["version_prefix"])
    elif (
        "pkg" in record
        and (fp.versions or fp.version_candidate)
        and "no version" not in record.get("kind", "")
    ):
        want = upstream(manifest_of(testbins)["packages"][record["pkg"]]["version"])
        version = match.version or ""
        assert version == want or version.startswith(want + "."), (match, want)
