"""Benchmark: the fixed cost of a `licscan` run (start-up), and what each report format adds.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_startup.py [--repeat 20] [--size 0.1] [--no-bytecode]

Times whole processes (CPU = user+sys of the process tree, as `bench_speed.py` does), least and
median of --repeat runs:

* `python -c pass` (the bare interpreter) against `licscan --version` and `licscan --help`;
* `scan --json`, `check` and `report` (all formats) of the bundled example (150 KB: start-up
  and little else);
* on a built archive of --size GiB of tar data (`bench_speed.py`'s, the size of a real macOS
  full archive at 0.1), `zstd -dc | tar -t`, `scan --json` and `report` (all formats), and for
  each format the CPU of its first render (imports included) inside a fresh process that has
  scanned the archive: what that format adds to `report` (a quarter of --repeat, at least 3).

licscan's own modules are byte-compiled first, as `pip install` does for a wheel (in a source
checkout with PYTHONDONTWRITEBYTECODE=1 every run would compile ~200 modules again: about
0.1 s of CPU that no installed licscan pays). `--no-bytecode` removes them and measures that.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_speed  # noqa: E402

from tests.builders import real_listing_sizes  # noqa: E402

LICSCAN = bench_speed.LICSCAN
FORMATS = ("json", "notice", "cyclonedx", "spdx", "spdx3", "html")


def runs(command: list[str], repeat: int, shell: bool = False) -> dict[str, float]:
    """Least and median CPU and wall seconds of `repeat` runs of a command."""
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)  # microseconds, not ticks
        started = time.perf_counter()
        done = subprocess.run(
            command if not shell else ["sh", "-c", command[0]],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            sys.exit(f"{command} failed ({done.returncode})")
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {
        "cpu_min": round(min(cpu), 3),
        "cpu_median": round(statistics.median(cpu), 3),
        "wall_min": round(min(wall), 3),
        "wall_median": round(statistics.median(wall), 3),
    }


# A fresh process scans and judges the archive, then renders one format: the CPU of that first
# render (its imports included) is what the format adds to `licscan report`. Measured inside the
# process, it does not carry the scan's noise.
_FIRST_RENDER = """
import sys, time
import licscan
reports = licscan.reports(sys.argv[1])
started = time.process_time()
licscan.render_report(reports[0], sys.argv[2])
print(time.process_time() - started)
"""


def first_render(archive: Path, fmt: str, repeat: int) -> dict[str, float]:
    """Least and median CPU seconds of a first render of `fmt` in a fresh process."""
    seconds = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", _FIRST_RENDER, str(archive), fmt],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds.append(float(done.stdout.split()[-1]))
    return {"cpu_min": round(min(seconds), 3), "cpu_median": round(statistics.median(seconds), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--size", type=float, default=0.1, help="GiB of tar data (0: none)")
    parser.add_argument("--no-bytecode", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the built archive")
    parser.add_argument("--archive", type=Path, help="time this .tar.zst instead of building one")
    args = parser.parse_args()
    bench_speed.bytecode(not args.no_bytecode)
    folder = Path(tempfile.mkdtemp(prefix="licscan-bench-startup-"))
    out = folder / "out"
    print(
        json.dumps(
            {
                "machine": f"{os.cpu_count()} cores",
                "python": sys.version.split()[0],
                "bytecode": not args.no_bytecode,
                "repeat": args.repeat,
            }
        )
    )
    bare = runs([sys.executable, "-c", "pass"], args.repeat)
    version = runs([LICSCAN, "--version"], args.repeat)
    print(json.dumps({"python -c pass": bare}))
    print(
        json.dumps(
            {
                "licscan --version": version,
                "ratio_cpu_min": round(version["cpu_min"] / max(bare["cpu_min"], 1e-3), 2),
                "ratio_wall_median": round(version["wall_median"] / bare["wall_median"], 2),
            }
        )
    )
    print(json.dumps({"licscan --help": runs([LICSCAN, "--help"], args.repeat)}))
    example = folder / "example.tar.zst"
    subprocess.run([LICSCAN, "example", str(example)], check=True, capture_output=True)
    for label, command in (
        ("scan --json example", [LICSCAN, "scan", "--json", str(example)]),
        ("check example", [LICSCAN, "check", str(example)]),
        ("report example (all formats)", [LICSCAN, "report", str(example), "-o", str(out)]),
    ):
        print(json.dumps({label: runs(command, args.repeat)}))
    if args.size or args.archive:
        archive = args.archive or folder / f"bench-{args.size:g}g.tar.zst"
        if args.archive is None:
            base = sum(s or 4096 for s in real_listing_sizes("macos").values())
            bench_speed.write(archive, args.size * 2**30 / base, bench_speed.byte_pool())
        repeat = max(3, args.repeat // 4)
        bound = runs([f"zstd -dc '{archive}' | tar -t > /dev/null"], repeat, shell=True)
        scan = runs([LICSCAN, "scan", "--json", str(archive)], repeat)
        print(json.dumps({f"zstd -dc | tar -t ({args.size:g} GiB)": bound}))
        print(
            json.dumps(
                {
                    f"scan --json ({args.size:g} GiB)": scan,
                    "ratio_cpu": round(scan["cpu_min"] / bound["cpu_min"], 2),
                }
            )
        )
        for fmt in FORMATS:
            print(
                json.dumps({f"first {fmt} render (in-process)": first_render(archive, fmt, repeat)})
            )
        every = runs([LICSCAN, "report", str(archive), "-o", str(out)], repeat)
        print(
            json.dumps(
                {
                    "report (all formats)": every,
                    "ratio_cpu": round(every["cpu_min"] / bound["cpu_min"], 2),
                }
            )
        )
        if args.keep:
            print(json.dumps({"kept": str(archive)}))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
