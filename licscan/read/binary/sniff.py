"""What kind of binary a member is, from its first bytes (never from its name).

64 bytes tell every format apart except PE, whose `PE\\0\\0` signature sits at `e_lfanew`;
`SNIFF_BYTES` (4 KiB) is always enough for the linkers seen in practice.
"""

from __future__ import annotations

import struct

SNIFF_BYTES = 4096

ELF = "elf"
MACHO = "mach-o"
MACHO_UNIVERSAL = "mach-o-universal"
PE = "pe"
AR = "ar"
LLVM_BITCODE = "llvm-bitcode"

_MACHO_THIN = (b"\xfe\xed\xfa\xce", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe")


def sniff(prefix: bytes) -> str | None:
    """`elf`, `mach-o`, `mach-o-universal`, `pe`, `ar`, `llvm-bitcode`, or None.

    `CAFEBABE` is also the magic of Java class files, whose bytes 4-8 are a version of 45 or
    more: it is taken as a universal Mach-O only with fewer than 32 slices. `MZ` without a PE
    signature within the prefix (a DOS program, a truncated prefix) is None."""
    head = prefix[:4]
    if head == b"\x7fELF":
        return ELF
    if head in _MACHO_THIN:
        return MACHO
    if head in (b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf") and len(prefix) >= 8:
        (slices,) = struct.unpack(">I", prefix[4:8])
        return MACHO_UNIVERSAL if 0 < slices < 32 else None
    if prefix[:8] in (b"!<arch>\n", b"!<thin>\n"):
        return AR
    if head in (b"BC\xc0\xde", b"\xde\xc0\x17\x0b"):
        return LLVM_BITCODE
    if prefix[:2] == b"MZ" and len(prefix) >= 0x40:
        (offset,) = struct.unpack("<I", prefix[0x3C:0x40])
        if offset + 4 <= len(prefix) and prefix[offset : offset + 4] == b"PE\0\0":
            return PE
    return None
