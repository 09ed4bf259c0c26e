"""Benchmark: time and peak memory of `licscan.scan` on a full-size PBS-like archive.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_scan.py [--scale 1.0] [--keep]

It builds the real macOS 3.11.9 member listing from ../shared/pbs with members of their real
sizes (incompressible-ish bytes, so the zstd stream is as long as a real one), writes it as
.tar.zst and .tar.gz under a temporary folder, then scans each in a child process and prints
wall time, throughput and peak RSS. Memory must stay flat as the archive grows: the reader
keeps only metadata and license texts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import full_archive_spec, real_listing_sizes, write_archive  # noqa: E402


def build(folder: Path, scale: float) -> list[Path]:
    spec = full_archive_spec("macos")
    sizes = real_listing_sizes("macos")
    for name, size in sizes.items():
        if name in spec.members and not name.startswith(("python/licenses/", "python/PYTHON")):
            wanted = int((size or 4_000_000) * scale)
            if wanted > len(spec.members[name]):
                # half random, half zeros: compresses about 2:1 like real object code
                spec.members[name] = (os.urandom(wanted // 2) + bytes(wanted))[:wanted]
    return [
        write_archive(spec, folder / "bench.tar.zst", container="zst"),
        write_archive(spec, folder / "bench.tar.gz", container="gz"),
    ]


def measure(path: Path) -> dict[str, float]:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec from the forked parent.
    code = (
        "import re, time, licscan; t=time.perf_counter(); "
        f"inv=licscan.scan({str(path)!r}); s=time.perf_counter()-t; "
        "hwm=re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
        "print(s, hwm, len(inv.components))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, rss_kib, components = out.stdout.split()
    return {
        "seconds": float(seconds),
        "peak_rss_mib": int(rss_kib) / 1024,
        "components": int(components),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="member size multiplier")
    parser.add_argument("--keep", action="store_true", help="keep the generated archives")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="licscan-bench-"))
    started = time.perf_counter()
    archives = build(folder, args.scale)
    print(f"built in {time.perf_counter() - started:.1f}s in {folder}", file=sys.stderr)
    for path in archives:
        result = measure(path)
        size = path.stat().st_size / 2**20
        print(
            json.dumps(
                {
                    "archive": path.name,
                    "size_mib": round(size, 1),
                    **result,
                    "mib_per_s": round(size / result["seconds"], 1),
                }
            )
        )
    if not args.keep:
        for path in archives:
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
