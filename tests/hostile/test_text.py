"""Untrusted text (markup, control bytes, surrogates) in names and PYTHON.json values."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import era_archive, write_archive
from tests.hostile.support import assert_clean, assert_refused, run

FORMATS = ("json", "notice", "cyclonedx", "spdx", "spdx3", "html")


def _markup_archive(path: Path) -> Path:
    spec = era_archive("linux-3.10-20221220")
    spec.members["python/install/[bold]x[/].txt"] = b"x"
    spec.members["python/licenses/LICENSE.[/]\x1b[31m.txt"] = b"x"
    info = spec.json_dict()
    assert info is not None
    info["target_triple"] = "x86_64[/]\x1b[2J-linux"
    info["python_tag"] = "cp310[bold]"
    spec.python_json = info
    return write_archive(spec, path)


def test_markup_and_escapes_in_the_archive_are_printed_literally(tmp_path: Path) -> None:
    archive = _markup_archive(tmp_path / "markup.tar.zst")
    for args in (("scan", archive), ("check", archive)):
        result = run(*args)
        assert_clean(result)
    result = run("report", archive, "-o", tmp_path / "out")
    assert_clean(result)
    assert "x86_64[/]" in run("scan", archive).stdout


def test_markup_in_an_error_message_is_printed_literally(tmp_path: Path) -> None:
    (tmp_path / "[").mkdir()
    bad = tmp_path / "[" / "]bad[bold]\x1b[31m.tar.zst"  # its path holds "[/]"
    bad.write_bytes(b"\x01" * 600)
    line = assert_refused(run("scan", bad), "[/]bad[bold]", "\\x1b")
    assert "MarkupError" not in line


def test_a_lone_surrogate_in_python_json_is_written_in_every_format(tmp_path: Path) -> None:
    spec = era_archive("linux-3.10-20221220")
    raw = spec.json_bytes()
    assert raw is not None
    spec.python_json = raw.replace(b'"target_triple": "', b'"target_triple": "\\ud800')
    archive = write_archive(spec, tmp_path / "surrogate.tar.zst")
    assert_clean(run("scan", archive))
    result = run("scan", archive, "--json")
    assert_clean(result)
    json.loads(result.stdout)
    result = run("report", archive, "-o", tmp_path / "out")
    assert_clean(result)
    assert len(list((tmp_path / "out").iterdir())) == len(FORMATS)


def test_a_non_utf8_member_name_is_written_in_every_format(tmp_path: Path) -> None:
    spec = era_archive("linux-3.10-20221220")
    name = b"python/licenses/LICENSE.\xff\xfe.txt".decode("utf-8", "surrogateescape")
    spec.members[name] = b"some license text\n"
    archive = write_archive(spec, tmp_path / "bytes.tar.zst")
    assert_clean(run("scan", archive))
    assert_clean(run("check", archive))
    result = run("report", archive, "-o", tmp_path / "out")
    assert_clean(result)
    assert len(list((tmp_path / "out").iterdir())) == len(FORMATS)


def test_a_newline_in_a_path_keeps_the_error_one_line(tmp_path: Path) -> None:
    """A folder or archive named with a newline (or CR): the error is still one line, the
    break shown as an escape, for one input, several (the per-input line) and strip."""
    folder = tmp_path / "bad\nname"
    folder.mkdir()
    bad = tmp_path / "x\r\ny.tar.zst"
    bad.write_bytes(b"\x01" * 600)
    assert_refused(run("check", folder), "bad\\nname holds no Python installation")
    assert_refused(run("scan", bad), "x\\r\\ny.tar.zst")
    both = run("check", folder, bad)
    assert both.returncode == 2 and "Traceback" not in both.stderr
    errors = [line for line in both.stderr.splitlines() if line.startswith("licscan:")]
    assert len(errors) == 2 and len(both.stderr.splitlines()) == 2, both.stderr
    assert_refused(run("strip", folder, "-o", tmp_path / "out"), "bad\\nname")
