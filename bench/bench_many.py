"""Benchmark: a folder of many small archives, scanned with --jobs 1, --jobs 2 and on a
2-worker Dask LocalCluster (issue #11).

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_many.py [--count 60] [--repeat 2] [--size MB] [--keep DIR]

It writes --count archives (default 60) into a folder: the real macOS 3.11.9 and Windows
3.11.9 listings and Linux archives of several eras, built by tests/builders from ../shared/pbs
(about 45-130 KB each), under distinct names. `--size MB` adds to each archive a member of MB
megabytes of incompressible bytes (`python/install/share/bench-filler.bin`), so that each
weighs what a real one does (PBS full archives are 30-150 MB compressed): every byte is
decompressed and hashed, as for a real archive, but none of it is a binary to parse. Then it
times, best of --repeat, whole `licscan scan --json DIR -o FILE` processes:

* `--jobs 1` (one process, one input after the other);
* `--jobs 2` (the command's process and one worker process it spawns, both scanning: the
  worker's start-up is included);
* `--dask-scheduler ADDRESS` against a LocalCluster of 2 worker processes (1 thread each)
  started before the clock (an existing cluster; its workers' first scan warms them up in
  the first round, which is why it is best of --repeat).

It prints archives per second, the ratio to --jobs 1, the CPU seconds spent (the command and
the workers it spawned; for Dask, the workers' own CPU time added), the load average before
each run (this VM's 2 cores are shared), the speed-up 2 idle cores would give at most (the CPU
seconds of --jobs 1 over half those of the parallel run), and checks that all three wrote the
same JSON Lines.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import era_archive, write_archive  # noqa: E402

LICSCAN = str(Path(sys.executable).with_name("licscan"))
KINDS = (  # scenario, the asset name's platform part
    ("macos-3.11.9-real", "3.11.9+20240726-aarch64-apple-darwin-pgo+lto-full"),
    ("windows-3.11.9-real", "3.11.9+20240726-x86_64-pc-windows-msvc-shared-pgo-full"),
    ("linux-3.10-20221220", "3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full"),
    ("linux-3.9-20221220", "3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full"),
    ("linux-3.14-20260814", "3.14.7+20260814-x86_64-unknown-linux-gnu-pgo+lto-full"),
)


FILLER = "python/install/share/bench-filler.bin"


def build(folder: Path, count: int, size_mb: float = 0.0) -> list[Path]:
    written: list[Path] = []
    for n in range(count):
        scenario, name = KINDS[n % len(KINDS)]
        sub = folder / f"batch-{n // len(KINDS):02d}"
        sub.mkdir(exist_ok=True)
        spec = era_archive(scenario)
        if size_mb:
            filler = random.Random(n).randbytes(int(size_mb * 1e6))
            spec = dataclasses.replace(spec, members={**spec.members, FILLER: filler})
        written.append(write_archive(spec, sub / f"cpython-{name}.tar.zst"))
    return written


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], out: Path, workers_cpu: object = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one licscan process (with what it spawned)."""
    cpu, extra = children_cpu(), _cluster_cpu(workers_cpu)
    started = time.perf_counter()
    result = subprocess.run([LICSCAN, *args, "-o", str(out)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"licscan {' '.join(args)} failed: {result.stderr[-2000:]}")
    return wall, children_cpu() - cpu + _cluster_cpu(workers_cpu) - extra


def _cluster_cpu(client: object) -> float:
    if client is None:
        return 0.0
    return float(sum(client.run(_own_cpu).values()))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the archives here and keep them")
    parser.add_argument("--size", type=float, default=0.0, help="MB of filler per archive")
    options = parser.parse_args()
    if options.count < 50:
        print("note: the issue asks for at least 50 archives", file=sys.stderr)
    work = options.keep or Path(tempfile.mkdtemp(prefix="licscan-bench-many-"))
    folder = work / "archives"
    folder.mkdir(parents=True, exist_ok=True)
    archives = build(folder, options.count, options.size)
    size = sum(p.stat().st_size for p in archives)
    print(f"{len(archives)} archives, {size / 1e6:.1f} MB, in {folder}")
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}")

    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    )
    client = Client(cluster)
    modes = {
        "--jobs 1": (["scan", "--json", str(folder), "--jobs", "1"], None),
        "--jobs 2": (["scan", "--json", str(folder), "--jobs", "2"], None),
        "dask, 2 workers": (
            ["scan", "--json", str(folder), "--dask-scheduler", cluster.scheduler_address],
            client,
        ),
    }
    best: dict[str, tuple[float, float, float]] = {}
    outputs: dict[str, bytes] = {}
    try:
        for _ in range(options.repeat):
            for mode, (args, workers) in modes.items():
                load = os.getloadavg()[0]
                out = work / f"out-{mode.replace(' ', '_').replace(',', '')}.jsonl"
                wall, cpu = timed(args, out, workers)
                outputs[mode] = out.read_bytes()
                if mode not in best or wall < best[mode][0]:
                    best[mode] = (wall, cpu, load)
    finally:
        client.close()
        cluster.close()
    base = best["--jobs 1"][0]
    print(f"{'mode':<17} {'wall':>7} {'archives/s':>11} {'vs --jobs 1':>12} {'CPU':>7}  load")
    for mode, (wall, cpu, load) in best.items():
        rate = len(archives) / wall
        print(f"{mode:<17} {wall:6.2f}s {rate:11.1f} {base / wall:11.2f}x {cpu:6.2f}s  {load:.1f}")
    base_cpu = best["--jobs 1"][1]
    for mode in ("--jobs 2", "dask, 2 workers"):
        bound = base_cpu / (best[mode][1] / 2)
        print(f"{mode}: at most {bound:.2f}x on 2 idle cores (CPU of --jobs 1 / half its CPU)")
    same = len(set(outputs.values())) == 1
    print(f"identical JSON Lines from all three: {same}")
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
