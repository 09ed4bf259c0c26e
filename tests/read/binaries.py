"""The cache of REAL binaries the binary-evidence tests read (built by tests/binaries/fetch.sh).

The cache is $LICSCAN_TESTBINS, else ~/.cache/licscan-testbins. Without it the tests that need
it skip, except in CI (CI=true), where `.ci/run` builds it first and its absence is a failure.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from licscan.model import BinaryFacts, CodeMatch
from licscan.read.binary import BinaryInspector, Fingerprint, HeaderCollector, load_fingerprints

CACHE = Path(os.environ.get("LICSCAN_TESTBINS", Path.home() / ".cache" / "licscan-testbins"))
FETCH = Path(__file__).resolve().parents[1] / "binaries" / "fetch.sh"
MA = "x86_64-linux-gnu"
FPS = load_fingerprints()
FP_BY_ID = {fp.id: fp for fp in FPS}


def require_cache() -> Path:
    if not (CACHE / "manifest.json").is_file():
        why = f"no test-binary cache at {CACHE}: run `bash {FETCH}`"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    return CACHE


def require_file(cache: Path, rel: str) -> Path:
    """A file of the cache that an older cache may lack: skips (fails in CI) without it."""
    path = cache / rel
    if not path.is_file():
        why = f"{rel} is not in the test-binary cache {cache}: run `bash {FETCH}`"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    return path


def upstream(deb_version: str) -> str:
    """'1:1.2.13.dfsg-1+deb12u1' -> '1.2.13'; '8.6.13+dfsg-2' -> '8.6.13'."""
    version = deb_version.split(":", 1)[-1].rsplit("-", 1)[0]
    return re.split(r"[+~]|\.dfsg", version)[0]


def manifest_of(cache: Path) -> dict[str, Any]:
    return dict(json.loads((cache / "manifest.json").read_text()))


def lib(pkg: str, name: str, usr: bool = True) -> str:
    return f"root/{pkg}/{'usr/' if usr else ''}lib/{MA}/{name}"


def chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while data := fh.read(size):
            yield data


def facts_of(
    path: Path, chunk: int = 1 << 20, fingerprints: Iterable[Fingerprint] | None = None
) -> BinaryFacts:
    """What BinaryInspector reports for one file, streamed as a member in `chunk` bytes."""
    inspector = BinaryInspector(fingerprints)
    consume = inspector(f"python/{path.name}", path.stat().st_size)
    assert consume is not None, path
    for data in chunks(path, chunk):
        consume(data)
    (facts,) = inspector.facts
    return facts


def families(path: Path) -> dict[str, CodeMatch]:
    return {m.family: m for m in facts_of(path).matches}


def symbols_of(path: Path, prefix_cap: int = 8 << 20) -> tuple[str, ...]:
    collector = HeaderCollector(path.stat().st_size, prefix_cap=prefix_cap)
    for data in chunks(path, 65536):
        collector.feed(data)
    return collector.result().defined_symbols


READLINE_SO = lib("libreadline8", "libreadline.so.8.2", usr=False)
LIBEDIT_SO = lib("libedit2", "libedit.so.2.0.70")
DYNLOAD = "root/libpython3.11-stdlib/usr/lib/python3.11/lib-dynload"
WHEELS = "wheelx"
CRYPTO_MAC = (
    f"{WHEELS}/cryptography-46.0.3-cp311-abi3-macosx_10_9_universal2/"
    "cryptography/hazmat/bindings/_rust.abi3.so"
)
CRYPTO_WIN = (
    f"{WHEELS}/cryptography-46.0.3-cp311-abi3-win_amd64/cryptography/hazmat/bindings/_rust.pyd"
)
APSW_MAC = (
    f"{WHEELS}/apsw-3.50.4.0-cp311-cp311-macosx_11_0_arm64/apsw/__init__.cpython-311-darwin.so"
)
APSW_WIN = f"{WHEELS}/apsw-3.50.4.0-cp311-cp311-win_amd64/apsw/__init__.cp311-win_amd64.pyd"
MSVC = (
    f"{WHEELS}/msvc_runtime-14.42.34433-cp311-cp311-win_amd64/"
    "msvc_runtime-14.42.34433.data/data/Scripts"
)
CFFI_ARM = (  # libffi 3.4 linked statically, BTI landing pads
    f"{WHEELS}/cffi-2.1.1-cp311-cp311-manylinux2014_aarch64.manylinux_2_17_aarch64/"
    "_cffi_backend.cpython-311-aarch64-linux-gnu.so"
)
CFFI_ARM_OLD = (  # an older build of it, without BTI landing pads
    f"{WHEELS}/cffi-1.17.1-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64/"
    "_cffi_backend.cpython-311-aarch64-linux-gnu.so"
)
ZLIB_NG_WIN = f"{WHEELS}/zlib_ng-0.5.1-cp311-cp311-win_amd64/zlib_ng/zlib_ng.cp311-win_amd64.pyd"
