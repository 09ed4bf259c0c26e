"""Benchmark: what `--db FILE` costs a batch, and what resuming a stored batch saves.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_store.py [--archives 24] [--repeat 3]

It writes `--archives` distinct PBS-like `.tar.zst` archives (the era archives of
tests/builders in turn, each with one member of its own so that no two share a SHA-256) into a
temporary folder, then times whole `licscan check FOLDER` processes: without `--db`, with
`--db` into a new store (scan + store everything), and again with the filled store (every
input skipped by its hash). It prints the fastest and median wall time of each, archives per
second, and the store's size. On a shared machine the fastest run is the steadier figure.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import ERA_NAMES, era_archive, write_archive  # noqa: E402

ERAS = [e for e in ERA_NAMES if e.startswith(("linux", "macos"))] or list(ERA_NAMES)


def build(folder: Path, count: int) -> None:
    for n in range(count):
        era = ERAS[n % len(ERAS)]
        spec = era_archive(era)
        spec.members[f"python/bench-{n}.txt"] = f"archive {n}\n".encode()
        write_archive(spec, folder / f"bench-{n:03d}-{era}.tar.zst")


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archives", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    licscan = [sys.executable, "-m", "licscan", "check"]
    with tempfile.TemporaryDirectory(prefix="licscan-bench-store-") as temp:
        folder = Path(temp) / "batch"
        folder.mkdir()
        build(folder, options.archives)
        runs: dict[str, list[float]] = {"no --db": [], "--db, new store": [], "--db, resume": []}
        size = 0
        for n in range(options.repeat):
            db = Path(temp) / f"store-{n}.db"
            runs["no --db"].append(timed([*licscan, str(folder)]))
            runs["--db, new store"].append(timed([*licscan, str(folder), "--db", str(db)]))
            runs["--db, resume"].append(timed([*licscan, str(folder), "--db", str(db)]))
            size = db.stat().st_size
        print(f"{options.archives} archives, {options.repeat} runs each (licscan check FOLDER)")
        for name, times in runs.items():
            best = min(times)
            print(
                f"  {name:16s} fastest {best:6.2f} s  median {statistics.median(times):6.2f} s"
                f"  {options.archives / best:6.1f} archives/s"
            )
        each = size / options.archives / 1024
        print(f"  store size: {size / 1024:.0f} KiB ({each:.0f} KiB per archive)")


if __name__ == "__main__":
    main()
