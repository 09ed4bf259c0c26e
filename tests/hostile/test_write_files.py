"""write_files: all or nothing, even when a rename fails after others succeeded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from licscan.errors import OutputError
from licscan.render import write_files


def _failing_replace(fail_at: int, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace
    calls = {"n": 0}

    def replace(src: str, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(28, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_a_failed_rename_rolls_back_the_renamed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_bytes(b"old a")
    (out / "b.txt").write_bytes(b"old b")
    outputs = {out / n: f"new {n}".encode() for n in ("a.txt", "b.txt", "c.txt", "d.txt")}
    _failing_replace(3, monkeypatch)  # a and b are renamed, c fails
    with pytest.raises(OutputError, match="No space left"):
        write_files(outputs)
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]
    assert (out / "a.txt").read_bytes() == b"old a"
    assert (out / "b.txt").read_bytes() == b"old b"


def test_a_failed_rename_removes_new_files_and_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "new" / "out"
    outputs = {out / "x" / "a.txt": b"a", out / "b.txt": b"b", out / "c.txt": b"c"}
    _failing_replace(2, monkeypatch)
    with pytest.raises(OutputError):
        write_files(outputs)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_successful_write_leaves_no_backups(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    write_files({tmp_path / "a.txt": b"new", tmp_path / "b.txt": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"new"
