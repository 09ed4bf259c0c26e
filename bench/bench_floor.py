"""Benchmark: the floor under `read_archive`, what a minimal Python reader of a `.tar.zst` costs.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_floor.py [ARCHIVE.tar.zst] [--repeat 5]

Without an archive it builds `bench_speed.py`'s 0.1 GiB full archive (the real macOS 3.11.9
member listing: the size of a real full archive) in a temporary folder. In one process, in the
same minutes, it times (least of --repeat, wall and CPU of the process, both threads):

1. decompress only: zstandard on a second thread, 4 MiB blocks, the input file hashed;
2. + headers: the tar headers parsed (ustar fields, pax and GNU long names), members skipped;
3. + sha256: the SHA-256 of every member's data as well;
4. `read_archive` itself (as `licscan scan` calls it: layout.keep, layout.hashed, the binary
   inspector), so the distance to the floor is printed beside it;

and, as a separate process, `zstd -dc | tar -t` (wall and CPU of the process tree), the
lower bound the README's ratios use.
"""

from __future__ import annotations

import argparse
import hashlib
import queue
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, cast

import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from licscan.read.streams import Sha256Thread  # noqa: E402

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


def decompress_only(path: str) -> int:
    return sum(1 for _ in blocks(path))


def read_archive(path: str) -> int:
    from licscan.read import BinaryInspector, layout, read_archive
    from licscan.read.limits import DEFAULT_LIMITS

    inspector = BinaryInspector(max_headers=DEFAULT_LIMITS.binary_headers)
    contents = read_archive(path, keep=layout.keep, inspect=inspector, hash_rule=layout.hashed)
    return len(contents.members)


def timed(work: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    walls, cpus, result = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def zstd_tar(path: str, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(
            ["sh", "-c", f"zstd -dc '{path}' | tar -t"], stdout=subprocess.DEVNULL, check=True
        )
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", help="a .tar.zst (default: build a 0.1 GiB one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.archive
        if path is None:
            import bench_speed

            from tests.builders import real_listing_sizes

            built = Path(tmp) / "bench-0.1g.tar.zst"
            base = sum(s or 4096 for s in real_listing_sizes("macos").values())
            bench_speed.write(built, 0.1 * 2**30 / base, bench_speed.byte_pool())
            path = str(built)
        rows: list[tuple[str, float, float, str]] = []
        wall, cpu = zstd_tar(path, args.repeat)
        rows.append(("zstd -dc | tar -t", wall, cpu, "process tree"))
        wall, cpu, _ = timed(lambda: decompress_only(path), args.repeat)
        rows.append(("decompress only", wall, cpu, "in-process"))
        wall, cpu, count = timed(lambda: members(path, hashed=False), args.repeat)
        rows.append(("+ tar headers", wall, cpu, f"{count:,} members"))
        wall, cpu, count = timed(lambda: members(path, hashed=True), args.repeat)
        rows.append(("+ sha256 of every member", wall, cpu, "the floor"))
        floor = wall
        wall, cpu, count = timed(lambda: read_archive(path), args.repeat)
        rows.append(("read_archive", wall, cpu, f"{wall / floor:.2f}x the floor (wall)"))
        print(f"{Path(path).name}, least of {args.repeat}")
        print(f"{'':28}{'wall':>8}{'CPU':>8}")
        for what, wall, cpu, note in rows:
            print(f"{what:28}{wall:8.3f}{cpu:8.3f}   {note}")


if __name__ == "__main__":
    main()
