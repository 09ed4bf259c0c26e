"""The first bytes of an executable (ELF, Mach-O, PE): shared by the archive reader, which names
one given where an archive was expected (stdin), and the reader of embedded distributions."""

from __future__ import annotations

_EXECUTABLES = (
    (b"\x7fELF", "ELF"),
    (b"\xfe\xed\xfa\xce", "Mach-O"),
    (b"\xfe\xed\xfa\xcf", "Mach-O"),
    (b"\xce\xfa\xed\xfe", "Mach-O"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal"),
    (b"MZ", "PE"),
)


def executable_format(head: bytes) -> str | None:
    """ "ELF", "Mach-O", "PE"... when `head` starts an executable, else None."""
    for magic, kind in _EXECUTABLES:
        if head.startswith(magic):
            if kind == "PE":  # MZ, then "PE\0\0" where e_lfanew points
                at = int.from_bytes(head[0x3C:0x40], "little") if len(head) >= 0x40 else -1
                return kind if head[at : at + 4] == b"PE\0\0" else None
            return kind
    return None
