"""Container images: where their blobs are, and which manifest, config and layers they hold.

Three packings are read: an OCI image layout folder (`oci-layout`, `index.json`,
`blobs/sha256/<hex>`), the same as a tar file, and what `docker save` writes (`manifest.json`
with `<id>/layer.tar` files, or since Docker 25 an OCI layout with `manifest.json` beside it).
A tar is indexed by one pass over its headers (seeking over the data); blobs are then read
from their offsets as streams. Only the small JSON documents are held in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from licscan.errors import ArchiveError, InputError
from licscan.model import Container, Layer

_MAX_JSON = 16 * 2**20  # an index, manifest or config larger than this is not an image's
_MAX_LAYERS = 1000  # Docker allows 127; more is not a real image
IMAGE_MEMBER = re.compile(
    r"(?:blobs(?:/[a-z0-9]+(?:/[0-9a-f]{32,128})?)?|[0-9a-f]{64}(?:/[^/]+|\.json)?"
    r"|index\.json|manifest\.json|oci-layout|repositories)"
)
_INDEX_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
)
_REF_KEYS = ("io.containerd.image.name", "org.opencontainers.image.ref.name")


class Blobs:
    """The files of an image (folder or tar), by their path inside it."""

    def __init__(self, source: str, kind: Container, index: dict[str, tuple[int, int]]) -> None:
        self.source, self.kind, self._index = source, kind, index

    def has(self, path: str) -> bool:
        if self.kind is Container.OCI_LAYOUT:
            return os.path.isfile(os.path.join(self.source, *path.split("/")))
        return path in self._index

    def size(self, path: str) -> int:
        if self.kind is Container.OCI_LAYOUT:
            return os.path.getsize(os.path.join(self.source, *path.split("/")))
        return self._index[path][1]

    def open(self, path: str) -> Region:
        """The bytes of one file of the image, as a stream."""
        if not self.has(path):
            raise ArchiveError(f"{self.source} (an image) has no {path}, which it refers to")
        if self.kind is Container.OCI_LAYOUT:
            full = os.path.join(self.source, *path.split("/"))
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
            try:
                fh = os.fdopen(os.open(full, flags), "rb")
            except OSError as exc:
                raise InputError(f"cannot read {full}: {exc.strerror or exc}") from exc
            return Region(fh, 0, os.fstat(fh.fileno()).st_size)
        offset, size = self._index[path]
        try:
            fh = open(self.source, "rb")  # noqa: SIM115 - the Region closes it
        except OSError as exc:
            raise InputError(f"cannot read {self.source}: {exc.strerror or exc}") from exc
        return Region(fh, offset, size)

    def read_json(self, path: str, digest: str | None = None) -> object:
        """A small JSON file of the image, its sha256 checked when `digest` is given."""
        if not self.has(path):
            raise ArchiveError(f"{self.source} (an image) has no {path}, which it refers to")
        if self.size(path) > _MAX_JSON:
            raise ArchiveError(f"{self.source}: {path} is too large for an image's JSON")
        with self.open(path) as region:
            data = region.read()
        if digest is not None:
            check_digest(self.source, path, digest, hashlib.sha256(data).hexdigest())
        try:
            return json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ArchiveError(f"{self.source}: {path} is not valid JSON ({exc})") from None


class Region:
    """`size` bytes of a file from `offset`, read as a stream (closed with the object)."""

    def __init__(self, fh: IO[bytes], offset: int, size: int) -> None:
        self._fh, self._left = fh, size
        fh.seek(offset)

    def read(self, size: int = -1, /) -> bytes:
        want = self._left if size < 0 else min(size, self._left)
        data = self._fh.read(want) if want else b""
        self._left -= len(data)
        return data

    def __enter__(self) -> Region:
        return self

    def __exit__(self, *_: object) -> None:
        self._fh.close()


def check_digest(source: str, what: str, expected: str, actual_hex: str) -> None:
    algorithm, _, hex_digest = expected.partition(":")
    if algorithm != "sha256":
        raise ArchiveError(f"{source}: {what} has a {algorithm} digest; licscan checks sha256")
    if hex_digest != actual_hex:
        raise ArchiveError(
            f"{source}: {what} does not match its digest (the manifest says sha256:"
            f"{hex_digest[:16]}..., its bytes are sha256:{actual_hex[:16]}...): the image is "
            "damaged or was altered"
        )


def open_image(path: str) -> Blobs | None:
    """The image at `path` (a folder or an uncompressed tar), or None when it is not one."""
    if os.path.isdir(path):
        if os.path.isfile(os.path.join(path, "oci-layout")) and os.path.isfile(
            os.path.join(path, "index.json")
        ):
            return Blobs(path, Container.OCI_LAYOUT, {})
        return None
    if not os.path.isfile(path):
        return None  # a pipe is read once, by the archive reader
    index = _tar_index(path)
    if index is None:
        return None
    if "manifest.json" in index:
        return Blobs(path, Container.DOCKER_ARCHIVE, index)
    if "index.json" in index and "oci-layout" in index:
        return Blobs(path, Container.OCI_ARCHIVE, index)
    return None


def _tar_index(path: str) -> dict[str, tuple[int, int]] | None:
    """Every file of a plain tar whose names are an image's: name -> (data offset, size)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(tarfile.BLOCKSIZE)
            if len(head) < tarfile.BLOCKSIZE or head[257:262] != b"ustar":
                return None
            fh.seek(0)
            index: dict[str, tuple[int, int]] = {}
            with tarfile.open(fileobj=fh, mode="r:") as tar:
                for info in _members(tar):
                    name = "/".join(p for p in info.name.split("/") if p not in ("", "."))
                    if not name:
                        continue
                    if not IMAGE_MEMBER.fullmatch(name):
                        return None  # a PBS archive, an app's tar: not an image
                    if info.isfile():
                        index[name] = (info.offset_data, info.size)
            return index
    except (OSError, tarfile.TarError, ValueError):
        return None  # the archive reader reports what is wrong with it


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while (info := tar.next()) is not None:
        yield info


# --------------------------------------------------------------------------- manifests


@dataclass(frozen=True)
class Image:
    """One image of the input: its manifest and what the manifest and config say."""

    name: str  # reference (tag), or the manifest digest
    digest: str  # of the manifest (docker save without index.json: of the config)
    platform: str | None
    layers: tuple[Layer, ...]
    paths: tuple[str, ...]  # where each layer's blob is, in `layers` order
    diff_ids: tuple[str, ...] | None  # expected sha256 of each layer blob when no digest is


def _blob_path(digest: str, source: str) -> str:
    algorithm, _, hex_digest = digest.partition(":")
    if not re.fullmatch(r"[a-z0-9]+", algorithm) or not re.fullmatch(r"[0-9a-f]+", hex_digest):
        raise ArchiveError(f"{source}: the image refers to {digest[:80]!r}, not a content digest")
    return f"blobs/{algorithm}/{hex_digest}"


def _object(value: object, what: str, source: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ArchiveError(f"{source}: {what} is not a JSON object")
    return value


def _size(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def find_image(blobs: Blobs) -> Image:
    """The one image the input holds (a tar of several, or a multi-platform index whose
    platforms are all present, is refused with the references it holds)."""
    if blobs.has("index.json"):
        found = _from_index(blobs, blobs.read_json("index.json"), None, 0)
        if blobs.kind is Container.DOCKER_ARCHIVE and not found:
            found = _from_docker(blobs)
    else:
        found = _from_docker(blobs)
    for image in found:
        if len(image.layers) > _MAX_LAYERS:
            raise ArchiveError(
                f"{blobs.source}: the image lists {len(image.layers):,} layers (more than "
                f"{_MAX_LAYERS:,}: not a real image)"
            )
    unique = {i.digest: i for i in found}
    if not unique:
        raise ArchiveError(f"{blobs.source} is an image with no manifest whose blobs it holds")
    if len(unique) > 1:
        names = ", ".join(sorted(f"{i.name} ({i.platform or '?'})" for i in unique.values()))
        raise ArchiveError(
            f"{blobs.source} holds {len(unique)} images ({names}); licscan reads one image "
            "at a time: save or copy just one (e.g. `docker save` one reference, "
            "`skopeo copy --override-arch`)"
        )
    return next(iter(unique.values()))


def _from_index(blobs: Blobs, index: object, name: str | None, depth: int) -> list[Image]:
    if depth > 4:
        raise ArchiveError(f"{blobs.source}: image indexes nest too deeply")
    found: list[Image] = []
    for item in _list(_object(index, "index.json", blobs.source).get("manifests")):
        desc = _object(item, "a manifest descriptor", blobs.source)
        digest = str(desc.get("digest", ""))
        annotations = desc.get("annotations")
        notes = annotations if isinstance(annotations, dict) else {}
        if notes.get("vnd.docker.reference.type") == "attestation-manifest":
            continue
        path = _blob_path(digest, blobs.source)
        if not blobs.has(path):
            continue  # a platform that was not saved
        ref = next((str(notes[k]) for k in _REF_KEYS if k in notes), name)
        document = blobs.read_json(path, digest)
        if desc.get("mediaType") in _INDEX_TYPES or "manifests" in _object(
            document, path, blobs.source
        ):
            found += _from_index(blobs, document, ref, depth + 1)
        else:
            found.append(_image(blobs, document, digest, ref))
    return found


def _image(blobs: Blobs, manifest: object, digest: str, ref: str | None) -> Image:
    document = _object(manifest, "the image manifest", blobs.source)
    config = _object(document.get("config"), "the manifest's config", blobs.source)
    config_digest = str(config.get("digest", ""))
    settings = blobs.read_json(_blob_path(config_digest, blobs.source), config_digest)
    layers, paths = [], []
    for i, item in enumerate(_list(document.get("layers"))):
        desc = _object(item, "a layer descriptor", blobs.source)
        layer_digest = str(desc.get("digest", ""))
        layers.append(
            Layer(i, layer_digest, str(desc.get("mediaType", "")), _size(desc.get("size")))
        )
        paths.append(_blob_path(layer_digest, blobs.source))
    return Image(
        ref or digest, digest, _platform(settings, blobs.source), tuple(layers), tuple(paths), None
    )


def _from_docker(blobs: Blobs) -> list[Image]:
    """`docker save` before version 25: manifest.json lists Config and Layers by path."""
    found = []
    for item in _list(blobs.read_json("manifest.json")):
        entry = _object(item, "a manifest.json entry", blobs.source)
        config_path = str(entry.get("Config", ""))
        raw = os.path.basename(config_path).removesuffix(".json")
        config_digest = f"sha256:{raw}"
        settings = _object(blobs.read_json(config_path, config_digest), config_path, blobs.source)
        rootfs = _object(settings.get("rootfs", {}), "the config's rootfs", blobs.source)
        diff_ids = tuple(str(d) for d in _list(rootfs.get("diff_ids")))
        paths = tuple(str(p) for p in _list(entry.get("Layers")))
        if len(diff_ids) != len(paths):
            raise ArchiveError(
                f"{blobs.source}: the config lists {len(diff_ids)} layers, manifest.json "
                f"{len(paths)}"
            )
        layers = tuple(
            Layer(i, diff_ids[i], "application/vnd.docker.image.rootfs.diff.tar", blobs.size(p))
            for i, p in enumerate(paths)
            if blobs.has(p) or _missing(blobs, p)
        )
        tags = [str(t) for t in _list(entry.get("RepoTags"))]
        name = tags[0] if tags else config_digest
        platform = _platform(settings, blobs.source)
        found.append(Image(name, config_digest, platform, layers, paths, diff_ids))
    return found


def _missing(blobs: Blobs, path: str) -> bool:
    raise ArchiveError(f"{blobs.source} (an image) has no {path}, which manifest.json lists")


def _platform(settings: object, source: str) -> str | None:
    config = _object(settings, "the image config", source)
    parts = [str(config[k]) for k in ("os", "architecture", "variant") if config.get(k)]
    return "/".join(parts) or None
