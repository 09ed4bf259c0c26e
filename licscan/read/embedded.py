"""Executables that carry a distribution inside (PyApp, `objcopy --add-section`, appended).

An ELF, Mach-O or PE file is scanned as a stream for the magic bytes of gzip and zstd
streams; each one whose first decompressed block is a tar header is an embedded archive. The
one that holds a Python installation is read as if it had been given directly: its members
stream from the executable (never extracted), its sha256 is that of its compressed bytes (the
asset as downloaded), and the origin names the executable and the offset.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO

import zstandard

from licscan.errors import ArchiveError, InputError
from licscan.model import ArchiveContents, Container, Member, Origin
from licscan.read.archive import (
    contents_of,
    is_tar_header,
    read_tar,
)
from licscan.read.discover import find_roots
from licscan.read.magic import executable_format as executable_format  # re-exported
from licscan.read.options import ReadOptions
from licscan.read.streams import CHUNK

_MAGIC = {b"\x1f\x8b\x08": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}
_PROBE = {"gzip": 64 * 2**10, "zstd": 256 * 2**10}  # bytes tried to reach a tar header
_MAX_PROBES = 10_000  # magic bytes at more places than this: not a real executable


@dataclass(frozen=True)
class Embedded:
    """A compressed tar stream inside an executable: where it starts, how it is compressed."""

    offset: int
    compression: str  # "gzip" or "zstd"


class _Decompressed:
    """The decompressed bytes of the stream at `offset` (gzip members or zstd frames one
    after the other), ending where the compressed data ends; hashes the compressed bytes."""

    def __init__(self, fh: IO[bytes], offset: int, compression: str) -> None:
        self._fh, self._compression = fh, compression
        fh.seek(offset)
        self._digest = hashlib.sha256()
        self.compressed = 0
        self._ended = False
        self._pending = b""  # compressed bytes read but not yet fed
        self._new()

    def _new(self) -> None:
        if self._compression == "gzip":
            self._obj: zlib._Decompress | zstandard.ZstdDecompressionObj = zlib.decompressobj(
                wbits=31
            )
        else:
            self._obj = zstandard.ZstdDecompressor().decompressobj()

    def read(self, size: int = -1, /) -> bytes:
        out = b""
        while not out and not self._ended:
            data = self._pending or self._fh.read(CHUNK)
            self._pending = b""
            if not data:
                raise EOFError("the embedded archive ends early")
            out = self._obj.decompress(data)
            if self._obj.eof:
                rest = self._obj.unused_data
                used = len(data) - len(rest)
                self._count(data[:used])
                magic = b"\x1f\x8b" if self._compression == "gzip" else b"\x28\xb5\x2f\xfd"
                more = rest or self._fh.read(CHUNK)
                if more.startswith(magic):
                    self._pending = more
                    self._new()
                else:
                    self._ended = True
            else:
                self._count(data)
        return out

    def _count(self, data: bytes) -> None:
        self._digest.update(data)
        self.compressed += len(data)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


def find_embedded(path: str) -> list[Embedded]:
    """The offsets of gzip and zstd streams in the file whose data starts with a tar header."""
    found = []
    with _open(path) as fh:
        for probes, (offset, compression) in enumerate(_candidates(fh)):
            if probes >= _MAX_PROBES:
                raise ArchiveError(
                    f"{path} has gzip or zstd magic bytes at more than {_MAX_PROBES:,} places; "
                    "refusing to try each as an embedded archive"
                )
            if _plausible(fh, offset, compression) and _starts_a_tar(fh, offset, compression):
                found.append(Embedded(offset, compression))
    return found


def _plausible(fh: IO[bytes], offset: int, compression: str) -> bool:
    """The header byte after the magic has its reserved bits clear (gzip FLG, zstd FHD)."""
    fh.seek(offset + (3 if compression == "gzip" else 4))
    flags = fh.read(1)
    if not flags:
        return False
    return flags[0] & (0xE0 if compression == "gzip" else 0x08) == 0


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _candidates(fh: IO[bytes]) -> Iterator[tuple[int, str]]:
    """Every offset where a gzip or zstd magic starts, read chunk by chunk (overlapping)."""
    keep = max(len(m) for m in _MAGIC) - 1
    base, tail = 0, b""
    while True:
        fh.seek(base + len(tail))
        chunk = fh.read(CHUNK)
        if not chunk:
            return
        window = tail + chunk
        hits = []
        for magic, compression in _MAGIC.items():
            pos = window.find(magic)
            while pos >= 0:
                if pos + len(magic) > len(tail):  # else found in the previous window
                    hits.append((base + pos, compression))
                pos = window.find(magic, pos + 1)
        yield from sorted(hits)
        base += len(window) - keep
        tail = window[-keep:]


def _starts_a_tar(fh: IO[bytes], offset: int, compression: str) -> bool:
    """Whether the stream at `offset` decompresses to a tar header (fed 4 KiB at a time, so
    a false magic costs little)."""
    fh.seek(offset)
    obj: zlib._Decompress | zstandard.ZstdDecompressionObj = (
        zlib.decompressobj(wbits=31)
        if compression == "gzip"
        else zstandard.ZstdDecompressor().decompressobj()
    )
    head, fed = b"", 0
    try:
        while len(head) < tarfile.BLOCKSIZE and fed < _PROBE[compression]:
            data = fh.read(4096)
            if not data:
                break
            fed += len(data)
            head += obj.decompress(data)
            if obj.eof:
                break
    except (zlib.error, zstandard.ZstdError):
        return False
    head = head[: tarfile.BLOCKSIZE]
    return len(head) == tarfile.BLOCKSIZE and is_tar_header(head) and bool(head.strip(b"\0"))


def read_executable(path: str, kind: str, options: ReadOptions) -> ArchiveContents:
    """The distribution embedded in the executable at `path` (an `executable_format` kind)."""
    streams = find_embedded(path)
    archives = len(streams)
    if archives > 1:  # which one holds a Python: a names-only pass over each
        streams = [s for s in streams if find_roots(_names(path, s))]
    contents = None
    if len(streams) == 1:
        contents = _read(path, streams[0], options)
        if not find_roots(contents.members):
            streams, contents = [], None
    if contents is None:
        found = (
            "none"
            if not archives
            else f"{archives} archive(s) holding no Python installation"
            if not streams
            else f"{len(streams)} (at offsets {', '.join(f'{s.offset:,}' for s in streams)})"
        )
        raise ArchiveError(
            f"{path} is an executable ({kind}) without one embedded Python distribution: "
            "licscan looked for gzip and zstd streams holding a tar archive with a Python "
            f"installation (PyApp, objcopy --add-section, appended archives) and found {found}"
        )
    return contents


def _names(path: str, stream: Embedded) -> list[Member]:
    """The members of an embedded archive, nothing hashed or kept."""
    nothing = ReadOptions(keep=lambda _: False, hash_rule=lambda _: False)
    return list(_read(path, stream, nothing).members)


def _read(path: str, stream: Embedded, options: ReadOptions) -> ArchiveContents:
    label = f"{path} (the {stream.compression} archive at offset {stream.offset:,})"
    collector = options.collector(label)
    with _open(path) as fh:
        source = _Decompressed(fh, stream.offset, stream.compression)
        read_tar(source, label, 0, collector, options.limits, options.progress)
    file_name = options.name or os.path.basename(path)
    contents = contents_of(
        path, file_name, Container.EXECUTABLE, source.sha256, source.compressed, collector
    )
    origin = Origin(
        kind=Container.EXECUTABLE,
        name=file_name,
        offset=stream.offset,
        compression=stream.compression,
        embedded_sha256=source.sha256,
    )
    return replace(contents, origin=origin)
