"""Cases for the readers that landed late: URL inputs and container images.

Registered into `cases.CASES` (imported by `test_cases.py`), asserted the same way. URLs are
served by a local HTTP server on 127.0.0.1 (a daemon thread, started once); the stalling ones
run with `LICSCAN_URL_TIMEOUT` small (the case's `extra["env"]`). Images are OCI layouts and
`docker save` tars from `tests/builders/image.py` whose manifests lie about digests and sizes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from tests.builders import era_archive, write_archive
from tests.builders.image import LayerSpec, Packing, image_files
from tests.hostile import crafted as c
from tests.hostile.cases import CLEAN, SITE, case, report, scan_lazy
from tests.read.http_server import Served, serve
from tests.read.test_image import APP, BASE, uv_python

ASSET = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
TIMEOUT = {"env": "LICSCAN_URL_TIMEOUT=0.5"}

# --------------------------------------------------------------------------- URL inputs


@cache
def _server() -> Served:
    """One server for the session: its files are built once, its threads are daemons."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="licscan-hostile-url-"))
    archive = write_archive(era_archive("linux-3.10-20221220"), folder / ASSET).read_bytes()
    files = {
        ASSET: archive,
        "garbage.tar.zst": b"<html>this is no archive</html>" * 40,
        "empty.tar.zst": b"",
        "truncated.tar.zst": archive[: len(archive) // 3],
        "bomb.tar.zst": c.zst(c.base_tar(tail=c.header(b"python/install/big", b"0", 2**36))),
    }
    context = serve(files)
    _KEEP.append(context)  # never closed: stopped with the process (daemon threads)
    return context.__enter__()


_KEEP: list[object] = []


def url(path: str, *options: str, command: str = "scan") -> Callable[[Path], Sequence[str]]:
    def build(tmp: Path) -> list[str]:
        out = ["-o", str(tmp / "out")] if command == "report" else []
        return [command, _server().url(path.replace("+", "%2B")), *out, *options]

    return build


case("url-stalls-after-1-kib", url(f"stall/{ASSET}"), "timed out", "LICSCAN_URL_TIMEOUT",
     extra=TIMEOUT)  # fmt: skip
case("url-stalls-in-report-writes-nothing", url(f"stall/{ASSET}", command="report"), "timed out",
     extra=TIMEOUT, files=0)  # fmt: skip
case("url-sends-garbage", url("garbage.tar.zst"), "is not a tar")
case("url-sends-nothing", url("empty.tar.zst"), "empty")
case("url-closes-early", url(f"short/{ASSET}"), "the connection closed")
case("url-closes-early-in-report", url(f"short/{ASSET}", command="report"),
     "the connection closed", files=0)  # fmt: skip
case("url-truncated-archive", url("truncated.tar.zst"), "truncated")
case("url-server-error", url("error"), "HTTP 500")
case("url-not-found", url("nope.tar.zst"), "not found")
case("url-member-bomb", url("bomb.tar.zst"), "member_bytes")
case("url-markup-in-name", url("markup[/][bold].tar.zst"), "markup[/][bold]", "not found")
case("url-stalled-once-then-served", url(f"once-stalled/{ASSET}"), "timed out", extra=TIMEOUT)
case("url-reads-like-the-file", url(ASSET), "x86_64-unknown-linux-gnu", exit=CLEAN)


def _refused_port(tmp: Path) -> list[str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return ["scan", f"http://127.0.0.1:{port}/{ASSET.replace('+', '%2B')}"]


case("url-connection-refused", _refused_port, "cannot connect")

# --------------------------------------------------------------------------- lying images


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _layers() -> list[LayerSpec]:
    return [BASE, LayerSpec(uv_python(), compression="gz"), APP]


def _lying(edit: Callable[[dict[str, Any], dict[str, bytes]], None]) -> dict[str, bytes]:
    """An OCI image whose manifest `edit` changed (the manifest rehashed: only it lies)."""
    files = image_files(_layers(), packing="oci-dir")
    index = json.loads(files["index.json"])
    old = index["manifests"][0]["digest"]
    manifest = json.loads(files.pop(f"blobs/sha256/{old[7:]}"))
    edit(manifest, files)
    raw = json.dumps(manifest, indent=2, sort_keys=True).encode()
    files[f"blobs/sha256/{_digest(raw)[7:]}"] = raw
    index["manifests"][0].update(digest=_digest(raw), size=len(raw))
    files["index.json"] = json.dumps(index).encode()
    return files


def _write(files: dict[str, bytes], root: Path, packing: Packing) -> str:
    if packing == "oci-dir":
        for name, data in files.items():
            target = root.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return str(root)
    import io
    import tarfile

    with tarfile.open(root, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files, key=lambda n: (n in ("index.json", "manifest.json"), n)):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(files[name]), 0o644
            tar.addfile(info, io.BytesIO(files[name]))
    return str(root)


def image(make: Callable[[], dict[str, bytes]], packing: Packing = "oci-dir") -> Any:
    name = "image" if packing == "oci-dir" else "image.tar"
    return lambda tmp: ["scan", _write(make(), tmp / name, packing)]


def _layer_size(delta: Callable[[int], object]) -> Callable[[], dict[str, bytes]]:
    def edit(manifest: dict[str, Any], _: dict[str, bytes]) -> None:
        manifest["layers"][1]["size"] = delta(manifest["layers"][1]["size"])

    return lambda: _lying(edit)


def _digest_lie(packing: Packing) -> Callable[[], dict[str, bytes]]:
    return lambda: image_files(_layers(), packing=packing, lie_about_layer=1)


packings: list[Packing] = ["oci-dir", "oci-tar"]
for p in packings:
    case(f"image-{p}-layer-size-smaller", image(_layer_size(lambda s: s - 100), p),
         "layer 1", "the manifest says")  # fmt: skip
    case(f"image-{p}-layer-size-larger", image(_layer_size(lambda s: s + 1), p),
         "layer 1", "the manifest says")  # fmt: skip
    case(f"image-{p}-layer-size-petabyte", image(_layer_size(lambda s: 10**15), p),
         "layer 1", "the manifest says")  # fmt: skip
    case(f"image-{p}-layer-digest-lie", image(_digest_lie("oci-dir"), p),
         "does not match its digest")  # fmt: skip


def _config_lie(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    digest = manifest["config"]["digest"]
    files[f"blobs/sha256/{digest[7:]}"] = files[f"blobs/sha256/{digest[7:]}"] + b" "


def _manifest_lie() -> dict[str, bytes]:
    files = image_files(_layers(), packing="oci-dir")
    index = json.loads(files["index.json"])
    digest = index["manifests"][0]["digest"]
    files[f"blobs/sha256/{digest[7:]}"] += b"\n"
    return files


def _layer_swapped(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    """Layer 1's descriptor keeps its digest and size, its blob holds layer 2's bytes."""
    one, two = manifest["layers"][1]["digest"], manifest["layers"][2]["digest"]
    files[f"blobs/sha256/{one[7:]}"] = files[f"blobs/sha256/{two[7:]}"]
    manifest["layers"][1]["size"] = len(files[f"blobs/sha256/{two[7:]}"])


def _media_lie(manifest: dict[str, Any], _: dict[str, bytes]) -> None:
    manifest["layers"][1]["mediaType"] = "application/vnd.oci.image.layer.v1.tar+zstd"


def _missing_layer(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    del files[f"blobs/sha256/{manifest['layers'][1]['digest'][7:]}"]


case("image-config-digest-lie", image(lambda: _lying(_config_lie)), "does not match its digest")
case("image-manifest-digest-lie", image(_manifest_lie), "does not match its digest")
case("image-layer-blob-swapped", image(lambda: _lying(_layer_swapped)), "does not match its digest")
# the compression is sniffed from the bytes, and the digest holds: read as it is
case("image-layer-media-type-lie", image(lambda: _lying(_media_lie)), exit=CLEAN)
case("image-layer-blob-missing", image(lambda: _lying(_missing_layer)), "layer 1", "missing")
case("image-docker-diff-id-lie", image(_digest_lie("docker"), "docker"), "does not match")

# --------------------------------------------------------------------------- dist-info METADATA


def _metadata(raw: bytes) -> Callable[[], bytes]:
    def make() -> bytes:
        spec = c.base_spec()
        folder = f"{SITE}/evil-1.0.dist-info"
        spec.members[f"{folder}/METADATA"] = raw
        spec.members[f"{folder}/RECORD"] = b""
        return c.zst(c.base_tar(spec=spec))

    return make


BIG = 2 * 2**20  # over string_bytes (1 MiB), within kept_bytes (8 MiB)
HEAD = b"Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n"
case("metadata-name-2mib", report("a.tar.zst", _metadata(b"Name: " + b"n" * BIG + b"\n")),
     "METADATA", "string_bytes", files=0)  # fmt: skip
case("metadata-license-2mib", scan_lazy("a.tar.zst", _metadata(HEAD + b"License: " + b"L" * BIG)),
     "string_bytes", "--limit string_bytes=")  # fmt: skip
case("metadata-header-name-2mib", scan_lazy("a.tar.zst", _metadata(HEAD + b"K" * BIG + b": v\n")),
     "string_bytes")  # fmt: skip
folded = HEAD + b"Description: x\n" + b"        folded line of a long description\n" * 60_000
case("metadata-folded-description-2mib", scan_lazy("a.tar.zst", _metadata(folded)),
     "string_bytes")  # fmt: skip
case("metadata-name-2mib-limit-raised",
     scan_lazy("a.tar.zst", _metadata(HEAD + b"Summary: " + b"s" * BIG), "--limit",
               "string_bytes=4M"), "evil", exit=CLEAN)  # fmt: skip
case("metadata-2mib-body-is-not-a-header",
     scan_lazy("a.tar.zst", _metadata(HEAD + b"\n" + b"a long README\n" * 150_000)), "evil",
     exit=CLEAN)  # fmt: skip


def _packages(n: int) -> Callable[[], bytes]:
    """`n` dist-info folders, each a METADATA and a RECORD."""

    def make() -> bytes:
        spec = c.base_spec()
        for k in range(n):
            folder = f"{SITE}/pkg{k}-1.0.dist-info"
            spec.members[f"{folder}/METADATA"] = b"Name: pkg%d\nVersion: 1.0\n" % k
            spec.members[f"{folder}/RECORD"] = b""
        return c.zst(c.base_tar(spec=spec))

    return make


# 20,000 dist-info folders made every SBOM library's linear model cost ~30 s: refused by name
case("dist-info-folders-over-the-packages-limit", report("a.tar.zst", _packages(5_001)),
     "dist-info folders", "packages = 5,000", "--limit packages=", files=0)  # fmt: skip
case("dist-info-folders-over-a-lowered-packages-limit",
     scan_lazy("a.tar.zst", _packages(3), "--limit", "packages=4"), "packages = 4")  # fmt: skip
case("dist-info-folders-within-a-raised-packages-limit",
     scan_lazy("a.tar.zst", _packages(3), "--limit", "packages=5"), "pkg2", exit=CLEAN)  # fmt: skip


# --------------------------------------------------------------------------- wheel METADATA


def _wheel_metadata(raw: bytes) -> Callable[[], bytes]:
    """An ensurepip wheel whose dist-info METADATA is `raw`."""

    def make() -> bytes:
        wheel = io.BytesIO()
        with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("evil-1.0.dist-info/METADATA", raw)
            z.writestr("evil-1.0.dist-info/RECORD", b"")
        spec = c.base_spec()
        bundled = "python/install/lib/python3.10/ensurepip/_bundled"
        spec.members[f"{bundled}/evil-1.0-py3-none-any.whl"] = wheel.getvalue()
        return c.zst(c.base_tar(spec=spec))

    return make


# the effective limits reach the wheel reader, lowered as raised: not the default 1 MiB
WHEEL_SUMMARY = HEAD + b"Summary: " + b"s" * 8192 + b"\n"
case("wheel-metadata-over-a-lowered-string-limit",
     scan_lazy("a.tar.zst", _wheel_metadata(WHEEL_SUMMARY), "--limit", "string_bytes=4K"),
     "string_bytes", "evil-1.0.dist-info/METADATA")  # fmt: skip
case("wheel-metadata-within-the-default-string-limit",
     scan_lazy("a.tar.zst", _wheel_metadata(WHEEL_SUMMARY)), "evil", exit=CLEAN)  # fmt: skip
case("wheel-metadata-within-a-raised-string-limit",
     report("a.tar.zst", _wheel_metadata(WHEEL_SUMMARY), "--limit", "string_bytes=16K"),
     "a.cdx.json", exit=CLEAN)  # fmt: skip
