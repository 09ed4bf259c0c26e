"""Benchmark: time and peak memory of licscan on inputs built to be large (issue #13).

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_hostile.py [--only NAME] [--command report]

(`--only dist-infos --command report` is `report`, all default formats, on 10,000 and
20,000 dist-info folders.)

Each scenario is built in code from the small linux 3.10 archive of tests/builders, written
as .tar.zst under a temporary folder, then run through `licscan scan --json` (or --command)
in a child process (`tests.hostile.child`) that reports its peak RSS (VmHWM). Work that is
quadratic in the number of members, extensions, license ids or packages shows as time
growing with the square of the size: each scenario runs at two sizes, and the ratio of the
CPU times (user + sys of the child) is printed (about 2 for linear work, 4 for quadratic).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders.layout import dist_metadata  # noqa: E402
from tests.hostile import crafted as c  # noqa: E402

SITE = "python/install/lib/python3.10/site-packages"


def members(n: int) -> bytes:
    tail = b"".join(c.header(b"python/install/t/%07d" % k, b"0", 0) for k in range(n))
    return c.zst(c.base_tar(tail=tail))


def extensions(n: int) -> bytes:
    data = c.base_json()
    variant = data["build_info"]["extensions"]["_ssl"][0]
    for k in range(n):
        data["build_info"]["extensions"][f"_ext{k}"] = [dict(variant)]
    return c.zst(c.base_tar(python_json=json.dumps(data).encode()))


def license_ids(n: int) -> bytes:
    data = c.base_json()
    ids = [("MIT" if k % 2 else f"LicenseRef-x{k}") for k in range(n)]
    data["build_info"]["extensions"]["_ssl"][0]["licenses"] = ids
    return c.zst(c.base_tar(python_json=json.dumps(data).encode()))


def dist_infos(n: int) -> bytes:
    spec = c.base_spec()
    for k in range(n):
        folder = f"{SITE}/pkg{k}-1.0.dist-info"
        spec.members[f"{folder}/METADATA"] = dist_metadata(f"pkg{k}", "1.0", "MIT")
        spec.members[f"{folder}/RECORD"] = b""
    return c.zst(c.base_tar(spec=spec))


def big_texts(n: int) -> bytes:
    text = b"Permission is hereby granted, free of charge, to any person.\n" * (7 * 2**20 // 62)
    extra = [c.file(f"python/licenses/LICENSE.big{k}.txt", text) for k in range(n)]
    return c.zst(c.base_tar(extra))


SCENARIOS: dict[str, tuple[Callable[[int], bytes], int]] = {
    "members": (members, 100_000),
    "extensions": (extensions, 15_000),
    "license-ids": (license_ids, 250_000),
    "dist-infos": (dist_infos, 10_000),
    "big-texts": (big_texts, 10),
}


# big PYTHON.json documents: raise the limits that would refuse them before any work
RAISED = ["--limit", "kept_bytes=256M", "--limit", "kept_total_bytes=1G", "--limit",
          "json_bytes=256M", "--limit", "packages=1M"]  # fmt: skip


def run(archive: Path, command: str, folder: Path, raised: bool) -> tuple[float, float, int, int]:
    rss = folder / "rss"
    args = ["scan", str(archive), "--json"] if command == "scan" else [
        "report", str(archive), "-o", str(folder / "out")]  # fmt: skip
    args += RAISED if raised else []
    started, before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.child", *args],
        capture_output=True,
        env={**os.environ, "LICSCAN_RSS_FILE": str(rss)},
        cwd=ROOT,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.monotonic() - started, cpu, int(rss.read_text()) // 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=None, help="scenario names, comma-separated")
    parser.add_argument("--command", default="scan", choices=("scan", "report"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (build, size) in SCENARIOS.items():
            if args.only and name not in args.only.split(","):
                continue
            times = []
            for n in (size, 2 * size):
                archive = folder / f"{name}-{n}.tar.zst"
                archive.write_bytes(build(n))
                took, cpu, peak, code = run(archive, args.command, folder, name != "big-texts")
                times.append(cpu)
                print(f"{name:12} n={n:>8,}  {took:6.2f} s  cpu {cpu:6.2f} s  peak {peak:4d} MiB  "
                      f"exit {code}", flush=True)  # fmt: skip
            print(f"{name:12} cpu ratio for 2x the size: {times[1] / times[0]:.2f}")


if __name__ == "__main__":
    main()
