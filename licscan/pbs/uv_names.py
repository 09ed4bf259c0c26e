"""uv's installation keys: the folder names `uv python install` unpacks PBS builds into.

`cpython-3.12.7-linux-x86_64-gnu`, `cpython-3.13.1+freethreaded-macos-aarch64-none`,
`cpython-3.11.9-windows-x86_64-none`: implementation, version with `+variants`, os, arch, libc.
uv installs the `install_only_stripped` asset (plain `install_only` before 20240725).
"""

from __future__ import annotations

import re

from licscan.model import AssetName

_KEY = re.compile(
    r"(?P<impl>cpython)-(?P<version>3\.\d+\.\d+(?:(?:a|b|rc)\d+)?)(?P<variants>(?:\+[a-z]+)*)"
    r"-(?P<os>linux|macos|windows)-(?P<arch>[a-z0-9_]+)-(?P<libc>gnu|gnueabi|gnueabihf|musl|none)"
)
_WINDOWS_ARCH = {"x86_64": "x86_64", "x86": "i686", "i686": "i686", "aarch64": "aarch64"}
_LINUX_ARCH = {"x86": "i686", "armv7": "armv7"}


def parse_uv_key(name: str) -> AssetName | None:
    """What a uv installation folder's name says, or None when it is not one."""
    base = re.split(r"[/\\]", name.rstrip("/\\"))[-1]
    match = _KEY.fullmatch(base)
    if match is None:
        return None
    os_name, arch, libc = match.group("os"), match.group("arch"), match.group("libc")
    if os_name == "macos":
        triple = f"{arch}-apple-darwin"
    elif os_name == "windows":
        if arch not in _WINDOWS_ARCH:
            return None
        triple = f"{_WINDOWS_ARCH[arch]}-pc-windows-msvc"
    else:
        triple = f"{_LINUX_ARCH.get(arch, arch)}-unknown-linux-{libc}"
    variants = [v for v in match.group("variants").split("+") if v]
    return AssetName(
        file_name=base,
        python_version=match.group("version"),
        triple=triple,
        build_options="+".join(variants) or None,
        flavor="install_only_stripped",
        release=None,
        freethreaded="freethreaded" in variants,
    )
