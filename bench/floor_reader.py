"""The floor reader: the least a Python program must do to read a `.tar.zst` as licscan does.

zstandard on a second thread, the input file hashed on a third (`Sha256Thread`, loaded from
licscan/read/streams.py on its own), the tar headers parsed (ustar, pax and GNU long names) and
every member's data hashed. It imports only the standard library and zstandard, so that run as a
program (`python bench/floor_reader.py A.tar.zst`, a row of `bench_floor.py --processes`) it
is the floor under any Python process that reads the archive. `bench_floor.py` imports it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import IO, cast

import zstandard

ROOT = Path(__file__).resolve().parents[1]


def _streams() -> ModuleType:
    """licscan/read/streams.py loaded on its own (it imports only the standard library), so
    the floor reader imports nothing else of licscan, not even the read stage's package."""
    spec = importlib.util.spec_from_file_location(
        "licscan_floor_streams", ROOT / "licscan" / "read" / "streams.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


Sha256Thread = _streams().Sha256Thread

BLOCK = 4 * 2**20
_END = b""


def blocks(path: str) -> Iterator[bytes]:
    """The decompressed bytes in 4 MiB blocks, decompressed on a thread, the file hashed on a
    third (`Sha256Thread`), as `read_archive` does."""
    out: queue.Queue[bytes] = queue.Queue(maxsize=4)

    def work() -> None:
        digest = Sha256Thread()
        with open(path, "rb") as fh:

            class Hashed:
                def read(self, size: int = -1) -> bytes:
                    data = fh.read(size)
                    digest.update(data)
                    return data

            reader = zstandard.ZstdDecompressor().stream_reader(
                cast(IO[bytes], Hashed()), read_size=2**20
            )
            while block := reader.read(BLOCK):
                out.put(block)
        digest.hexdigest()
        out.put(_END)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    while (block := out.get()) != _END:
        yield block
    thread.join()


def _octal(field: bytes) -> int:
    return int(field.split(b"\0", 1)[0].strip() or b"0", 8)


def members(path: str, hashed: bool) -> int:
    """Walk the tar headers; hash each member's data when `hashed`. Returns the member count."""
    view = memoryview(b"")
    source = blocks(path)
    count = 0

    def take(size: int) -> memoryview:
        nonlocal view
        while len(view) < size:
            more = next(source, None)
            if more is None:
                raise ValueError("truncated")
            view = memoryview(bytes(view) + more) if view else memoryview(more)
        piece, view = view[:size], view[size:]
        return piece

    def data(size: int, sink: Callable[[memoryview], object] | None) -> None:
        nonlocal view
        need = size + (-size % 512)
        left = size
        while need:
            if not view:
                view = memoryview(next(source))
            piece = view[:need]
            view = view[len(piece) :]
            need -= len(piece)
            if sink is not None and left:
                sink(piece[:left])
                left -= min(left, len(piece))

    long_name = None
    while True:
        header = bytes(take(512))
        if not header.strip(b"\0"):
            break
        size = _octal(header[124:136])
        kind = header[156:157]
        name = header[:100].split(b"\0", 1)[0]
        prefix = header[345:500].split(b"\0", 1)[0]
        if prefix:
            name = prefix + b"/" + name
        if kind in (b"L", b"x", b"g"):
            meta = bytes(take(size + (-size % 512)))[:size]
            if kind == b"L":
                long_name = meta.rstrip(b"\0")
            continue
        if long_name is not None:
            name, long_name = long_name, None
        name.decode("utf-8", "surrogateescape")
        count += 1
        if kind in (b"0", b"\0", b"7"):
            digest = hashlib.sha256() if hashed else None
            data(size, digest.update if digest is not None else None)
            if digest is not None:
                digest.hexdigest()
    for _ in source:  # to the end of the stream
        pass
    return count


if __name__ == "__main__":  # floor_reader.py ARCHIVE [--headers-only]: no member hashed
    members(sys.argv[1], hashed="--headers-only" not in sys.argv[2:])
