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

`--processes` adds the same steps as whole processes (least wall of --repeat, each started
afresh), the waterfall under `licscan scan --json`: the bare interpreter, the floor reader as a
program of its own (stdlib and zstandard only; with and without the members' hashes),
`import licscan.read`, a process that imports
the read stage and runs `read_archive`, and `licscan scan --json` itself.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from floor_reader import blocks, members  # noqa: E402


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


def process_rows(path: str, repeat: int) -> list[tuple[str, float, float, str]]:
    """The waterfall as whole processes: (what, least wall, least CPU of the tree, note)."""
    python, reader = sys.executable, str(ROOT / "bench" / "floor_reader.py")
    read = (
        "import sys; sys.path.insert(0, sys.argv[1]); import bench_floor; "
        "bench_floor.read_archive(sys.argv[2])"
    )
    commands = [
        ("python -c pass", [python, "-c", "pass"], "the bare interpreter"),
        ("floor process, headers", [python, reader, path, "--headers-only"], "no member hashed"),
        ("floor reader process", [python, reader, path], "every member hashed"),
        ("import licscan.read", [python, "-c", "import licscan.read"], "the read stage"),
        ("read_archive process", [python, "-c", read, str(ROOT / "bench"), path], "as scan reads"),
        (
            "licscan scan --json",
            [str(Path(python).with_name("licscan")), "scan", "--json", path],
            "the whole command",
        ),
    ]
    rows = []
    for what, command, note in commands:
        walls, cpus = [], []
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
            walls.append(time.perf_counter() - wall)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rows.append((what, min(walls), min(cpus), note))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", help="a .tar.zst (default: build a 0.1 GiB one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--processes", action="store_true", help="also time the steps as whole processes"
    )
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
        bound = rows[0][1]
        if args.processes:
            rows += [
                (what, wall, cpu, f"{note}; {wall / bound:.2f}x the bound")
                for what, wall, cpu, note in process_rows(path, args.repeat)
            ]
        print(f"{Path(path).name}, least of {args.repeat}")
        print(f"{'':28}{'wall':>8}{'CPU':>8}")
        for what, wall, cpu, note in rows:
            print(f"{what:28}{wall:8.3f}{cpu:8.3f}   {note}")


if __name__ == "__main__":
    main()
