"""Fuzzing the readers: seeds built in code, mutators, and the targets with their contract.

Shared by the brief Hypothesis property test (`test_fuzz.py`, run in CI) and the long
campaign (`bench/fuzz.py`, run by hand). The contract of every target: for any bytes it
returns, or raises a `LicscanError` (one line for the user); anything else is a crash.

Targets:
* `tar`: `read_archive` over a stream (plain tar, gzip, zstd: told by content);
* `tar+inspect`: the same, with the binary inspector fed every member;
* `json`: `parse_python_json`;
* `binary`: the binary header collector and parsers (ELF, Mach-O, PE) over one member.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import struct
import tarfile
import zlib
from collections.abc import Callable

import zstandard

from licscan.errors import LicscanError
from licscan.pbs import parse_python_json
from licscan.read import BinaryInspector, Limits, layout, load_fingerprints, read_archive
from licscan.read.binary import HeaderCollector

# small limits, so that mutated sizes hit them at once instead of reading for long
FUZZ_LIMITS = Limits(
    member_bytes=4 * 2**20, total_bytes=16 * 2**20, members=5_000, header_bytes=2**20,
    seconds=20.0,
)  # fmt: skip
_FINGERPRINTS = load_fingerprints()

# --------------------------------------------------------------------------- seeds

MINI_JSON = {
    "version": "8",
    "python_version": "3.12.1",
    "target_triple": "x86_64-unknown-linux-gnu",
    "licenses": ["Python-2.0"],
    "license_path": "licenses/LICENSE.cpython.txt",
    "python_paths": {"stdlib": "install/lib/python3.12"},
    "build_info": {
        "core": {"objs": ["a.o"], "links": [{"name": "m", "system": True}]},
        "extensions": {
            "_ssl": [
                {
                    "variant": "default",
                    "in_core": False,
                    "objs": [],
                    "links": [{"name": "ssl", "path_static": "build/lib/libssl.a"}, "crypto"],
                    "licenses": ["Apache-2.0"],
                    "license_paths": ["licenses/LICENSE.openssl.txt"],
                }
            ]
        },
    },
}


def _info(
    name: str, kind: bytes = tarfile.REGTYPE, size: int = 0, **extra: object
) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.size, info.mtime = kind, size, 1704067200
    for key, value in extra.items():
        setattr(info, key, value)
    return info


def tar_of(members: list[tuple[tarfile.TarInfo, bytes]], fmt: int = tarfile.PAX_FORMAT) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return buffer.getvalue()


def gnu_sparse_header(name: str, real_size: int, stored: bytes, extended: bool = False) -> bytes:
    """An old-GNU sparse member ('S'): one map entry, optionally an extension block."""
    header = bytearray(tarfile.BLOCKSIZE)
    header[0 : len(name)] = name.encode()
    header[100:108] = b"0000644\0"
    header[108:116] = header[116:124] = b"0000000\0"
    header[124:136] = b"%011o\0" % len(stored)
    header[136:148] = b"%011o\0" % 1704067200
    header[156:157] = tarfile.GNUTYPE_SPARSE
    header[257:265] = b"ustar  \0"
    header[386:398] = b"%011o\0" % 0
    header[398:410] = b"%011o\0" % len(stored)
    header[482] = 1 if extended else 0
    header[483:495] = _octal_or_base256(real_size, 12)
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    blocks = bytes(header)
    if extended:
        blocks += bytes(tarfile.BLOCKSIZE)
    return blocks + stored + bytes(-len(stored) % tarfile.BLOCKSIZE)


def _octal_or_base256(value: int, width: int) -> bytes:
    if value < 8 ** (width - 1):
        return b"%0*o\0" % (width - 1, value)
    return b"\x80" + value.to_bytes(width - 1, "big")


def elf_header(phnum: int = 2, shnum: int = 0, phoff: int = 64, shoff: int = 0) -> bytes:
    """A little-endian ELF64 shared object: a PT_LOAD of the whole file, a PT_DYNAMIC whose
    DT_NEEDED names libc.so.6 (`phnum` and the offsets may lie)."""
    head = b"\x7fELF\x02\x01\x01" + bytes(9)
    head += struct.pack("<HHIQQQIHHHHHH", 3, 62, 1, 0, phoff, shoff, 0, 64, 56, phnum, 64,
                        shnum, 0)  # fmt: skip
    dynamic_at = 64 + 56 * 2
    strings_at = dynamic_at + 64
    dynamic = struct.pack("<QQQQQQQQ", 1, 1, 5, strings_at, 10, 11, 0, 0)
    load = struct.pack("<IIQQQQQQ", 1, 5, 0, 0, 0, 4096, 4096, 4096)
    dyn = struct.pack("<IIQQQQQQ", 2, 6, dynamic_at, dynamic_at, dynamic_at, 64, 64, 8)
    return (head + load + dyn + dynamic + b"\0libc.so.6\0").ljust(4096, b"\0")


def macho_header(ncmds: int = 1) -> bytes:
    """A thin 64-bit little-endian Mach-O with one LC_LOAD_DYLIB."""
    name = b"/usr/lib/libSystem.B.dylib\0".ljust(32, b"\0")
    command = struct.pack("<IIIIII", 0xC, 24 + len(name), 24, 2, 0x10000, 0x10000) + name
    head = struct.pack("<IiiIIIII", 0xFEEDFACF, 0x01000007, 3, 6, ncmds, len(command), 0, 0)
    return (head + command).ljust(4096, b"\0")


def pe_header(sections: int = 1) -> bytes:
    """A PE32+ DLL stub: DOS header, PE signature, file and optional headers, sections."""
    dos = b"MZ" + bytes(0x3A) + struct.pack("<I", 0x80)
    dos = dos.ljust(0x80, b"\0")
    file_header = struct.pack("<HHIIIHH", 0x8664, sections, 0, 0, 0, 240, 0x2022)
    optional = struct.pack("<H", 0x20B).ljust(108, b"\0") + struct.pack("<I", 16) + bytes(128)
    section = b".text\0\0\0" + struct.pack("<IIIIIIHHI", 0x1000, 0x1000, 0x200, 0x400, 0, 0,
                                          0, 0, 0x60000020)  # fmt: skip
    return (dos + b"PE\0\0" + file_header + optional + section * min(sections, 8)).ljust(
        4096, b"\0"
    )


def tar_seeds() -> list[bytes]:
    """Small archives of every member kind the reader handles (plain tar)."""
    raw_json = json.dumps(MINI_JSON).encode()
    text = b"Permission is hereby granted, free of charge\n" * 4
    files = [
        (_info("python/PYTHON.json", size=len(raw_json)), raw_json),
        (_info("python/licenses/LICENSE.cpython.txt", size=len(text)), text),
        (_info("python/install/lib/libx.so", size=4096), elf_header()),
        (_info("python/install/lib", tarfile.DIRTYPE), b""),
        (_info("python/install/bin/python3", tarfile.SYMTYPE, linkname="python3.12"), b""),
        (_info("python/install/bin/py", tarfile.LNKTYPE, linkname="python/install/lib/libx.so"),
         b""),
    ]  # fmt: skip
    long_name = "python/install/" + "d/" * 80 + "x.txt"
    seeds = [
        tar_of(files),
        tar_of(files, tarfile.GNU_FORMAT),
        tar_of(files[:2], tarfile.USTAR_FORMAT),
        tar_of([(_info(long_name, size=3), b"abc")], tarfile.GNU_FORMAT),
        tar_of([(_info(long_name, size=3, pax_headers={"mtime": "1.5", "comment": "x"}), b"abc")]),
        tar_of(
            [(_info("python/dev", tarfile.CHRTYPE), b""), (_info("p/f", tarfile.FIFOTYPE), b"")]
        ),
        tar_of([(_info("python/lib.dylib", size=4096), macho_header())]),
        tar_of([(_info("python/x.dll", size=4096), pe_header())]),
        gnu_sparse_header("python/sparse", 2**20, b"data") + bytes(1024),
        bytes(1024),
    ]
    return seeds


def compressed(data: bytes, kind: int) -> bytes:
    """kind 0: as is; 1: gzip; 2: zstd; 3: zstd after a skippable frame; 4: two gzip members."""
    if kind == 1:
        return gzip.compress(data, mtime=0)
    if kind == 2:
        return zstandard.ZstdCompressor(level=1).compress(data)
    if kind == 3:
        skippable = b"\x50\x2a\x4d\x18" + struct.pack("<I", 4) + b"skip"
        return skippable + zstandard.ZstdCompressor(level=1).compress(data)
    if kind == 4:
        half = len(data) // 2
        return gzip.compress(data[:half], mtime=0) + gzip.compress(data[half:], mtime=0)
    return data


def json_seeds() -> list[bytes]:
    return [json.dumps(MINI_JSON).encode(), json.dumps(MINI_JSON, indent=1).encode()]


def binary_seeds() -> list[bytes]:
    return [elf_header(), macho_header(), pe_header()]


# --------------------------------------------------------------------------- mutators

_INTERESTING = (b"\0", b"\xff", b"7", b"\x80", b"9" * 12, b"-1", b"\x7f", b"/", b"..", b"\n")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: flips, interesting bytes, inserts, deletions, truncation,
    duplication, numbers in octal fields; tar checksums are fixed half the time."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not buffer:
            buffer += rng.randbytes(rng.randint(1, 64))
            continue
        at = rng.randrange(len(buffer))
        choice = rng.randrange(9)
        if choice == 0:
            buffer[at] ^= 1 << rng.randrange(8)
        elif choice == 1:
            buffer[at] = rng.randrange(256)
        elif choice == 2:
            piece = rng.choice(_INTERESTING)
            buffer[at : at + len(piece)] = piece
        elif choice == 3:
            buffer[at:at] = rng.randbytes(rng.randint(1, 32))
        elif choice == 4:
            del buffer[at : at + rng.randint(1, 512)]
        elif choice == 5:
            del buffer[at:]
        elif choice == 6:
            end = min(len(buffer), at + rng.randint(1, 1024))
            buffer[at:at] = buffer[at:end]
        elif choice == 7:  # a number in a tar header field (size, mtime, checksum)
            block = at - at % 512
            field = rng.choice((124, 136, 148, 483))
            width = 12 if field != 148 else 8
            value = rng.choice((0, 1, 511, 2**33, 8**11 - 1, rng.getrandbits(40)))
            text = _octal_or_base256(value, width)[:width]
            buffer[block + field : block + field + width] = text
        else:
            buffer[at] = rng.choice(b"0LKxgS2357")
    if rng.random() < 0.5:
        _fix_checksums(buffer)
    return bytes(buffer)


def _fix_checksums(buffer: bytearray) -> None:
    for block in range(0, len(buffer) - 511, 512):
        header = buffer[block : block + 512]
        if header[257:262] == b"ustar":
            header[148:156] = b" " * 8
            buffer[block + 148 : block + 156] = b"%06o\0 " % sum(header)


# --------------------------------------------------------------------------- targets


def read_tar(data: bytes, inspect: bool = False) -> None:
    inspector = BinaryInspector(_FINGERPRINTS) if inspect else None
    read_archive(
        io.BytesIO(data),
        keep=layout.keep,
        inspect=inspector,
        hash_rule=layout.hashed,
        limits=FUZZ_LIMITS,
    )
    if inspector is not None:
        _ = inspector.facts, inspector.evidence


def read_json(data: bytes) -> None:
    parse_python_json(data, limits=FUZZ_LIMITS)


def read_binary(data: bytes) -> None:
    collector = HeaderCollector(len(data) + (len(data) & 3) * 1000)  # sometimes cut short
    collector.feed(data)
    info = collector.result()
    assert isinstance(info.error, str)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "tar": read_tar,
    "tar+inspect": lambda data: read_tar(data, inspect=True),
    "json": read_json,
    "binary": read_binary,
}


def crash_of(target: str, data: bytes) -> str | None:
    """None when the target kept its contract on `data`, else what went wrong."""
    try:
        TARGETS[target](data)
    except LicscanError as error:
        message = str(error)
        if "\n" in message or len(message) > 2000:
            return f"a LicscanError of {len(message)} characters over several lines"
        return None
    except (zlib.error, MemoryError, RecursionError, Exception) as error:
        return f"{type(error).__name__}: {str(error)[:200]}"
    return None
