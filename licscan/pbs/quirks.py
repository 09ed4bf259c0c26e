"""Known errors and blind spots of PBS metadata, as facts (pbs-spec.md sections 2.5, 2.6, 7.6).

`licscan.inventory.corrections` applies them to an inventory; a new PBS metadata error
adds its facts here and its correction there.
"""

from __future__ import annotations

import re

# Unix builds link OpenSSL 3 (only) from this release on, yet `_ssl`/`_hashlib` keep declaring
# OpenSSL 1.1 as well; before it the catalog key "openssl" is OpenSSL 1.1.
OPENSSL_3_RELEASE = "20231002"

# Windows names OpenSSL's DLL by its major version: libcrypto-1_1-x64.dll, libcrypto-3.dll.
_OPENSSL_DLL = re.compile(r"(?:^|/)libcrypto-(\d+)(?:_(\d+))?(?:-[a-z0-9]+)?\.dll$")

# zlib's objects in a Windows core (`in_core` zlib carries no license keys).
WINDOWS_ZLIB_OBJS = ("adler32.obj", "deflate.obj", "inflate.obj", "crc32.obj", "zutil.obj")


def openssl_major_by_release(
    triple: str | None, python_version: str | None, window: tuple[str, str] | None
) -> str | None:
    """ "3" or "1.1" as PBS's build scripts link it for this platform and release window (the
    whole window must agree), or None when they do not tell (pbs-spec.md, OpenSSL table)."""
    if window is None or not triple:
        return None
    first, last = window
    if last < OPENSSL_3_RELEASE:
        return "1.1"
    if first < OPENSSL_3_RELEASE:
        return None
    if "windows" not in triple:
        return "3"
    minor = tuple(int(p) for p in (python_version or "0.0").split(".")[:2] if p.isdigit())
    if len(minor) != 2:
        return None
    return "1.1" if minor < (3, 11) else "3"


def openssl_major_of_dll(member: str) -> str | None:
    """ "3" or "1.1" when `member` is a Windows libcrypto DLL, else None."""
    match = _OPENSSL_DLL.search(member)
    if match is None:
        return None
    return match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
