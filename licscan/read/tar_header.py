"""The POSIX ustar header of a tar member parsed in a few string operations (`tar_stream`'s
fast path): every header it cannot vouch for is left to `tarfile.TarInfo.frombuf`."""

from __future__ import annotations

import tarfile
from typing import NamedTuple


class Header(NamedTuple):
    """What `_entries` reads of a header (the fields of `tarfile.TarInfo` it uses)."""

    name: str
    type: bytes
    size: int
    mtime: int
    linkname: str


_USTAR = b"ustar\x0000"
_FAST_TYPES = frozenset(
    (tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE,
     tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE)
)  # fmt: skip


_CHECKED = ((100, 108), (108, 116), (116, 124), (329, 337), (337, 345))  # mode, ids, devices
# The mode/uid/gid and device fields (bytes 100-124 and 329-345) found valid so far: they are
# only checked, and an archive repeats a few values, so each distinct one is parsed once. At
# most _SEEN_MAX of them are remembered (a hostile archive of distinct values is parsed fully).
_SEEN_IDS: set[bytes] = set()
_SEEN_MAX = 4096


def _octal(field: bytes) -> int:
    text = field.split(b"\0", 1)[0].strip()
    return int(text or b"0", 8)  # ValueError: not octal (base-256 is tarfile's to read)


def _check(header: bytes) -> None:
    """Raise ValueError unless the mode, id and device fields of a header are octal numbers."""
    ids = header[100:124] + header[329:345]
    if ids in _SEEN_IDS:
        return
    for start, end in _CHECKED:
        _octal(header[start:end])
    if len(_SEEN_IDS) < _SEEN_MAX:
        _SEEN_IDS.add(ids)


def _text(field: bytes) -> str:
    return field.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def fast_header(header: bytes) -> Header | None:
    """A POSIX ustar header parsed as `tarfile.TarInfo.frombuf` would, about five times
    faster (it is most of the time of an archive of many small members); None for anything
    else (GNU and v7 headers, base-256 numbers, sparse members, a bad checksum), which
    tarfile then parses or refuses."""
    kind = header[156:157]
    if header[257:265] != _USTAR or kind not in _FAST_TYPES or header[124] & 0x80:
        return None
    try:
        checksum = _octal(header[148:156])  # written "%06o\0 ": a NUL inside
        # int() of the field without its NUL padding: the value `_octal` reads, or a
        # ValueError that hands the header to tarfile (an inner NUL, blanks only)
        size = int(header[124:136].rstrip(b"\0") or b"0", 8)
        mtime = int(header[136:148].rstrip(b"\0") or b"0", 8)
        _check(header)
    except ValueError:
        return None
    if checksum != 256 + sum(header) - sum(header[148:156]):
        return None
    name = _text(header[0:100])
    if header[345]:  # a ustar prefix
        name = f"{_text(header[345:500])}/{name}"
    if kind == tarfile.AREGTYPE and name.endswith("/"):
        kind = tarfile.DIRTYPE
    if kind == tarfile.DIRTYPE:
        name = name.rstrip("/")
    return Header(name, kind, size, mtime, _text(header[157:257]) if header[157] else "")
