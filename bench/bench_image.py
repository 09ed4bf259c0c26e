"""Benchmark: `licscan.scan_all` of a container image of about 1 GB of layers, against `tar -xOf`
of its layers piped through their decompressors, with peak RSS.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_image.py [--gib 1.0] [--repeat 3] [--keep]

It writes an OCI layout tar (as `docker save` writes since Docker 25: blobs, index.json,
manifest.json) of four layers, streamed to disk (never held in memory): a gzip base layer of
app-like files, a zstd layer with a uv-managed CPython 3.14 (the test builders' installation,
BUILD file included, plus large members), a plain-tar layer whose whiteout deletes its `_dbm`
module, and a zstd application layer. Member data is half random, half zeros (about 2:1, like
object code). Then, alternating, `--repeat` times: licscan in a child process (wall time and
VmHWM) and the baseline `for each layer: tar -xOf image.tar blobs/sha256/<d> | zstd -dc (or
gzip -dc) > /dev/null`. It prints the fastest and median of each and their ratio (target < 2x).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import era_archive, relocate, to_install_only  # noqa: E402

KEY = "root/.local/share/uv/python/cpython-3.14.0-linux-x86_64-gnu"
MIB = 2**20


def _data(size: int) -> bytes:
    return (os.urandom(size // 2) + bytes(size))[:size]


def _files(prefix: str, count: int, size: int, suffix: str) -> Iterator[tuple[str, bytes]]:
    block = _data(size)  # one random block reused: the compressors still see 2:1 data
    for i in range(count):
        yield f"{prefix}/f{i:05d}{suffix}", block[i % 97 :] + block[: i % 97]


def _layer_members(budget: int) -> list[list[tuple[str, bytes | None]]]:
    """Four layers: (name, data); None data: a whiteout."""
    per = budget // 3
    base = list(_files("usr/lib/x86_64-linux-gnu", per // MIB, MIB, ".so.1"))
    spec = relocate(to_install_only(era_archive("linux-3.14-20260814")), KEY)
    spec.members[f"{KEY}/BUILD"] = b"20260814\n"
    python: list[tuple[str, bytes | None]] = list(spec.members.items())
    python += list(
        _files(f"{KEY}/lib/python3.14/site-packages/big", per // (2 * MIB), 2 * MIB, ".so")
    )
    dbm = next(n for n, _ in python if "/lib-dynload/_dbm" in n)
    folder, _, base_name = dbm.rpartition("/")
    whiteout: list[tuple[str, bytes | None]] = [(f"{folder}/.wh.{base_name}", b"")]
    app = list(_files("app/data", per // (4 * MIB), 4 * MIB, ".bin"))
    return [list(base), python, whiteout, list(app)]


class _Hashing(io.RawIOBase):
    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.digest, self.size = out, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.out.write(data)
        return len(data)


def _write_layer(
    path: Path, members: list[tuple[str, bytes | None]], compression: str
) -> tuple[str, int]:
    with path.open("wb") as raw:
        sink = _Hashing(raw)
        if compression == "zst":
            stream: Any = zstandard.ZstdCompressor(level=3).stream_writer(sink, closefd=False)
        elif compression == "gz":
            stream = gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=1, mtime=0)
        else:
            stream = sink
        with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size = len(data or b"")
                info.mtime = 1704067200
                tar.addfile(info, io.BytesIO(data or b""))
        if stream is not sink:
            stream.close()
    return "sha256:" + sink.digest.hexdigest(), sink.size


def build(folder: Path, gib: float) -> tuple[Path, list[tuple[str, str]], int]:
    layers = _layer_members(int(gib * 2**30))
    kinds = ["gz", "zst", "tar", "zst"]
    media = {"gz": "tar+gzip", "zst": "tar+zstd", "tar": "tar"}
    blobs = folder / "blobs"
    blobs.mkdir()
    descriptors, written, raw_total = [], [], 0
    for i, (members, kind) in enumerate(zip(layers, kinds, strict=True)):
        raw_total += sum(len(d or b"") for _, d in members)
        tmp = blobs / f"layer{i}"
        digest, size = _write_layer(tmp, members, kind)
        tmp.rename(blobs / digest[7:])
        descriptors.append(
            {
                "mediaType": f"application/vnd.oci.image.layer.v1.{media[kind]}",
                "digest": digest,
                "size": size,
            }
        )
        written.append((digest, kind))
    config = json.dumps(
        {"os": "linux", "architecture": "amd64", "rootfs": {"type": "layers", "diff_ids": []}}
    ).encode()
    config_digest = "sha256:" + hashlib.sha256(config).hexdigest()
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": config_digest,
                "size": len(config),
            },
            "layers": descriptors,
        }
    ).encode()
    manifest_digest = "sha256:" + hashlib.sha256(manifest).hexdigest()
    index = json.dumps(
        {
            "schemaVersion": 2,
            "manifests": [
                {
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": manifest_digest,
                    "size": len(manifest),
                    "annotations": {"io.containerd.image.name": "example.com/bench:1"},
                }
            ],
        }
    ).encode()
    image = folder / "image.tar"
    with tarfile.open(image, "w", format=tarfile.PAX_FORMAT) as tar:
        for digest, _ in written:
            tar.add(blobs / digest[7:], arcname=f"blobs/sha256/{digest[7:]}")
        for name, data in (
            (f"blobs/sha256/{config_digest[7:]}", config),
            (f"blobs/sha256/{manifest_digest[7:]}", manifest),
            ("index.json", index),
            ("oci-layout", b'{"imageLayoutVersion": "1.0.0"}'),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    shutil.rmtree(blobs)
    return image, written, raw_total


def measure_licscan(image: Path) -> tuple[float, float, str]:
    code = (
        "import re, time, licscan; t=time.perf_counter(); "
        f"found=licscan.scan_all({str(image)!r}); s=time.perf_counter()-t; "
        "hwm=re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
        "v=licscan.judge(found[0]); "
        "offers=sorted(f.component or '-' for f in v.findings if f.id=='source-offer'); "
        "print(s, hwm, found[0].archive.root, offers)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, rss, rest = out.stdout.split(maxsplit=2)
    return float(seconds), int(rss) / 1024, rest.strip()


def measure_baseline(image: Path, layers: list[tuple[str, str]]) -> float:
    steps = []
    for digest, kind in layers:
        member = f"blobs/sha256/{digest[7:]}"
        decompress = {"zst": "zstd -dc", "gz": "gzip -dc", "tar": "cat"}[kind]
        steps.append(f"tar -xOf {image} {member} | {decompress} > /dev/null")
    started = time.perf_counter()
    subprocess.run(["bash", "-o", "pipefail", "-c", " && ".join(steps)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gib", type=float, default=1.0, help="uncompressed bytes of the layers")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated image")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="licscan-bench-image-"))
    started = time.perf_counter()
    image, layers, raw_total = build(folder, args.gib)
    print(f"built {image} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    ours, base, rss = [], [], []
    found = ""
    for _ in range(args.repeat):
        seconds, peak, found = measure_licscan(image)
        ours.append(seconds)
        rss.append(peak)
        base.append(measure_baseline(image, layers))
    print(
        json.dumps(
            {
                "image_mib": round(image.stat().st_size / MIB, 1),
                "layers_uncompressed_mib": round(raw_total / MIB, 1),
                "licscan_s": {
                    "min": round(min(ours), 2),
                    "median": round(statistics.median(ours), 2),
                },
                "baseline_s": {
                    "min": round(min(base), 2),
                    "median": round(statistics.median(base), 2),
                },
                "ratio_min": round(min(ours) / min(base), 2),
                "ratio_median": round(statistics.median(ours) / statistics.median(base), 2),
                "peak_rss_mib": round(max(rss), 1),
                "found": found,
            }
        )
    )
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
