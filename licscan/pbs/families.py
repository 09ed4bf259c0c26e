"""Which PBS component each code fingerprint (data/fingerprints.json) stands for.

A fingerprint id names a library family as its code shows it ("gnu-readline", "berkeley-db");
a component key names it as PBS's catalog and PYTHON.json do ("readline", "bdb"). Some families
have two homes: CPython's bundled expat and libmpdec on Windows, OpenSSL 1.1's catalog key
before 20231002 ("openssl").
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# family -> component keys that may describe it, the usual one first
HOMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "cpython": ("cpython",),
        "openssl-1.1": ("openssl-1.1", "openssl"),
        "openssl-3": ("openssl-3",),
        "libressl": ("libressl",),
        "sqlite": ("sqlite",),
        "zlib": ("zlib",),
        "zlib-ng": ("zlib-ng",),
        "bzip2": ("bzip2",),
        "xz": ("xz",),
        "libffi": ("libffi",),
        "expat": ("expat", "cpython/expat"),
        "mpdecimal": ("mpdecimal", "cpython/libmpdec"),
        "ncurses": ("ncurses",),
        "gnu-readline": ("readline",),
        "libedit": ("libedit",),
        "gdbm": ("gdbm",),
        "berkeley-db": ("bdb",),
        "tcl": ("tcl",),
        "tk": ("tk",),
        "tix": ("tix",),
        "libuuid": ("uuid",),
        "libx11": ("libX11",),
        "libxau": ("libXau",),
        "libxcb": ("libxcb",),
        "zstd": ("zstd",),
        "musl": ("musl",),
        "gettext-libintl": ("gettext",),
        "msvc-runtime": ("vcruntime",),
    }
)

# Families whose code the fingerprints find in any build PBS makes (verified on stripped static
# links), so finding none in the binaries that should hold it means something. Left out: libffi
# (code needles for x86-64 and aarch64 only, verified on stripped static ELF links of both;
# Mach-O unverified, no needle for armv7, i686, ppc64le, s390x, riscv64), Tix (Tcl scripts),
# the X11 libraries and musl.
RELIABLE = frozenset(
    {
        "openssl-1.1",
        "openssl-3",
        "sqlite",
        "zlib",
        "bzip2",
        "xz",
        "expat",
        "mpdecimal",
        "ncurses",
        "gnu-readline",
        "libedit",
        "gdbm",
        "berkeley-db",
        "tcl",
        "tk",
        "libuuid",
        "zstd",
    }
)

# Families that stand in for each other: finding one where the other is declared contradicts it.
RIVALS: Mapping[str, str] = MappingProxyType(
    {
        "gnu-readline": "libedit",
        "libedit": "gnu-readline",
        "openssl-1.1": "openssl-3",
        "openssl-3": "openssl-1.1",
        "zlib": "zlib-ng",
        "zlib-ng": "zlib",
    }
)


def families_of(component_key: str) -> tuple[str, ...]:
    """The fingerprint families a component key stands for."""
    return tuple(sorted(f for f, keys in HOMES.items() if component_key in keys))
