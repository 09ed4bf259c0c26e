"""Read stage: stream the members of a PBS distribution once, in order, safely.

Accepts a `.tar.zst`, `.tar.gz` or plain tar (told apart by content, never by file name) or
an unpacked directory. Nothing is extracted and links are never followed; only the bytes of
the members the caller asks to keep are held in memory."""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import tarfile
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import IO, cast

import zstandard

from licscan.errors import ArchiveError, InputError
from licscan.model import ArchiveContents, Container, Member, MemberKind
from licscan.read.limits import DEFAULT_LIMITS as DEFAULT_LIMITS  # re-exported: the readers
from licscan.read.limits import Limits as Limits
from licscan.read.limits import exceeded, size_text
from licscan.read.magic import executable_format
from licscan.read.members import MemberCollector, clean_name, normalize_name
from licscan.read.remote import display_url, is_url, open_url, url_name
from licscan.read.streams import CHUNK, DecompressedBlocks, Peeked, Readable, ZstdFrameCheck
from licscan.read.tar_stream import Entry, TarFormatError, TarLimitError, TarStream

KeepRule = Callable[[str], bool]  # normalized member name -> keep its bytes?
# (name, size) -> consumer of the member's data, chunk by chunk (bytes or memoryviews of them)
Inspector = Callable[[str, int], Callable[[bytes | memoryview], None] | None]
Progress = Callable[[int, int], None]  # (input bytes consumed, total input bytes; 0: unknown)
EntryHandler = Callable[[TarStream, Entry, MemberCollector], None]  # records one tar entry
STDIN_NAME = "stdin"  # the file name and label of an archive read from a stream

_CORRUPT = (zstandard.ZstdError, EOFError, tarfile.TarError, zlib.error, OSError)
_FOREIGN = {
    b"\xfd7zXZ\x00": "an xz",
    b"BZh": "a bzip2",
    b"PK\x03\x04": "a zip",
    b"PK\x05\x06": "a zip",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip",
}


def detect_container(path: str | os.PathLike[str]) -> Container:
    """Tell the container apart by its first bytes (or as a directory)."""
    source = os.fspath(path)
    if not os.path.exists(source):
        raise InputError(f"no such file or directory: {source}")
    if os.path.isdir(source):
        return Container.DIRECTORY
    try:
        with open(source, "rb") as fh:
            head = read_head(fh)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return container_of(head, source)


def read_head(stream: Readable) -> bytes:
    """The first tar block of a stream (fewer bytes only at its end), read despite short reads."""
    head = b""
    while len(head) < tarfile.BLOCKSIZE:
        data = stream.read(tarfile.BLOCKSIZE - len(head))
        if not data:
            break
        head += data
    return head


def _head_within(raw: Readable, source: str, limits: Limits) -> bytes:
    """The first block of a pipe, read on a helper thread so that a pipe that sends nothing
    ends in the time limit (a blocking read cannot be interrupted)."""
    found: list[bytes | BaseException] = []

    def work() -> None:
        try:
            found.append(read_head(raw))
        except BaseException as exc:  # handed to the caller
            found.append(exc)

    reader = threading.Thread(target=work, name="licscan-head", daemon=True)
    reader.start()
    reader.join(limits.seconds)
    if not found:
        raise exceeded(source, "it sends nothing", "seconds", limits)
    if isinstance(found[0], BaseException):
        raise found[0]
    return found[0]


def container_of(head: bytes, source: str) -> Container:
    """The container whose first bytes are `head` (`source` names the input in errors)."""
    if not head:
        raise ArchiveError(f"{source} is empty (0 bytes); download it again")
    if head.startswith(b"\x28\xb5\x2f\xfd") or _skippable_zstd(head):
        return Container.ZSTD_TAR
    if head.startswith(b"\x1f\x8b"):
        return Container.GZIP_TAR
    for magic, kind in _FOREIGN.items():
        if head.startswith(magic):
            raise ArchiveError(
                f"{source} is {kind} file; python-build-standalone archives are .tar.zst or "
                ".tar.gz: download the distribution asset itself"
            )
    if is_tar_header(head):
        return Container.TAR
    if program := executable_format(head):  # a path to one is read as an executable (read.source)
        raise ArchiveError(
            f"{source} is an executable ({program}), not an archive: licscan finds a distribution "
            "inside an executable by reading it at several offsets, so give it as a file"
        )
    raise ArchiveError(
        f"{source} is not a tar, tar.gz or tar.zst archive "
        f"(it starts with bytes {head[:8].hex(' ')})"
    )


def read_archive(
    source: str | os.PathLike[str] | Readable,
    *,
    keep: KeepRule,
    inspect: Inspector | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    hash_rule: KeepRule | None = None,
    name: str | None = None,
) -> ArchiveContents:
    """Stream every member once; hash the input and the files `hash_rule` names (all when
    None; every file of a directory, whose digest covers them); keep what `keep` wants.

    `source` is a path (an archive or a directory) or a binary stream holding an archive
    (stdin): each is opened and read once, the container told from its first bytes, which
    are then handed on (never read again by reopening). A stream is called "stdin" in errors
    and its sha256 is that of its bytes. `name` is the file name the release's asset name is
    read from (default: the path's base name; "stdin" for a stream). A URL (`https://`,
    `s3://`, any fsspec protocol; `remote.py`) is streamed like stdin; its name is its last
    path segment."""
    if isinstance(source, str) and is_url(source):
        with open_url(source) as (stream, size):
            label = display_url(source)
            collector = MemberCollector(label, keep, inspect, limits, hash_rule)
            container, digest, size = read_tar(stream, label, size, collector, limits, progress)
        file_name = name or url_name(source) or label
        return contents_of(label, file_name, container, digest, size, collector)
    if not isinstance(source, (str, os.PathLike)):
        label = f"{name} (stdin)" if name else STDIN_NAME
        collector = MemberCollector(label, keep, inspect, limits, hash_rule)
        container, digest, size = read_tar(source, label, 0, collector, limits, progress)
        return contents_of(label, name or STDIN_NAME, container, digest, size, collector)
    path = os.fspath(source)
    if not os.path.exists(path):
        raise InputError(f"no such file or directory: {path}")
    if os.path.isdir(path):
        collector = MemberCollector(path, keep, inspect, limits, None)
        digest, size = _read_directory(Path(path), collector, progress)
        file_name = name or os.path.basename(os.path.abspath(path))
        return contents_of(path, file_name, Container.DIRECTORY, digest, size, collector)
    collector = MemberCollector(path, keep, inspect, limits, hash_rule)
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below, after the stream is read
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with raw:
        st = os.fstat(raw.fileno())
        total = st.st_size if stat.S_ISREG(st.st_mode) else 0  # a pipe: /dev/stdin
        container, digest, size = read_tar(raw, path, total, collector, limits, progress)
    return contents_of(path, name or os.path.basename(path), container, digest, size, collector)


def contents_of(
    source: str,
    file_name: str,
    container: Container,
    digest: str,
    size: int,
    collector: MemberCollector,
) -> ArchiveContents:
    return ArchiveContents(
        source=source,
        file_name=file_name,
        container=container,
        sha256=digest,
        size=size,
        members=tuple(collector.members),
        kept=MappingProxyType(collector.kept),
        not_kept=MappingProxyType(collector.not_kept),
    )


def _skippable_zstd(head: bytes) -> bool:
    """A zstd skippable frame (magic 0x184D2A50-5F): legal at the start of a zstd stream."""
    return len(head) >= 8 and head[0] & 0xF0 == 0x50 and head[1:4] == b"\x2a\x4d\x18"


def is_tar_header(head: bytes) -> bool:
    if head[257:262] == b"ustar" or (len(head) == tarfile.BLOCKSIZE and not head.strip(b"\0")):
        return True  # ustar/GNU/pax header, or the zero block of an empty tar
    try:
        tarfile.TarInfo.frombuf(head, "utf-8", "surrogateescape")  # old v7 header
    except tarfile.HeaderError:
        return False
    return True


# --------------------------------------------------------------------------- tar streams


def read_tar(
    raw: Readable,
    source: str,
    total: int,
    collector: MemberCollector,
    limits: Limits,
    progress: Progress | None,
    add: EntryHandler | None = None,
) -> tuple[Container, str, int]:
    """Read an archive from `raw` once: its first bytes tell the container (and are handed
    on to the decompressor); returns the container, the sha256 and size of the bytes read.
    `add` records each entry (default: `add_tar_member`; image layers apply whiteouts)."""
    handle = add or add_tar_member
    limit = limits.total_bytes
    try:
        head = _head_within(raw, source, limits) if total == 0 else read_head(raw)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from exc
    container = container_of(head, source)

    def too_big() -> InputError:
        what = "it unpacks to more bytes (a decompression bomb?)"
        return exceeded(source, what, "total_bytes", limits)

    def open_stream(reader: Readable) -> Readable:
        if container is Container.ZSTD_TAR:
            return zstandard.ZstdDecompressor().stream_reader(
                cast(IO[bytes], reader),
                read_size=CHUNK,
                read_across_frames=True,
                closefd=False,
            )
        if container is Container.GZIP_TAR:
            return gzip.GzipFile(fileobj=cast(IO[bytes], reader), mode="rb")
        return reader

    try:
        frames = ZstdFrameCheck() if container is Container.ZSTD_TAR else None
        stream = Peeked(head, raw)
        blocks = DecompressedBlocks(
            open_stream, stream, total, limit, too_big, progress, frames, collector.tick
        )
        try:
            tar = TarStream(iter(blocks), limits, collector.tick)
            for entry in tar.entries():
                handle(tar, entry, collector)
            return container, blocks.finish(), blocks.consumed
        finally:
            blocks.close()
    except TarLimitError as exc:
        raise exceeded(source, exc.what, exc.limit, limits) from None
    except TarFormatError as exc:
        raise ArchiveError(f"{source} is truncated or corrupt: {exc}; download it again") from exc
    except _CORRUPT as exc:
        raise ArchiveError(
            f"{source} is truncated or corrupt: {_plain(exc)}; download it again"
        ) from exc


_PLAIN = (  # what Python's messages say, in the words of someone holding an archive
    ("not a gzipped file", "the gzip header is damaged"),
    ("seeking backwards", "the data is damaged"),
    ("set_int_max_str_digits", "a number in a header is impossibly long"),
    ("compressed file ended before", "the compressed data ends early"),
)


def _plain(exc: BaseException) -> str:
    """A decompressor's or tar's message without Python internals (reprs, function names)."""
    text = str(exc).strip()
    for needle, wording in _PLAIN:
        if needle in text.lower():
            return wording
    if isinstance(exc, OverflowError):
        return "a number in a header is out of range"
    if "b'" in text or 'b"' in text or "\\x" in text:
        return "the data is damaged"
    return (text or type(exc).__name__)[:200]


def add_tar_member(tar: TarStream, entry: Entry, collector: MemberCollector) -> None:
    name = normalize_name(entry.name, collector.source)
    if not name:
        return  # the `./` entry of the archive root
    if entry.is_file:
        collector.add_file(name, entry.size, entry.mtime, tar.data())
    elif entry.type in (tarfile.SYMTYPE, tarfile.LNKTYPE):
        symlink = entry.type == tarfile.SYMTYPE
        kind = MemberKind.SYMLINK if symlink else MemberKind.HARDLINK
        target = entry.linkname if symlink else clean_name(entry.linkname)  # a member name
        collector.add(Member(name, entry.size, kind, target, None, entry.mtime))
    else:
        kind = MemberKind.DIRECTORY if entry.type == tarfile.DIRTYPE else MemberKind.OTHER
        size = entry.size if kind is MemberKind.OTHER else 0
        collector.add(Member(name, size, kind, None, None, entry.mtime))


# --------------------------------------------------------------------------- directories


def _read_directory(
    root: Path, collector: MemberCollector, progress: Progress | None
) -> tuple[str, int]:
    """Walk a folder: one holding python/ (its names start python/), else the whole tree
    with names relative to the folder (discovery finds the installations in it)."""
    python = root / "python"
    if python.is_dir() and not python.is_symlink():
        base, prefix = python, "python/"
    else:
        base, prefix = root, ""
    entries = sorted(_walk(base, prefix, collector))
    total = sum(st.st_size for _, _, st in entries if stat.S_ISREG(st.st_mode))
    if total > collector.limits.total_bytes:
        raise exceeded(str(root), f"it holds {size_text(total)}", "total_bytes", collector.limits)
    done = reported = 0
    for name, path, st in entries:
        try:
            _add_directory_entry(name, path, st, collector)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        if stat.S_ISREG(st.st_mode):
            done += st.st_size
            if progress is not None and done - reported >= CHUNK:
                reported = done
                progress(done, total)
    if progress is not None and reported != done:
        progress(done, total)
    digest = hashlib.sha256()
    for m in collector.members:
        name = m.name.removeprefix(prefix)
        line = f"{name}\0{m.kind}\0{m.size}\0{m.sha256 or m.link_target or ''}\n"
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), total


def _walk(
    base: Path, prefix: str, collector: MemberCollector
) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every entry under base, without following symbolic links (so never leaving it);
    within the member count and the time limit."""
    pending = [(str(base), prefix)]
    count = 0
    while pending:
        collector.tick()
        folder, folder_name = pending.pop()
        try:
            with os.scandir(folder) as scan:
                found = list(scan)
        except OSError as exc:
            raise InputError(f"cannot read {folder}: {exc.strerror or exc}") from exc
        count += len(found)
        if count > collector.limits.members:
            raise exceeded(str(base), f"it has {count:,} entries", "members", collector.limits)
        for entry in found:
            name = folder_name + entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                raise InputError(f"cannot read {entry.path}: {exc.strerror or exc}") from exc
            yield name, entry.path, st
            if stat.S_ISDIR(st.st_mode):
                pending.append((entry.path, name + "/"))


def _add_directory_entry(
    name: str, path: str, st: os.stat_result, collector: MemberCollector
) -> None:
    mtime = int(st.st_mtime)
    if stat.S_ISREG(st.st_mode):
        # O_NOFOLLOW: a file swapped for a link since the walk is not followed either
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as fh:
            collector.add_file(name, st.st_size, mtime, iter(lambda: fh.read(CHUNK), b""))
    elif stat.S_ISLNK(st.st_mode):
        target = os.readlink(path)
        collector.add(Member(name, 0, MemberKind.SYMLINK, target, None, mtime))
    else:
        kind = MemberKind.DIRECTORY if stat.S_ISDIR(st.st_mode) else MemberKind.OTHER
        collector.add(Member(name, 0, kind, None, None, mtime))
