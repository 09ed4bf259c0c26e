"""Every input the reader takes, told apart by its content: an archive or folder (read by
`licscan.read.archive`), a container image (`image`) or an executable with an embedded
archive (`embedded`). What comes out is the same `ArchiveContents`, its `origin` saying
which image (and layers) or executable held the distribution."""

from __future__ import annotations

import os

from licscan.errors import ArchiveError, InputError
from licscan.model import ArchiveContents
from licscan.read import archive, embedded, image, image_index, image_stream
from licscan.read.archive import DEFAULT_LIMITS, Inspector, KeepRule, Limits, Progress
from licscan.read.discover import find_roots
from licscan.read.options import ReadOptions
from licscan.read.streams import Readable


def read_input(
    source: str | os.PathLike[str] | Readable,
    *,
    keep: KeepRule,
    inspect: Inspector | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    hash_rule: KeepRule | None = None,
    name: str | None = None,
) -> ArchiveContents:
    """`read_archive` for any input: also OCI image layouts (folders or tars), `docker save`
    tars and executables (ELF, Mach-O, PE) with an archive inside. Images and executables
    are read from files (they are read at several offsets), not from a stream."""
    options = ReadOptions(keep, inspect, limits, progress, hash_rule, name)
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        blobs = image_index.open_image(path) if os.path.exists(path) else None
        if blobs is not None:
            return image.read_image(blobs, options)
        if os.path.isfile(path) and image_stream.starts_like_an_image(path):
            return image_stream.read_compressed_image(path, options)
        kind = _executable(path)
        if kind is not None:
            return embedded.read_executable(path, kind, options)
    contents = archive.read_archive(
        source,
        keep=keep,
        inspect=inspect,
        limits=limits,
        progress=progress,
        hash_rule=hash_rule,
        name=name,
    )
    if _looks_like_an_image(contents):
        raise ArchiveError(
            f"{contents.source} is a container image (it has {_IMAGE_MARKS[0]} or "
            f"{_IMAGE_MARKS[1]} and no Python at its top); licscan reads an image from a "
            "file (from the offsets of its layers, or in two passes when compressed): give it "
            "as a file, not on stdin"
        )
    return contents


_IMAGE_MARKS = ("manifest.json", "oci-layout")


def _looks_like_an_image(contents: ArchiveContents) -> bool:
    names = {m.name for m in contents.members}
    return any(mark in names for mark in _IMAGE_MARKS) and not find_roots(contents.members)


def _executable(path: str) -> str | None:
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return embedded.executable_format(head)
