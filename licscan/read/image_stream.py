"""A compressed image tar (`docker save | gzip`, `.tar.zst`), read in two streaming passes.

A compressed tar cannot be read from offsets, so the layers cannot be read top first. Pass 1
streams the whole file once: it keeps the small JSON documents (index, manifests, configs),
hashes every blob and lists each layer's member names and whiteouts (names only, never
contents). The manifest then gives the layer order, and the same whiteout rules as
`licscan.read.image` decide, per layer, which of its names are in the final image. Pass 2
streams the file again and feeds only those members on (hashed, kept, inspected). Each blob's
sha256 is checked in both passes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, cast

import zstandard

from licscan.errors import ArchiveError
from licscan.model import ArchiveContents, Container, Origin
from licscan.read.archive import (
    DEFAULT_LIMITS,
    EntryHandler,
    Limits,
    Progress,
    add_tar_member,
    container_of,
    contents_of,
    read_head,
    read_tar,
)
from licscan.read.image import Overlay
from licscan.read.image_index import (
    IMAGE_MEMBER,
    Blobs,
    Image,
    Region,
    check_digest,
    find_image,
)
from licscan.read.limits import exceeded
from licscan.read.members import MemberCollector, clean_name, normalize_name
from licscan.read.options import ReadOptions
from licscan.read.streams import Peeked
from licscan.read.tar_stream import Entry, TarFormatError, TarLimitError, TarStream

_MAX_JSON = 16 * 2**20  # one index, manifest or config
_MAX_JSON_TOTAL = 64 * 2**20  # all of them
Listing = list[tuple[str, bool]]  # (normalized name, is a folder), in layer order


class _Chunks:
    """A tar member's data (memoryview slices) as a stream, hashed on the way."""

    def __init__(self, chunks: Iterator[memoryview]) -> None:
        self._chunks, self._view, self._digest = chunks, memoryview(b""), hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        while not self._view:
            piece = next(self._chunks, None)
            if piece is None:
                return b""
            self._digest.update(piece)
            self._view = piece
        take = len(self._view) if size < 0 else size
        data, self._view = bytes(self._view[:take]), self._view[take:]
        return data

    def drain(self) -> str:
        while self.read(2**20):
            pass
        return self._digest.hexdigest()


class MemoryBlobs(Blobs):
    """The image's small files, kept by pass 1, and the sizes of all of them."""

    def __init__(
        self, source: str, kind: Container, files: dict[str, bytes], sizes: dict[str, int]
    ):
        super().__init__(source, kind, {})
        self._files, self._sizes = files, sizes

    def has(self, path: str) -> bool:
        return path in self._sizes

    def size(self, path: str) -> int:
        return self._sizes[path]

    def open(self, path: str) -> Region:
        if path not in self._files:
            raise ArchiveError(f"{self.source} (an image) has no readable {path}")
        data = self._files[path]
        return Region(io.BytesIO(data), 0, len(data))


def _pass(source: str, limits: Limits, add: EntryHandler, progress: Progress | None) -> None:
    dummy = MemberCollector(source, lambda _: False, None, limits, lambda _: False)
    try:
        fh = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ArchiveError(f"cannot read {source}: {exc.strerror or exc}") from exc
    with fh:
        read_tar(fh, source, os.fstat(fh.fileno()).st_size, dummy, limits, progress, add)


def _as_stream(tar: TarStream) -> tuple[bytes, Peeked, _Chunks]:
    chunks = _Chunks(tar.data())
    head = read_head(chunks)
    return head, Peeked(head, chunks), chunks


def _is_archive(head: bytes, source: str) -> bool:
    try:
        container_of(head, source)
    except ArchiveError:
        return False
    return True


_PEEK_LIMITS = replace(DEFAULT_LIMITS, header_bytes=2**16, name_bytes=2**12)


def starts_like_an_image(path: str) -> bool:
    """Whether a gzip or zstd file's first tar member is named as an image's are."""
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
            fh.seek(0)
            stream: IO[bytes]
            if magic[:2] == b"\x1f\x8b":
                stream = cast(IO[bytes], gzip.GzipFile(fileobj=fh))
            elif magic == b"\x28\xb5\x2f\xfd":
                stream = cast(IO[bytes], zstandard.ZstdDecompressor().stream_reader(fh))
            else:
                return False
            # licscan's tar parser within small limits, not tarfile's, which reads a pax
            # header or GNU long name of any size into memory
            tar = TarStream(iter(lambda: stream.read(2**16), b""), _PEEK_LIMITS)
            for count, entry in enumerate(tar.entries()):
                name = clean_name(entry.name)
                if name or count > 16:  # past `./`: the first real name tells
                    return IMAGE_MEMBER.fullmatch(name) is not None
    except (OSError, EOFError, zlib.error, zstandard.ZstdError, tarfile.TarError, ValueError,
            TarFormatError, TarLimitError):  # fmt: skip
        return False
    return False


def read_compressed_image(source: str, options: ReadOptions) -> ArchiveContents:
    """The final file system of the one image a compressed image tar holds."""
    limits = options.limits
    files: dict[str, bytes] = {}
    sizes: dict[str, int] = {}
    digests: dict[str, str] = {}
    listings: dict[str, Listing] = {}
    listed = [0]  # names listed in all layers

    def survey(tar: TarStream, entry: Entry, _: MemberCollector) -> None:
        path = clean_name(entry.name)
        if not entry.is_file:
            return
        sizes[path] = entry.size
        head, stream, chunks = _as_stream(tar)
        if head[:1] in (b"{", b"[") and entry.size <= _MAX_JSON:
            if sum(map(len, files.values())) + entry.size > _MAX_JSON_TOTAL:
                raise ArchiveError(f"{source} holds more JSON than a container image does")
            files[path] = stream.read()
        elif _is_archive(head, source):
            listing: Listing = []

            def note(_tar: TarStream, inner: Entry, _c: MemberCollector) -> None:
                member = normalize_name(inner.name, f"{source}: {path}")
                if member:
                    listing.append((member, inner.type == tarfile.DIRTYPE))
                    listed[0] += 1
                    if listed[0] > limits.members:
                        what = "its layers have more members"
                        raise exceeded(source, what, "members", limits)

            dummy = MemberCollector(source, lambda _: False, None, limits, lambda _: False)
            read_tar(stream, f"{source}: {path}", 0, dummy, limits, None, note)
            listings[path] = listing
        digests[path] = chunks.drain()

    _pass(source, limits, survey, None)
    if "manifest.json" in sizes:
        kind = Container.DOCKER_ARCHIVE
    elif "index.json" in sizes and "oci-layout" in sizes:
        kind = Container.OCI_ARCHIVE
    else:
        raise ArchiveError(
            f"{source} looks like a container image but has neither manifest.json nor "
            "index.json with oci-layout"
        )
    blobs = MemoryBlobs(source, kind, files, sizes)
    image = find_image(blobs)
    accepted = _final_names(image, listings, digests, source)
    collector = options.collector(source)
    layer_of: dict[str, int] = {}

    def feed(tar: TarStream, entry: Entry, _: MemberCollector) -> None:
        path = clean_name(entry.name)
        wanted = [i for i, p in enumerate(image.paths) if p == path]
        if not entry.is_file or not wanted:
            return
        _head, stream, chunks = _as_stream(tar)

        def add(inner_tar: TarStream, inner: Entry, c: MemberCollector) -> None:
            member = normalize_name(inner.name, c.source)
            for index in wanted:
                if member in accepted[index]:
                    accepted[index].discard(member)
                    layer_of[member] = index
                    add_tar_member(inner_tar, inner, c)
                    return

        read_tar(stream, f"{source}: layer {wanted[0]} ({path})", 0, collector, limits, None, add)
        if chunks.drain() != digests[path]:
            raise ArchiveError(f"{source} changed while it was read; read it again")

    _pass(source, limits, feed, options.progress)
    collector.members[:] = [replace(m, layer=layer_of.get(m.name)) for m in collector.members]
    file_name = options.name or os.path.basename(source)
    contents = contents_of(
        source,
        file_name,
        kind,
        image.digest.partition(":")[2],
        os.path.getsize(source),
        collector,
    )
    origin = Origin(kind=kind, name=image.name, digest=image.digest, platform=image.platform,
                    layers=image.layers)  # fmt: skip
    return replace(contents, origin=origin)


def _final_names(
    image: Image, listings: dict[str, Listing], digests: dict[str, str], source: str
) -> list[set[str]]:
    """Per layer, the names of its members that are in the final image."""
    overlay = Overlay()
    accepted: list[set[str]] = [set() for _ in image.layers]
    for layer in reversed(image.layers):
        path = image.paths[layer.index]
        if path not in listings:
            raise ArchiveError(f"{source}: layer {layer.index} ({path}) is not in the image")
        expected = image.diff_ids[layer.index] if image.diff_ids else layer.digest
        check_digest(source, f"layer {layer.index} ({path})", expected, digests[path])
        for member, is_folder in listings[path]:
            if overlay.whiteout(member) or overlay.hidden(member):
                continue
            overlay.record(member, is_folder)
            accepted[layer.index].add(member)
        overlay.end_layer()
    return accepted
