"""Benchmark: `licscan strip` of a full archive against copying it with `zstd -dc | zstd`.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_strip.py [--sizes 0.25,1] [--repeat 2] [--keep] [--archive A]

For each size (GiB of tar data) it writes a Linux 3.14 full archive of release 20260814 (the
tests/builders layout: `_dbm` a separate lib-dynload module), its code members (shared and
static libraries, objects, executables) filled to the size with real, realistically
compressible bytes (bench_speed's byte pool), as .tar.zst at level 3. Then it times, as
separate processes, best of --repeat:

* the copy bound: `zstd -dc A | zstd -q -c > B` (decompress and recompress, level 3);
* `licscan strip A -o C`: scan and judge A, stream the copy without `_dbm`, re-scan C;

and prints one JSON line per archive: wall and CPU seconds (user + system, every process of
the command), peak RSS, and both ratios (target: under 1.5). On a shared machine the CPU
ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_speed import MTIME, _Chunks, _content, byte_pool  # noqa: E402

from tests.builders import era_archive, ordered_names  # noqa: E402

LICSCAN = str(Path(sys.executable).with_name("licscan"))
NAME = "cpython-3.14.7+20260814-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
_CODE = re.compile(r".*(?:/bin/[^/]+|\.so(?:\.[0-9.]+)?|\.a|\.o)")


def write(path: Path, gib: float, pool: list[bytes]) -> int:
    """The archive at `path`; returns its tar data size."""
    spec = era_archive("linux-3.14-20260814")
    files = spec.files()
    code = [n for n in files if _CODE.fullmatch(n) and not n.endswith("PYTHON.json")]
    share = int(gib * 2**30 / len(code))
    total = 0
    with path.open("wb") as raw:
        out = zstandard.ZstdCompressor(level=3).stream_writer(raw)
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
            for seed, name in enumerate(ordered_names(spec)):
                info = tarfile.TarInfo(name)
                info.mtime, info.mode = MTIME, 0o755 if name in code else 0o644
                if name in spec.symlinks:
                    info.type, info.linkname = tarfile.SYMTYPE, spec.symlinks[name]
                    tar.addfile(info)
                elif name in code:
                    info.size = share
                    tar.addfile(info, io.BufferedReader(_Chunks(_content(pool, seed, share))))
                else:
                    info.size = len(files[name])
                    tar.addfile(info, io.BytesIO(files[name]))
                total += info.size
        out.close()
    return total


def timed(command: str, repeat: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds (user + system, all processes), peak RSS MiB) of the run
    with the least CPU: on a shared machine the CPU time is the steadier measure."""
    best = (float("inf"), float("inf"), 0.0)
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", "sh", "-c", command],
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - started
        user, system, rss = done.stderr.strip().splitlines()[-1].split()
        run = (wall, float(user) + float(system), int(rss) / 1024)
        best = min(best, run, key=lambda r: r[1])
    return best


def measure(path: Path, repeat: int) -> dict[str, object]:
    out = Path(tempfile.mkdtemp(prefix="licscan-bench-strip-out-"))
    tool = "gzip" if path.name.endswith(".gz") else "zstd"  # a .tar.gz given by --archive
    rows = {
        f"{tool}_copy": f"{tool} -dc '{path}' | {tool} -q -c > '{out / 'copy'}'",
        "strip": f"'{LICSCAN}' strip '{path}' -o '{out / path.name}' > /dev/null",
    }
    result: dict[str, object] = {"mib": round(path.stat().st_size / 2**20, 1)}
    for label, command in rows.items():
        wall, cpu, rss = timed(command, repeat)
        result[f"{label}_wall_s"] = round(wall, 3)
        result[f"{label}_cpu_s"] = round(cpu, 3)
        result[f"{label}_rss_mib"] = round(rss, 1)
    result["strip_mib"] = round((out / path.name).stat().st_size / 2**20, 1)
    shutil.rmtree(out, ignore_errors=True)
    for kind in ("wall", "cpu"):
        strip, copy = result[f"strip_{kind}_s"], result[f"{tool}_copy_{kind}_s"]
        result[f"{kind}_ratio"] = round(float(strip) / float(copy), 2)  # type: ignore[arg-type]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="0.25,1", help="GiB of tar data, comma-separated")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the generated archives")
    parser.add_argument(
        "--archive", type=Path, help="time this archive (e.g. one kept by --keep) instead"
    )
    args = parser.parse_args()
    print(json.dumps({"machine": f"{os.cpu_count()} cores", "python": sys.version.split()[0]}))
    if args.archive is not None:
        print(json.dumps({"archive": str(args.archive), **measure(args.archive, args.repeat)}))
        return
    folder = Path(tempfile.mkdtemp(prefix="licscan-bench-strip-"))
    pool = byte_pool()
    for size in (float(s) for s in args.sizes.split(",")):
        path = folder / f"{size:g}g" / NAME
        path.parent.mkdir()
        tar_bytes = write(path, size, pool)
        print(
            json.dumps(
                {"gib": size, "tar_mib": round(tar_bytes / 2**20), **measure(path, args.repeat)}
            )
        )
        if not args.keep:
            path.unlink()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
