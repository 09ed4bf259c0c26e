"""write_files: all or nothing, even when a rename fails after others succeeded or a
renderer fails part way; content made by callables one at a time."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from licscan.errors import OutputError
from licscan.render import Content, write_files


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


def test_content_made_by_a_callable_is_made_when_written_one_at_a_time(tmp_path: Path) -> None:
    made: list[str] = []

    def content(name: str) -> Callable[[], bytes]:
        def make() -> bytes:
            made.append(name)
            # every file before this one is already staged: nothing else is held
            assert len(list(tmp_path.glob(".*"))) == len(made) - 1
            return name.encode()

        return make

    outputs: dict[Path, Content] = {tmp_path / n: content(n) for n in ("b", "a", "c")}
    outputs[tmp_path / "d"] = b"d"
    write_files(outputs)
    assert made == ["a", "b", "c"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {n: n.encode() for n in "abcd"}


def test_a_failing_renderer_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old a")
    out = tmp_path / "new"

    def fails() -> bytes:
        raise OutputError("the document licscan built is not valid")

    outputs: dict[Path, Content] = {
        tmp_path / "a.txt": b"new a",
        out / "b.txt": b"b",
        out / "c.txt": fails,
    }
    with pytest.raises(OutputError, match="not valid"):
        write_files(outputs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"old a"
