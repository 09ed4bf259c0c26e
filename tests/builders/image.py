"""Container images and executables for the tests, written with the standard library.

A layer is an `ArchiveSpec` (its names are image paths, not `python/...`) plus whiteouts;
`write_image` packs layers as an OCI image layout folder, an OCI layout tar or a `docker save`
tar (the pre-25 layout: manifest.json and `<id>/layer.tar`, or the OCI layout with manifest.json
beside it). Everything is byte-for-byte reproducible.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import zstandard

from .archive import DEFAULT_MTIME, ArchiveSpec

Compression = Literal["tar", "gz", "zst"]
Packing = Literal["oci-dir", "oci-tar", "docker", "docker-oci"]

LAYER_TYPES = {
    "tar": "application/vnd.oci.image.layer.v1.tar",
    "gz": "application/vnd.oci.image.layer.v1.tar+gzip",
    "zst": "application/vnd.oci.image.layer.v1.tar+zstd",
}


@dataclass
class LayerSpec:
    files: ArchiveSpec = field(default_factory=lambda: ArchiveSpec(None))
    deleted: list[str] = field(default_factory=list)  # `.wh.NAME` whiteouts
    opaque: list[str] = field(default_factory=list)  # folders given `.wh..wh..opq`
    compression: Compression = "gz"


def _tar_bytes(layer: LayerSpec) -> bytes:
    buffer = io.BytesIO()
    files = layer.files.files()
    entries: list[tuple[str, bytes | None, str | None]] = []
    entries += [(f"{d}/.wh..wh..opq" if d else ".wh..wh..opq", b"", None) for d in layer.opaque]
    for path in layer.deleted:
        folder, _, base = path.rpartition("/")
        entries.append((f"{folder}/.wh.{base}" if folder else f".wh.{base}", b"", None))
    entries += [(n, files[n], None) for n in sorted(files)]
    entries += [(n, None, t) for n, t in sorted(layer.files.symlinks.items())]
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        folders = sorted({"/".join(n.split("/")[:i]) for n, _, _ in entries
                          for i in range(1, n.count("/") + 1)})  # fmt: skip
        for folder in folders:
            info = tarfile.TarInfo(folder)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, DEFAULT_MTIME
            tar.addfile(info)
        for name, data, target in entries:
            info = tarfile.TarInfo(name)
            info.mtime = DEFAULT_MTIME
            if target is not None:
                info.type, info.linkname = tarfile.SYMTYPE, target
                tar.addfile(info)
            else:
                assert data is not None
                info.size, info.mode = len(data), 0o755 if "/bin/" in name else 0o644
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def layer_blob(layer: LayerSpec) -> tuple[bytes, str]:
    """The layer's blob (compressed as asked) and the sha256 of its uncompressed tar."""
    raw = _tar_bytes(layer)
    diff_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    if layer.compression == "gz":
        return gzip.compress(raw, mtime=0), diff_id
    if layer.compression == "zst":
        return zstandard.ZstdCompressor(level=3).compress(raw), diff_id
    return raw, diff_id


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, sort_keys=True).encode()


def image_files(
    layers: list[LayerSpec],
    *,
    packing: Packing,
    tag: str = "example.com/app:1.0",
    platform: tuple[str, str] = ("linux", "amd64"),
    lie_about_layer: int | None = None,
) -> dict[str, bytes]:
    """The files of the image (path inside the layout or tar -> bytes)."""
    blobs = [layer_blob(layer) for layer in layers]
    diff_ids = [d for _, d in blobs]
    if lie_about_layer is not None and packing == "docker":
        diff_ids[lie_about_layer] = _digest(b"another layer")
    config = _json(
        {
            "architecture": platform[1],
            "os": platform[0],
            "config": {"Cmd": ["/bin/sh"]},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
        }
    )
    out: dict[str, bytes] = {}
    if packing == "docker":  # docker save before 25: <id>/layer.tar, uncompressed
        paths = []
        for i, (_, diff_id) in enumerate(blobs):
            raw = _tar_bytes(layers[i])
            paths.append(f"{diff_id.removeprefix('sha256:')}/layer.tar")
            out[paths[-1]] = raw
        config_name = _digest(config).removeprefix("sha256:") + ".json"
        out[config_name] = config
        out["manifest.json"] = _json([{"Config": config_name, "RepoTags": [tag], "Layers": paths}])
        return out
    descriptors: list[dict[str, Any]] = []
    for i, (blob, _) in enumerate(blobs):
        digest = _digest(blob)
        if lie_about_layer == i:
            digest = _digest(blob + b"x")
        out[f"blobs/sha256/{digest.removeprefix('sha256:')}"] = blob
        descriptors.append(
            {"mediaType": LAYER_TYPES[layers[i].compression], "digest": digest, "size": len(blob)}
        )
    out[f"blobs/sha256/{_digest(config).removeprefix('sha256:')}"] = config
    manifest = _json(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": _digest(config),
                "size": len(config),
            },
            "layers": descriptors,
        }
    )
    out[f"blobs/sha256/{_digest(manifest).removeprefix('sha256:')}"] = manifest
    annotations = {"org.opencontainers.image.ref.name": tag.rpartition(":")[2]}
    if packing == "docker-oci":
        annotations["io.containerd.image.name"] = tag
    out["index.json"] = _json(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [
                {
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": _digest(manifest),
                    "size": len(manifest),
                    "annotations": annotations,
                }
            ],
        }
    )
    out["oci-layout"] = _json({"imageLayoutVersion": "1.0.0"})
    if packing == "docker-oci":
        out["manifest.json"] = _json(
            [
                {
                    "Config": f"blobs/sha256/{_digest(config).removeprefix('sha256:')}",
                    "RepoTags": [tag],
                    "Layers": [f"blobs/sha256/{d['digest'][7:]}" for d in descriptors],
                }
            ]
        )
    return out


def write_image(layers: list[LayerSpec], path: Path, *, packing: Packing, **kw: Any) -> Path:
    """Write the image: a folder for "oci-dir", else a tar (docker's member order)."""
    files = image_files(layers, packing=packing, **kw)
    if packing == "oci-dir":
        for name, data in files.items():
            target = path.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return path
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files, key=lambda n: (n in ("index.json", "manifest.json"), n)):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), DEFAULT_MTIME, 0o644
            tar.addfile(info, io.BytesIO(files[name]))
    return path
