"""Benchmark: what binary evidence adds to `licscan.scan` of a full-size PBS-like archive.

Run by hand (not part of the test suite), after `bash tests/binaries/fetch.sh`:

    .venv/bin/python bench/bench_evidence.py [--repeat 5] [--keep]

It builds the real macOS 3.11.9 full archive listing (as bench/bench_scan.py does) with members
of their real sizes, but with realistic binaries: every `.a` is a real static library of the
test-binary cache (libcrypto.a for libcrypto.a, ...), libpython, the interpreter and every
extension module are real ELF files (Debian's libpython3.11.so, a small executable built by
fetch.sh, lib-dynload/*.so), each repeated to the listed size (an ELF file is never cut: a
cut one is no valid binary; a static library may be), and the `.o` objects are LLVM bitcode
stand-ins (the archive is a pgo+lto build, whose objects are bitcode). Every other member is
half random, half zeros, as in bench_scan. Then it scans the .tar.zst and .tar.gz in child
processes with binary evidence on (licscan.scan as shipped) and off (an inspector that looks
at no member), `--repeat` times each, alternating, and prints the median and the fastest
wall time, the least CPU time (user+sys of all threads, of the scan call and of the whole
child process), the peak RSS of each and the added share. On a shared machine CPU time is
the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import full_archive_spec, real_listing_sizes, write_archive  # noqa: E402
from tests.read.binaries import CACHE, DYNLOAD, lib  # noqa: E402

DEFAULT_SIZE = 4_000_000  # for members the listing has no size for (as bench_scan)


def _real_binary(name: str, extensions: list[Path]) -> Path | None:
    base = name.rsplit("/", 1)[-1]
    if base.endswith(".a"):
        stem = base.removesuffix(".a")
        found = sorted(CACHE.glob(f"root/*/usr/lib/*/{stem}.a"))
        return found[0] if found else CACHE / lib("libssl-dev", "libcrypto.a")
    if base.startswith("libpython3") and (".dylib" in base or ".so" in base):
        return CACHE / lib("libpython3.11", "libpython3.11.so.1.0")
    if name.endswith(("/bin/python3.11", "/bin/python3")):
        return CACHE / "bin/hello-glibc"  # a small real executable, as PBS's launcher
    if base.endswith((".so", ".dylib")):
        return extensions[zlib.crc32(base.encode()) % len(extensions)]
    return None


def _fill(data: bytes, size: int) -> bytes:
    """`data` repeated or cut to `size` bytes; an ELF file is never cut (a prefix of one is
    no valid binary: its section table lies beyond the cut), an `ar` archive may be (its
    members before the cut stay whole)."""
    if size <= len(data):
        return data if data[:4] == b"\x7fELF" else data[:size]
    return (data * (size // len(data) + 1))[:size]


def build(folder: Path) -> tuple[list[Path], dict[str, int]]:
    spec = full_archive_spec("macos")
    sizes = real_listing_sizes("macos")
    extensions = sorted((CACHE / DYNLOAD).glob("*.so"))
    kinds = {"real binary": 0, "bitcode": 0, "other": 0}
    for name, listed in sizes.items():
        if name not in spec.members or name.startswith(("python/licenses/", "python/PYTHON")):
            continue
        real = _real_binary(name, extensions)
        if real is not None:
            data = real.read_bytes()
            spec.members[name] = _fill(data, listed or len(data))
            kinds["real binary"] += len(spec.members[name])
            continue
        wanted = listed or DEFAULT_SIZE
        if wanted <= len(spec.members[name]):
            continue
        filler = (os.urandom(wanted // 2) + bytes(wanted))[:wanted]
        if name.endswith(".o"):
            spec.members[name] = b"BC\xc0\xde" + filler[4:]
            kinds["bitcode"] += wanted
        else:
            spec.members[name] = filler
            kinds["other"] += wanted
    archives = [
        write_archive(spec, folder / "bench.tar.zst", container="zst"),
        write_archive(spec, folder / "bench.tar.gz", container="gz"),
    ]
    return archives, kinds


_CHILD = """
import re, sys, time, licscan, licscan.api
class Off:
    facts = evidence = ()
    def __init__(self, *args, **kwargs):
        pass
    def __call__(self, name, size):
        return None
if sys.argv[2] == "off":
    licscan.api.BinaryInspector = Off
t, c = time.perf_counter(), time.process_time()
inv = licscan.scan(sys.argv[1])
c, t = time.process_time() - c, time.perf_counter() - t
hwm = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
print(t, c, int(hwm) / 1024)
"""


class Run(NamedTuple):
    wall: float  # seconds of the scan call, wall clock
    cpu: float  # user+sys seconds of the scan call (all threads of the child)
    process_cpu: float  # user+sys seconds of the whole child process (start-up included)
    rss: float  # peak RSS of the child, MiB


def measure(path: Path, mode: str) -> Run:
    """One scan in a child process."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), mode], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    stdout = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"scan failed with exit code {child.returncode}")
    wall, cpu, rss = stdout.split()
    return Run(float(wall), float(cpu), usage.ru_utime + usage.ru_stime, float(rss))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each mode")
    parser.add_argument("--keep", action="store_true", help="keep the generated archives")
    args = parser.parse_args()
    if not (CACHE / "manifest.json").is_file():
        sys.exit(f"no test-binary cache at {CACHE}: run `bash tests/binaries/fetch.sh` first")
    folder = Path(tempfile.mkdtemp(prefix="licscan-bench-evidence-"))
    started = time.perf_counter()
    archives, kinds = build(folder)
    print(f"built in {time.perf_counter() - started:.1f}s in {folder}", file=sys.stderr)
    print(json.dumps({"member_bytes": kinds}))
    for path in archives:
        runs: dict[str, list[Run]] = {"off": [], "on": []}
        for _ in range(args.repeat):
            for mode, found in runs.items():
                found.append(measure(path, mode))
        times = {mode: statistics.median(r.wall for r in found) for mode, found in runs.items()}
        fastest = {mode: min(r.wall for r in found) for mode, found in runs.items()}
        cpu = {mode: min(r.cpu for r in found) for mode, found in runs.items()}
        whole = {mode: min(r.process_cpu for r in found) for mode, found in runs.items()}
        rss = {mode: max(r.rss for r in found) for mode, found in runs.items()}
        print(
            json.dumps(
                {
                    "archive": path.name,
                    "size_mib": round(path.stat().st_size / 2**20, 1),
                    "evidence_off_s": round(times["off"], 3),
                    "evidence_on_s": round(times["on"], 3),
                    "added_percent": round(100 * (times["on"] / times["off"] - 1), 1),
                    "fastest_off_s": round(fastest["off"], 3),
                    "fastest_on_s": round(fastest["on"], 3),
                    "added_percent_fastest": round(100 * (fastest["on"] / fastest["off"] - 1), 1),
                    "cpu_off_s": round(cpu["off"], 3),
                    "cpu_on_s": round(cpu["on"], 3),
                    "added_percent_cpu": round(100 * (cpu["on"] / cpu["off"] - 1), 1),
                    "process_cpu_off_s": round(whole["off"], 3),
                    "process_cpu_on_s": round(whole["on"], 3),
                    "peak_rss_off_mib": round(rss["off"], 1),
                    "peak_rss_on_mib": round(rss["on"], 1),
                }
            )
        )
    if not args.keep:
        for path in archives:
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
