"""Release 20181218, PBS's first, shipped full archives without PYTHON.json (spec 2.2): licscan
says it reads releases from 20190427 on, not that the archive is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

import licscan
from licscan.errors import MetadataError
from tests.builders import era_archive, write_archive


def _without_python_json(tmp_path: Path, name: str) -> Path:
    spec = era_archive("linux-3.7-20190427")
    spec.python_json = None
    spec.members = {n: d for n, d in spec.members.items() if n != "python/LICENSE.rst"}
    return write_archive(spec, tmp_path / name)


def test_the_first_release_without_python_json_is_named_not_called_damaged(
    tmp_path: Path,
) -> None:
    path = _without_python_json(tmp_path, "cpython-3.7.1-linux64-20181218T1905.tar.zst")
    with pytest.raises(MetadataError) as error:
        licscan.scan(path)
    message = str(error.value)
    assert "20181218" in message and "20190427" in message
    assert "repacked" not in message


def test_a_later_full_archive_without_python_json_is_still_refused_as_damaged(
    tmp_path: Path,
) -> None:
    path = _without_python_json(
        tmp_path, "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
    )
    with pytest.raises(MetadataError, match="incomplete or was repacked"):
        licscan.scan(path)
