"""Building blocks of the crafted inputs: the base archive as tar bytes with extra members,
raw tar headers (GNU long names, pax, sparse), containers, and streamed bombs.

Everything is built in memory at test time from ../shared/pbs (through tests/builders);
bombs are compressed while they are generated, so no test writes more than a few MiB."""

from __future__ import annotations

import functools
import gzip
import io
import json
import tarfile
from collections.abc import Iterable
from typing import Any

import zstandard

from tests.builders import PYTHON_JSON, ArchiveSpec, era_archive
from tests.hostile.fuzzing import gnu_sparse_header

BLOCK = tarfile.BLOCKSIZE
MTIME = 1704067200
Extra = tuple[tarfile.TarInfo, bytes]


@functools.cache
def _base() -> ArchiveSpec:
    return era_archive("linux-3.10-20221220")


def base_spec() -> ArchiveSpec:
    """A small, valid full archive (linux, CPython 3.10, release 20221220): a fresh copy."""
    return _base().copy()


def base_json() -> dict[str, Any]:
    info = base_spec().json_dict()
    assert info is not None
    return info


def info(name: str, kind: bytes = tarfile.REGTYPE, size: int = 0, **fields: Any) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type, member.size, member.mtime = kind, size, MTIME
    for key, value in fields.items():
        setattr(member, key, value)
    return member


def file(name: str, data: bytes, **fields: Any) -> Extra:
    return info(name, size=len(data), **fields), data


def members_of(spec: ArchiveSpec, python_json: bytes | None = None) -> list[Extra]:
    raw = spec.json_bytes() if python_json is None else python_json
    found = [file(PYTHON_JSON, raw)] if raw is not None else []
    found += [file(name, data) for name, data in sorted(spec.members.items())]
    found += [
        (info(name, tarfile.SYMTYPE, linkname=target), b"")
        for name, target in sorted(spec.symlinks.items())
    ]
    return found


def tar_bytes(entries: Iterable[Extra], fmt: int = tarfile.PAX_FORMAT, end: bool = True) -> bytes:
    """A plain tar of `entries`; `end=False` leaves out the end-of-archive blocks."""
    buffer = io.BytesIO()
    tar = tarfile.open(fileobj=buffer, mode="w", format=fmt)  # noqa: SIM115 - closed below
    for member, data in entries:
        tar.addfile(member, io.BytesIO(data) if member.isreg() else None)
    if end:
        tar.close()
        return buffer.getvalue()
    tar.fileobj = io.BytesIO()  # closing writes nothing more into buffer
    tar.close()
    return buffer.getvalue()


def base_tar(
    extra: Iterable[Extra] = (),
    *,
    spec: ArchiveSpec | None = None,
    python_json: bytes | None = None,
    fmt: int = tarfile.PAX_FORMAT,
    tail: bytes = b"",
) -> bytes:
    """The base archive (or `spec`) as a plain tar, `extra` members after its own, then the
    raw bytes `tail` (crafted headers) before the end-of-archive blocks."""
    entries = members_of(spec or base_spec(), python_json) + list(extra)
    body = tar_bytes(entries, fmt, end=False)
    return body + tail + bytes(2 * BLOCK)


def with_json(change: dict[str, Any] | None = None, **top: Any) -> bytes:
    """The base PYTHON.json with top-level keys replaced (a value of None deletes it)."""
    data = base_json()
    for key, value in {**(change or {}), **top}.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data, indent=4).encode()


def zst(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=3).compress(data)


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def header(
    name: bytes, kind: bytes, size: int, *, size_field: bytes | None = None, magic: bytes = b""
) -> bytes:
    """One raw ustar header block (checksum fixed): for sizes no tarfile would write."""
    block = bytearray(BLOCK)
    block[0 : min(len(name), 100)] = name[:100]
    block[100:108] = b"0000644\0"
    block[108:116] = block[116:124] = b"0000000\0"
    if size_field is None:
        size_field = b"%011o\0" % size if size < 8**11 else b"\x80" + size.to_bytes(11, "big")
    block[124:136] = size_field
    block[136:148] = b"%011o\0" % MTIME
    block[156:157] = kind
    block[257:265] = magic or b"ustar\x0000"
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\0 " % sum(block)
    return bytes(block)


def padded(data: bytes) -> bytes:
    return data + bytes(-len(data) % BLOCK)


def pax_record(key: str, value: bytes) -> bytes:
    body = f" {key}=".encode() + value + b"\n"
    length = len(body) + len(str(len(body)))
    if len(str(length)) != len(str(len(body))):
        length += 1
    return str(length).encode() + body


def pax_member(records: bytes, name: bytes = b"python/extra.txt", data: bytes = b"x") -> bytes:
    """A pax extended header with `records`, then a regular member `name` holding `data`."""
    return (
        header(b"././@PaxHeader", tarfile.XHDTYPE, len(records))
        + padded(records)
        + header(name, tarfile.REGTYPE, len(data))
        + padded(data)
    )


def sparse(name: str, real_size: int, stored: bytes = b"data", extended: bool = False) -> bytes:
    return gnu_sparse_header(name, real_size, stored, extended)


def streamed_zst(head: bytes, zeros: int, tail: bytes = b"") -> bytes:
    """zstd of `head`, then `zeros` zero bytes, then `tail`, compressed as they are made (a
    bomb of GiBs costs a few MiB of memory and well under a second)."""
    out = io.BytesIO()
    with zstandard.ZstdCompressor(level=1).stream_writer(out, closefd=False) as writer:
        writer.write(head)
        chunk = bytes(min(zeros, 4 * 2**20))
        left = zeros
        while left:
            step = min(left, len(chunk))
            writer.write(chunk[:step])
            left -= step
        writer.write(tail)
    return out.getvalue()


def streamed_gz(head: bytes, zeros: int, tail: bytes = b"") -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=1) as writer:
        writer.write(head)
        chunk = bytes(min(zeros, 4 * 2**20))
        left = zeros
        while left:
            step = min(left, len(chunk))
            writer.write(chunk[:step])
            left -= step
        writer.write(tail)
    return out.getvalue()
