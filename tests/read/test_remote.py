"""URLs as inputs (`licscan/read/remote.py`): streamed through fsspec, errors in one line.

Served by a local HTTP server on 127.0.0.1 (a thread of the test) and fsspec's `memory://`."""

from __future__ import annotations

import hashlib
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import licscan
from licscan.errors import ArchiveError, InputError
from licscan.read import display_url, expand_inputs, is_url, url_name
from tests.builders import era_archive, to_install_only, write_archive
from tests.read.http_server import Served, serve

ASSET = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
QUOTED = ASSET.replace("+", "%2B")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("remote")
    return write_archive(era_archive("linux-3.10-20221220"), folder / ASSET)


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[Served]:
    garbage = b"<html>this is no archive</html>" * 40
    with serve({ASSET: archive.read_bytes(), "garbage.tar.zst": garbage}) as served:
        yield served


def test_url_arguments_are_told_from_paths(tmp_path: Path) -> None:
    assert is_url("https://example.org/a.tar.zst") and is_url("s3://bucket/key.tar.zst")
    assert not is_url("C:/x.tar.zst") and not is_url("c://x") and not is_url("a.tar.zst")
    odd = tmp_path / "x"
    assert not is_url(str(odd))
    assert url_name(f"https://h/releases/download/20221220/{QUOTED}?sig=1") == ASSET
    assert display_url("https://user:secret@host:8/p/a.tar.zst?X-Amz-Signature=s#f") == (
        "https://host:8/p/a.tar.zst"
    )
    [ref] = expand_inputs([f"https://user:pw@host/{QUOTED}?token=abc"])
    assert ref.url and not ref.stdin
    assert ref.label == f"https://host/{QUOTED}" and ref.file_name == ASSET


def test_an_https_url_is_streamed_once_and_reads_like_the_file(
    server: Served, archive: Path
) -> None:
    local = licscan.scan(archive)
    server.requests.clear()
    remote = licscan.scan(f"{server.base}/{QUOTED}")
    # one plain GET, no HEAD, no range requests: streamed, not fetched in blocks
    assert [(m, p) for m, p, _ in server.requests] == [("GET", f"/{QUOTED}")]
    assert not any(k.lower() == "range" for _, _, headers in server.requests for k in headers)
    assert remote.archive.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert remote.archive.sha256 == local.archive.sha256
    assert remote.archive.file_name == ASSET  # the release and platform come from it
    assert remote.release.tag == local.release.tag and remote.release.tag
    assert remote.target_triple == local.target_triple == "x86_64-unknown-linux-gnu"
    assert [c.key for c in remote.components] == [c.key for c in local.components]
    # every report of it is the one of the file: nothing names where the bytes came from
    local_report, remote_report = (
        licscan.Report(local, licscan.judge(local)),
        licscan.Report(remote, licscan.judge(remote)),
    )
    for fmt in ("json", "spdx", "cyclonedx", "notice"):
        assert licscan.render_report(remote_report, fmt) == licscan.render_report(
            local_report, fmt
        ), fmt


def test_a_missing_url_is_one_input_error(server: Served) -> None:
    with pytest.raises(InputError, match=r"cannot read http://127\.0\.0\.1:\d+/nope: not found"):
        licscan.scan(f"{server.base}/nope")


def test_a_server_error_names_the_status(server: Served) -> None:
    with pytest.raises(InputError, match="HTTP 500"):
        licscan.scan(f"{server.base}/error")


def test_a_server_sending_garbage_is_not_an_archive(server: Served) -> None:
    with pytest.raises(ArchiveError, match=r"is not a tar, tar\.gz or tar\.zst archive"):
        licscan.scan(f"{server.base}/garbage.tar.zst")


def test_a_connection_closed_early_is_a_clear_error(server: Served) -> None:
    with pytest.raises(InputError) as caught:
        licscan.scan(server.url(f"short/{ASSET}"))
    message = str(caught.value)
    assert message.startswith(f"cannot read {server.url(f'short/{ASSET}')}: ")
    assert message.endswith("the connection closed before the whole file came")
    assert "\n" not in message and "Traceback" not in message


def test_a_stalled_server_times_out(server: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICSCAN_URL_TIMEOUT", "0.5")
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        licscan.scan(server.url(f"stall/{ASSET}"))
    assert time.monotonic() - started < 10  # the server would stall for a minute


def test_a_refused_connection_is_one_input_error(server: Served) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(InputError, match="cannot connect"):
        licscan.scan(f"http://127.0.0.1:{port}/{QUOTED}")


def test_memory_urls_go_through_fsspec(archive: Path) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe(f"/fleet/{ASSET}", archive.read_bytes())
    try:
        remote = licscan.scan(f"memory://fleet/{ASSET}")
        assert remote.archive.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
        assert remote.release.tag == licscan.scan(archive).release.tag
        fs.pipe("/fleet/sub/a.tar.gz", archive.read_bytes())
        fs.pipe("/fleet/notes.txt", b"not an archive")
        # a folder URL stands for the archives under it, sorted (not its other files)
        refs = expand_inputs(["memory://fleet/"])
        assert [r.path for r in refs] == [
            f"memory:///fleet/{ASSET}",
            "memory:///fleet/sub/a.tar.gz",
        ]
        assert all(r.url and r.given == "memory://fleet/" for r in refs)
        fs.mkdir("/empty")
        with pytest.raises(InputError, match="is a folder with no archive under it"):
            licscan.scan("memory://empty")
        with pytest.raises(InputError, match="not found"):
            licscan.scan("memory://fleet/missing.tar.zst")
    finally:
        fs.rm("/fleet", recursive=True)
        if fs.exists("/empty"):
            fs.rm("/empty", recursive=True)


def test_an_unknown_protocol_is_one_input_error() -> None:
    with pytest.raises(InputError, match=r"unknown URL protocol nosuch://"):
        licscan.scan("nosuch://host/a.tar.zst")


def test_a_protocol_whose_package_is_missing_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "s3fs", None)  # as if s3fs were not installed
    with pytest.raises(InputError, match=r"pip install 'licscan\[s3\]'"):
        licscan.scan("s3://bucket/a.tar.zst")


def test_without_fsspec_a_url_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)
    with pytest.raises(InputError, match=r"needs fsspec: pip install 'licscan\[urls\]'"):
        licscan.scan("https://example.invalid/a.tar.zst")


def test_a_file_url_of_an_unpacked_installation_says_to_give_its_path(tmp_path: Path) -> None:
    """`licscan scan file:///opt/python`: folders are not read through URLs; the one line says
    what to give instead (it said only that no archive was under it)."""
    pytest.importorskip("fsspec")
    folder = write_archive(to_install_only(era_archive("linux-3.14-20260814")), tmp_path / "py",
                           container="dir")  # fmt: skip
    with pytest.raises(InputError) as caught:
        licscan.scan(folder.as_uri())
    message = str(caught.value)
    assert "is a folder with no archive under it" in message and "\n" not in message
    assert message.endswith(f"not a URL: give its path, {folder}")
    assert licscan.scan(folder).python_version == "3.14.7"
