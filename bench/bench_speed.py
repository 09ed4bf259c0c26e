"""Benchmark: whole `licscan` processes against the decompression lower bound, side by side.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_speed.py [--sizes 0.1,1,4] [--repeat 3] [--containers zst,gz]

For each size (GiB of tar data) it writes a full PBS archive with the real macOS 3.11.9 member
listing of ../shared/pbs (`--listing windows`: the Windows x86-64 one; `--sizes 0.176` is its
real size), every member at its real size times a scale factor, filled with
REAL bytes that compress like a real archive: the machine's own CPython shared libraries,
extension modules and standard library files (plus the test-binary cache, when it is there),
cut or repeated to length; pip's and setuptools' license files are their real texts (from the
test-binary cache's wheels, when it is there). It writes the archive once as .tar.zst and once
as .tar.gz, streaming (memory stays flat), then times, as separate processes, best of --repeat:

* the lower bound: `zstd -dc A | tar -t` (or `gzip -dc`), and the decompressor alone;
* `licscan scan --json A` and `licscan report A -o DIR` (all five formats);

with the CPU time (user+sys of the whole process tree) beside the wall time, and the peak RSS,
and prints one JSON line per archive with the ratios of both. On a shared machine wall time
is noisy; the CPU ratios are the steadier comparison. The bundled
example archive is measured the same way (a 150 KB archive: start-up dominates).

licscan's own modules are byte-compiled first, as `pip install` does for a wheel: in a source
checkout under PYTHONDONTWRITEBYTECODE=1 (as on this project's machine) every run would compile
~200 modules again, about 0.1 s of CPU no installed licscan pays. `--no-bytecode` measures that.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from licscan.read import layout  # noqa: E402
from tests.builders import full_archive_spec, real_listing_sizes  # noqa: E402
from tests.builders.shared import Platform  # noqa: E402

LICSCAN = str(Path(sys.executable).with_name("licscan"))
MTIME = 1704067200
_CHUNK = 1 << 20


def bytecode(enabled: bool) -> None:
    """licscan's modules byte-compiled next to their sources (gitignored), or none at all."""
    package = ROOT / "licscan"
    for folder in package.rglob("__pycache__"):
        shutil.rmtree(folder, ignore_errors=True)
    if enabled:
        compileall.compile_dir(str(package), quiet=1)


def byte_pool() -> list[bytes]:
    """Real files of this machine (shared libraries, modules, stdlib) as content sources."""
    found: list[Path] = []
    libdir = Path(sysconfig.get_config_var("LIBDIR") or sys.prefix)
    found += sorted(libdir.glob("libpython3*.so*"))[:1]
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    found += sorted((stdlib / "lib-dynload").glob("*.so"))[:40]
    found += sorted(stdlib.glob("*.py"))[:200]
    cache = Path(os.environ.get("LICSCAN_TESTBINS", Path.home() / ".cache/licscan-testbins"))
    found += sorted(cache.glob("root/*/usr/lib/*/*.so*"))[:40]
    pool = [p.read_bytes() for p in found if p.is_file() and not p.is_symlink()]
    return [data for data in pool if data] or [os.urandom(1 << 20) + bytes(1 << 20)]


def real_dist_info_texts(names: list[str]) -> dict[str, bytes]:
    """pip's and setuptools' real license files (LICENSE.txt, AUTHORS.txt, LICENSE) from the
    test-binary cache's wheels, for the archive's dist-info members of the same name: a real
    archive ships those texts (which licscan's table of identified texts knows), not the test
    builders' stand-ins. Empty when the cache has no wheels (the texts are then classified)."""
    cache = Path(os.environ.get("LICSCAN_TESTBINS", Path.home() / ".cache/licscan-testbins"))
    found: dict[str, bytes] = {}
    for name in names:
        folder, _, file_name = name.rpartition("/")
        project = folder.rpartition("/")[2].partition("-")[0]
        if not folder.endswith(".dist-info") or project not in ("pip", "setuptools"):
            continue
        for text in sorted(cache.glob(f"wheelx/{project}-*-py3-none-any/*.dist-info/{file_name}")):
            found[name] = text.read_bytes()
    return found


def _content(pool: list[bytes], seed: int, size: int) -> Iterator[bytes]:
    """`size` bytes of a real file, each pass over it under another byte permutation: the
    data compresses like the file itself, never like a repetition of it."""
    source = pool[seed % len(pool)]
    offset, cycle, left = (seed * 7919) % len(source), 0, size
    table = _permutation(seed, cycle)
    while left:
        piece = source[offset : offset + min(left, _CHUNK)]
        if not piece:
            offset, cycle = 0, cycle + 1
            table = _permutation(seed, cycle)
            continue
        offset += len(piece)
        left -= len(piece)
        yield piece.translate(table)


def _permutation(seed: int, cycle: int) -> bytes:
    order = list(range(256))
    random.Random(seed * 1_000_003 + cycle).shuffle(order)
    return bytes(order)


class _Chunks(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._rest = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._rest:
            self._rest = next(self._chunks, b"")
            if not self._rest:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n], self._rest = self._rest[:n], self._rest[n:]
        return n


def write(path: Path, scale: float, pool: list[bytes], listing: Platform = "macos") -> int:
    """Write the archive at `path` (.tar.zst or .tar.gz) from the real member listing of
    `listing` (macOS aarch64 or Windows x86-64 3.11.9); return the tar bytes written."""
    spec = full_archive_spec(listing)
    small = spec.files()
    small.update(real_dist_info_texts(list(small)))
    sizes = real_listing_sizes(listing)
    names = [
        "python/PYTHON.json",
        *sorted(n for n in set(small) | set(sizes) if n != "python/PYTHON.json"),
    ]
    with path.open("wb") as raw:
        if path.suffix == ".zst":
            out: io.BufferedIOBase = zstandard.ZstdCompressor(level=3).stream_writer(raw)  # type: ignore[assignment]
        else:
            out = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=6)  # type: ignore[assignment]
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for seed, name in enumerate(names):
                info = tarfile.TarInfo(name)
                info.mtime, info.mode = MTIME, 0o644
                # what licscan keeps (metadata, license texts, wheels) stays at its real size
                keep_small = name in small and (layout.keep(name) or not sizes.get(name))
                if keep_small or name in spec.symlinks:
                    if name in spec.symlinks:
                        info.type, info.linkname = tarfile.SYMTYPE, spec.symlinks[name]
                        tar.addfile(info)
                        continue
                    info.size = len(small[name])
                    tar.addfile(info, io.BytesIO(small[name]))
                    continue
                info.size = int((sizes.get(name) or 4096) * scale)
                tar.addfile(info, io.BufferedReader(_Chunks(_content(pool, seed, info.size))))
        out.close()
    return sum(int((s or 4096) * scale) for s in sizes.values())


def timed(command: str, repeat: int) -> tuple[float, float, float]:
    """(best wall seconds, least CPU seconds, peak RSS MiB) of a shell command over `repeat`
    runs. CPU time is user+sys of the whole process tree (the shell waits for every process
    of the pipeline, so GNU time's figures include them all); RSS is the largest process's."""
    wall, cpu, peak = float("inf"), float("inf"), 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "sh", "-c", command],
            capture_output=True,
            text=True,
        )
        if result.returncode not in (0, 1):  # 1: policy violations found (a verdict)
            sys.exit(f"{command} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        seconds = time.perf_counter() - started
        rss_kib, user, system = result.stderr.strip().splitlines()[-1].split()
        wall, cpu = min(wall, seconds), min(cpu, float(user) + float(system))
        peak = max(peak, int(rss_kib) / 1024)
    return wall, cpu, peak


def measure(path: Path, repeat: int) -> dict[str, object]:
    decompress = "zstd -dc" if path.suffix == ".zst" else "gzip -dc"
    out = Path(tempfile.mkdtemp(prefix="licscan-bench-report-"))
    rows = {
        "decompress": f"{decompress} '{path}' > /dev/null",
        "decompress_tar_t": f"{decompress} '{path}' | tar -t > /dev/null",
        "scan_json": f"'{LICSCAN}' scan --json '{path}' > /dev/null",
        "report_all": f"'{LICSCAN}' report '{path}' -o '{out}' > /dev/null",
    }
    result: dict[str, object] = {"archive": path.name, "mib": round(path.stat().st_size / 2**20, 1)}
    figures: dict[str, tuple[float, float]] = {}
    for label, command in rows.items():
        seconds, cpu, rss = timed(command, repeat)
        figures[label] = seconds, cpu
        result[f"{label}_s"] = round(seconds, 3)
        result[f"{label}_cpu_s"] = round(cpu, 3)
        if label.startswith(("scan", "report")):
            result[f"{label}_rss_mib"] = round(rss, 1)
    shutil.rmtree(out, ignore_errors=True)
    bound, bound_cpu = figures["decompress_tar_t"]
    for label, key in (("scan_json", "scan"), ("report_all", "report")):
        seconds, cpu = figures[label]
        result[f"{key}_ratio"] = round(seconds / bound, 2)
        result[f"{key}_cpu_ratio"] = round(cpu / max(bound_cpu, 0.001), 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="0.1,1", help="GiB of tar data per archive, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--containers", default="zst,gz", help="which archives to write: zst, gz or both"
    )
    parser.add_argument(
        "--listing",
        choices=("macos", "windows"),
        default="macos",
        help="the real member listing the archives are built from (macOS: 105 MiB of tar at "
        "its real size, 4,054 members; Windows: 180 MiB, 6,064 members)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated archives")
    parser.add_argument("--no-bytecode", action="store_true", help="time licscan from sources")
    args = parser.parse_args()
    bytecode(not args.no_bytecode)
    folder = Path(tempfile.mkdtemp(prefix="licscan-bench-speed-"))
    print(
        json.dumps(
            {
                "machine": f"{os.cpu_count()} cores",
                "python": sys.version.split()[0],
                "bytecode": not args.no_bytecode,
            }
        )
    )
    subprocess.run([LICSCAN, "example", str(folder)], check=True, capture_output=True)
    for example in folder.glob("*.tar.zst"):
        print(json.dumps(measure(example, args.repeat)))
    pool = byte_pool()
    base = sum(s or 4096 for s in real_listing_sizes(args.listing).values())
    for size in (float(s) for s in args.sizes.split(",")):
        for suffix in (f".tar.{c.strip()}" for c in args.containers.split(",")):
            path = folder / f"bench-{args.listing}-{size:g}g{suffix}"
            started = time.perf_counter()
            tar_bytes = write(path, size * 2**30 / base, pool, args.listing)
            built = time.perf_counter() - started
            print(
                json.dumps(
                    {
                        "built": path.name,
                        "tar_gib": round(tar_bytes / 2**30, 2),
                        "seconds": round(built, 1),
                    }
                ),
                file=sys.stderr,
            )
            print(
                json.dumps({"tar_gib": round(tar_bytes / 2**30, 2), **measure(path, args.repeat)})
            )
            if not args.keep:
                path.unlink()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
