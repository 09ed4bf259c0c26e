"""The bundled example: a small PBS-style full archive of CPython 3.11.9 for macOS arm64.

Its PYTHON.json is written from the facts in the PBS format description (format 7, the
extension and link layout of a 20240415 macOS build); member contents and license texts are
short stand-ins that say so. It exercises the common cases: static and system links, the
OpenSSL double annotation, public-domain SQLite and xz, unreferenced license files, pip.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import zstandard

from licscan.render import write_files

FILE_NAME = "cpython-3.11.9+20240415-aarch64-apple-darwin-pgo+lto-full.tar.zst"
MTIME = 1704067200  # PBS normalizes every member's mtime to 2024-01-01
STDLIB = "install/lib/python3.11"

# extension -> (links as (name, kind), licenses, license files, public domain)
_EXTENSIONS: dict[str, tuple[list[tuple[str, str]], list[str] | None, list[str], bool]] = {
    "_bz2": ([("bz2", "static")], ["bzip2-1.0.6"], ["bzip2"], False),
    "_ctypes": ([("dl", "system"), ("ffi", "static")], ["MIT"], ["libffi"], False),
    "_curses": ([("ncurses", "system")], ["X11"], ["ncurses"], False),
    "_dbm": ([], None, [], False),
    "_decimal": ([("mpdec", "static")], ["BSD-2-Clause"], ["mpdecimal"], False),
    "_elementtree": ([("expat", "static")], ["MIT"], ["expat"], False),
    "_hashlib": (
        [("crypto", "static")],
        ["Apache-2.0", "OpenSSL"],
        ["openssl-1.1", "openssl-3"],
        False,
    ),
    "_lzma": ([("lzma", "static")], [], ["liblzma"], True),
    "_scproxy": (
        [("CoreFoundation", "framework"), ("SystemConfiguration", "framework")],
        None,
        [],
        False,
    ),
    "_sqlite3": ([("sqlite3", "static")], [], ["sqlite"], True),
    "_ssl": (
        [("crypto", "static"), ("ssl", "static")],
        ["Apache-2.0", "OpenSSL"],
        ["openssl-1.1", "openssl-3"],
        False,
    ),
    "_tkinter": ([("tcl8.6", "static"), ("tk8.6", "static")], ["TCL"], ["tcl"], False),
    "_uuid": ([("uuid", "static")], ["BSD-3-Clause"], ["libuuid"], False),
    "math": ([("m", "system")], None, [], False),
    "pyexpat": ([("expat", "static")], ["MIT"], ["expat"], False),
    "readline": (
        [("edit", "system"), ("ncurses", "system")],
        ["BSD-3-Clause", "X11"],
        ["libedit", "ncurses"],
        False,
    ),
    "zlib": ([("z", "system")], ["Zlib"], ["zlib"], False),
}
_LICENSE_FILES = [
    "bdb",
    "bzip2",
    "cpython",
    "expat",
    "libX11",
    "libXau",
    "libedit",
    "libffi",
    "liblzma",
    "libuuid",
    "libxcb",
    "mpdecimal",
    "ncurses",
    "openssl-1.1",
    "openssl-3",
    "sqlite",
    "tcl",
    "tix",
    "zlib",
]


def _link(name: str, kind: str) -> dict[str, Any]:
    if kind == "static":
        return {"name": name, "path_static": f"build/lib/lib{name}.a"}
    return {"name": name, kind: True}


def python_json() -> dict[str, Any]:
    """The example's PYTHON.json (format 7, macOS arm64, CPython 3.11.9, pgo+lto)."""
    extensions: dict[str, Any] = {}
    for name, (links, licenses, files, public_domain) in _EXTENSIONS.items():
        entry: dict[str, Any] = {
            "in_core": False,
            "init_fn": f"PyInit_{name}",
            "links": [_link(n, k) for n, k in links],
            "objs": [f"build/Modules/{name.lstrip('_')}module.o"],
            "required": False,
            "variant": "default",
        }
        if licenses is not None:
            entry["licenses"] = licenses
            entry["license_paths"] = [f"licenses/LICENSE.{f}.txt" for f in files]
            entry["license_public_domain"] = public_domain
        extensions[name] = [entry]
    return {
        "apple_sdk_deployment_target": "11.0",
        "build_info": {
            "core": {
                "links": [
                    {"name": "dl", "system": True},
                    {"framework": True, "name": "CoreFoundation"},
                ],
                "objs": ["build/Objects/abstract.o", "build/Python/ceval.o"],
                "shared_lib": "install/lib/libpython3.11.dylib",
            },
            "extensions": extensions,
            "object_file_format": "llvm-bitcode:17.0.6",
        },
        "crt_features": ["libSystem"],
        "libpython_link_mode": "shared",
        "license_path": "licenses/LICENSE.cpython.txt",
        "licenses": ["Python-2.0", "CNRI-Python"],
        "optimizations": "pgo+lto",
        "python_paths": {"stdlib": STDLIB, "purelib": f"{STDLIB}/site-packages"},
        "python_platform_tag": "macosx-11.0-arm64",
        "python_tag": "cp311",
        "python_version": "3.11.9",
        "target_triple": "aarch64-apple-darwin",
        "tcl_library_path": "install/lib",
        "tcl_library_paths": ["itcl4.2.2", "tcl8", "tcl8.6", "thread2.8.7", "tk8.6"],
        "version": "7",
    }


def _stand_in(what: str) -> bytes:
    return (
        f"This file stands in for the real license text of {what}.\n"
        "licscan's bundled example carries no third-party license texts; the real\n"
        "python-build-standalone archive ships the full text here.\n"
    ).encode()


def members() -> dict[str, bytes]:
    """Every member of the example archive (names start with python/)."""
    files: dict[str, bytes] = {
        "python/PYTHON.json": json.dumps(python_json(), indent=4, sort_keys=True).encode()
    }
    static = sorted({n for links, *_ in _EXTENSIONS.values() for n, k in links if k == "static"})
    for name in static:
        files[f"python/build/lib/lib{name}.a"] = (
            f"!<arch>\nstand-in object code of lib{name}\n".encode()
        )
    files["python/build/lib/libcrypto.a"] += b"OpenSSL 3.0.13 30 Jan 2024\n"
    files["python/build/lib/libclang_rt.osx.a"] = b"!<arch>\nstand-in compiler runtime\n"
    files["python/install/bin/python3.11"] = b"stand-in for the python3.11 executable\n"
    files["python/install/lib/libpython3.11.dylib"] = b"stand-in for libpython3.11.dylib\n"
    files[f"python/{STDLIB}/LICENSE.txt"] = _stand_in("CPython (LICENSE.txt)")
    files[f"python/{STDLIB}/os.py"] = b"# stand-in for the standard library\n"
    dist_info = f"python/{STDLIB}/site-packages/pip-24.0.dist-info"
    files[f"{dist_info}/METADATA"] = (
        b"Metadata-Version: 2.1\nName: pip\nVersion: 24.0\nLicense: MIT\n"
        b"Classifier: License :: OSI Approved :: MIT License\n\n"
    )
    files[f"{dist_info}/LICENSE.txt"] = _stand_in("pip")
    for name in _LICENSE_FILES:
        files[f"python/licenses/LICENSE.{name}.txt"] = _stand_in(name)
    return files


def archive_bytes() -> bytes:
    """The example as a .tar.zst in PBS member order (PYTHON.json first, then sorted)."""
    files = members()
    order = ["python/PYTHON.json", *sorted(n for n in files if n != "python/PYTHON.json")]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in order:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), MTIME, 0o644
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(files[name]))
    return zstandard.ZstdCompressor(level=19).compress(raw.getvalue())


def write_example(output: Path) -> Path:
    """Write the example archive; a directory gets the archive under its PBS file name."""
    target = output / FILE_NAME if output.is_dir() else output
    write_files({target: archive_bytes()})
    return target
