"""Binary evidence in the archive's single pass: BinaryInspector through read_archive and
licscan.scan_all, on archives built by tests/builders with REAL executables as members."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import licscan
import licscan.api
from licscan.model import ArchiveContents, BinaryEvidence, BinaryFacts
from licscan.read import BinaryInspector, discover, layout, read_archive
from tests.builders import era_archive, to_install_only, write_archive
from tests.read.binaries import READLINE_SO, manifest_of, upstream

INTERPRETER = "python/bin/python3.9"
NAME = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar.gz"


def _archive(tmp_path: Path, interpreter: bytes, **extra: bytes) -> Path:
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    assert INTERPRETER in spec.members
    spec.members[INTERPRETER] = interpreter
    spec.members.update(extra)
    return write_archive(spec, tmp_path / NAME, container="gz")


def _scanned_binaries(monkeypatch: pytest.MonkeyPatch, path: Path) -> dict[str, BinaryFacts]:
    """scan_all, keeping the ArchiveContents each installation was inventoried from."""
    seen: list[ArchiveContents] = []
    inventory = licscan.api._inventory

    def spy(contents: ArchiveContents, *args: Any) -> Any:
        seen.append(contents)
        return inventory(contents, *args)

    monkeypatch.setattr(licscan.api, "_inventory", spy)
    (found,) = licscan.scan_all(path)
    assert found.archive.sha256
    (contents,) = seen
    return {facts.member: facts for facts in contents.binaries}


def test_static_readline_interpreter_shows_gnu_readline(
    testbins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = (testbins / "bin/readline-static.stripped").read_bytes()
    binaries = _scanned_binaries(monkeypatch, _archive(tmp_path, exe))
    facts = binaries[INTERPRETER]
    assert (facts.format, facts.architectures) == ("elf", ("x86_64",))
    readline = facts.match("gnu-readline")
    assert readline is not None
    want = upstream(manifest_of(testbins)["packages"]["libreadline8"]["version"])
    assert readline.version == want
    assert 'string "~/.inputrc"' in readline.evidence
    assert facts.match("libedit") is None
    assert list(binaries) == sorted(binaries)  # sorted by member; stand-ins are no binaries
    assert set(binaries) == {INTERPRETER}


def test_libedit_interpreter_shows_libedit_not_readline(
    testbins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = (testbins / "bin/editline-static.stripped").read_bytes()
    facts = _scanned_binaries(monkeypatch, _archive(tmp_path, exe))[INTERPRETER]
    assert facts.match("libedit") is not None
    assert facts.match("gnu-readline") is None


def test_read_archive_with_the_inspector_renames_like_discovery(
    testbins: Path, tmp_path: Path
) -> None:
    lib = "python/lib/libreadline.so.8"
    path = _archive(
        tmp_path,
        (testbins / "bin/hello-glibc.stripped").read_bytes(),
        **{lib: (testbins / READLINE_SO).read_bytes()},
    )
    inspector = BinaryInspector()
    contents = read_archive(path, keep=layout.keep, inspect=inspector)
    facts = inspector.facts
    assert [f.member for f in facts] == [INTERPRETER, lib]
    assert facts[0].matches == ()  # the control program holds no library code
    assert "libtinfo.so.6" in facts[1].needed
    (view,) = discover.installations(replace(contents, binaries=facts))
    assert [f.member for f in view.binaries] == [INTERPRETER, lib]


def test_openssl_banner_in_stand_ins_is_legacy_evidence() -> None:
    """Stand-in libcrypto members are no binaries, yet their banner is BinaryEvidence."""
    inspector = BinaryInspector()
    members = {
        "python/install/lib/libpython3.11.dylib": b"x\0OpenSSL 3.0.13 30 Jan 2024\0",
        "python/build/lib/libcrypto.a": b"stand-in\n\0OpenSSL 3.0.13 30 Jan 2024\0\n",
        "python/install/lib/python3.11/ssl.py": b"OpenSSL 9.9.9 1 Jan 2099",  # not a candidate
        "python/build/lib/libssl.a": b"\0LibreSSL 3.1.4 1 Jan 2021\0",
    }
    for name, data in members.items():
        consume = inspector(name, len(data))
        if consume is not None:
            consume(data)
    assert inspector.evidence == (
        BinaryEvidence("python/build/lib/libcrypto.a", "openssl-version", "3.0.13"),
        BinaryEvidence("python/build/lib/libssl.a", "libressl-version", "3.1.4"),
        BinaryEvidence("python/install/lib/libpython3.11.dylib", "openssl-version", "3.0.13"),
    )
    assert inspector.facts == ()


def test_skipped_and_small_members() -> None:
    inspector = BinaryInspector()
    assert inspector("python/lib/python3.9/os.py", 10_000) is None
    assert inspector("python/lib/python3.9/LICENSE.txt", 10_000) is None
    assert inspector("python/lib/tiny", 4) is None
    bitcode = b"BC\xc0\xde" + bytes(100)
    consume = inspector("python/build/Modules/x.o", len(bitcode))
    assert consume is not None
    consume(bitcode)
    (facts,) = inspector.facts
    assert (facts.format, facts.complete) == ("llvm-bitcode", False)
    assert "bitcode" in facts.note
