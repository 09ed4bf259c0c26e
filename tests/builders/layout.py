"""Member layouts with small stand-in contents.

`full_archive_spec`: a real 3.11.9 archive (every member of the listing). `synthetic_full_spec`:
a plausible archive for any era, derived from a PYTHON.json. Contents are short deterministic
stand-ins, except PYTHON.json, license texts and the CPython LICENSE.txt (real bytes),
dist-info METADATA (parseable) and libcrypto (carries an OpenSSL version string).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import PurePosixPath

from .archive import ArchiveSpec
from .shared import (
    JSON,
    REAL_RELEASES,
    Platform,
    component,
    install_license,
    license_texts,
    linked_openssl,
    minor_tuple,
    real_listing_sizes,
    real_python_json_bytes,
    saved_license_texts,
)

# Added by the repository the real archives were vendored from, not by PBS (spec 1.1).
VENDOR_ADDITIONS = (
    "python/.gdignore",
    "python/install/requirements.txt",
    "python/install/bin/requirements.txt",
)
# Listing members whose size is exactly the length of their target: symlinks.
REAL_SYMLINKS: dict[str, dict[str, str]] = {
    "macos": {
        "python/install/bin/2to3": "2to3-3.11",
        "python/install/bin/idle3": "idle3.11",
        "python/install/bin/pydoc3": "pydoc3.11",
        "python/install/bin/python": "python3.11",
        "python/install/bin/python3": "python3.11",
        "python/install/bin/python3-config": "python3.11-config",
        "python/install/lib/libpython3.11.a": "python3.11/config-3.11-darwin/libpython3.11.a",
    },
    "windows": {},
}
_OPENSSL_DATES = {
    "1.1.1i": " 8 Dec 2020",
    "1.1.1s": " 1 Nov 2022",
    "1.1.1w": "11 Sep 2023",
    "3.0.13": "30 Jan 2024",
    "3.0.14": "4 Jun 2024",
}
_INSTALL_LICENSE = re.compile(r"python/install/(lib/python3\.\d+t?/)?LICENSE\.txt")


def openssl_banner(version: str, release: str) -> str:
    """`OpenSSL 3.0.13 30 Jan 2024`, as compiled into libcrypto (date: known or the release's)."""
    when = _OPENSSL_DATES.get(version)
    if when is None:
        day = date(int(release[:4]), int(release[4:6]), int(release[6:]))
        when = f"{day.day} {day:%b %Y}"
    return f"OpenSSL {version} {when}"


def dist_metadata(project: str, version: str, license_field: str = "MIT") -> bytes:
    return (
        f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n"
        f"Summary: stand-in metadata for {project}\nLicense: {license_field}\n"
        "Classifier: License :: OSI Approved :: MIT License\n\n"
    ).encode()


def mit_text(holder: str) -> bytes:
    return (
        f"Copyright (c) {holder} developers\n\nPermission is hereby granted, free of charge, to "
        "any person obtaining a copy of this software ... (MIT License, abridged stand-in)\n"
    ).encode()


def stand_in(name: str, *, banner: str | None = None) -> bytes:
    """Deterministic content for a member; `banner` is the OpenSSL string libcrypto carries."""
    path = PurePosixPath(name)
    if path.parent.name.endswith(".dist-info"):
        project, _, version = path.parent.name[: -len(".dist-info")].rpartition("-")
        if path.name == "METADATA":
            return dist_metadata(project, version)
        if path.name.startswith(("LICENSE", "COPYING")):
            return mit_text(project)
    if _INSTALL_LICENSE.fullmatch(name):
        return install_license("windows" if name == "python/install/LICENSE.txt" else "macos")
    if banner and path.name.startswith("libcrypto") and path.suffix in (".a", ".lib", ".dll"):
        return f"stand-in for {name}\n\0{banner}\0\n".encode()
    return f"stand-in for {name}\n".encode()


def _finish(
    spec: ArchiveSpec, extra: Mapping[str, bytes] | None, drop: Iterable[str]
) -> ArchiveSpec:
    """Add or replace `extra` members; `drop` exact names, or prefixes ending in `/`."""
    spec.members.update(extra or {})
    for pattern in drop:
        for table in (spec.members, spec.symlinks):
            for name in [n for n in table if _dropped(n, pattern)]:
                del table[name]
    return spec


def _dropped(name: str, pattern: str) -> bool:
    return name == pattern or (pattern.endswith("/") and name.startswith(pattern))


def listed_license_texts(platform: Platform) -> dict[str, bytes]:
    """The real archive's `python/licenses/` texts: the saved text whose size the listing shows."""
    texts: dict[str, bytes] = {}
    for path, size in real_listing_sizes(platform).items():
        if path.startswith("python/licenses/"):
            name = path.rsplit("/", 1)[1]
            candidates = [t[name] for t in saved_license_texts().values() if name in t]
            texts[name] = next((t for t in candidates if len(t) == size), candidates[0])
    return texts


def full_archive_spec(
    platform: Platform,
    *,
    licenses_release: str | None = None,
    python_json: JSON | bytes | None = None,
    extra_members: Mapping[str, bytes] | None = None,
    drop: Iterable[str] = (),
    vendor_files: bool = False,
) -> ArchiveSpec:
    """The real 3.11.9 full archive: every listed member (stand-in contents, real symlinks),
    the real PYTHON.json bytes (or `python_json`), and `python/licenses/` as listed (or the
    texts of `licenses_release`). `vendor_files` keeps the vendoring repo's additions."""
    release = REAL_RELEASES[platform]
    banner = openssl_banner(linked_openssl(release, "3.11", platform) or "3", release)
    links = REAL_SYMLINKS[platform]
    members: dict[str, bytes] = {}
    for name in real_listing_sizes(platform):
        skip = name == "python/PYTHON.json" or name.startswith("python/licenses/") or name in links
        if not skip and (vendor_files or name not in VENDOR_ADDITIONS):
            members[name] = stand_in(name, banner=banner)
    texts = (
        listed_license_texts(platform)
        if licenses_release is None
        else license_texts(licenses_release)
    )
    members.update({f"python/licenses/{n}": t for n, t in texts.items()})
    raw = real_python_json_bytes(platform) if python_json is None else python_json
    return _finish(ArchiveSpec(raw, members, dict(links)), extra_members, drop)


def platform_of(info: JSON) -> str:
    """The OS family ("linux", "macos", "windows") from `target_triple` or `os`."""
    where = str(info.get("target_triple") or info.get("os") or "")
    if "windows" in where:
        return "windows"
    return "macos" if "apple" in where or "macos" in where else "linux"


def synthetic_full_spec(
    python_json: JSON,
    *,
    release: str,
    extra_members: Mapping[str, bytes] | None = None,
    drop: Iterable[str] = (),
) -> ArchiveSpec:
    """A plausible full archive for `python_json` as `release` built it: the installation,
    every file the JSON names (objects, static libs, DLLs, lib-dynload modules), pip (and
    setuptools up to 3.11) dist-info, and `python/licenses/` of the release."""
    platform = platform_of(python_json)
    version: str = python_json["python_version"]
    minor = ".".join(version.split(".")[:2])
    openssl_version = linked_openssl(release, minor, platform)
    banner = openssl_banner(openssl_version, release) if openssl_version else None
    members: dict[str, bytes | None] = {}  # None: a stand-in
    symlinks: dict[str, str] = {}
    if platform == "windows":
        stdlib, purelib = "install/Lib", "install/Lib/site-packages"
        _windows_install(members, minor, version)
    else:
        stdlib = f"install/lib/python{minor}"
        purelib = python_json.get("python_paths", {}).get("purelib", f"{stdlib}/site-packages")
        symlinks = _unix_install(members, python_json, minor, platform)
    for rel in ("os.py", "json/__init__.py", "test/__init__.py", "test/test_os.py"):
        members[f"{stdlib}/{rel}"] = None
    if platform != "windows":  # Windows has it at install/LICENSE.txt
        members[f"{stdlib}/LICENSE.txt"] = None
    members.update(dict.fromkeys(["build/run_tests.py", _inittab(platform)]))
    _declared_files(members, python_json, platform, openssl_version)
    _site_packages(members, purelib, release, minor)
    tcl = python_json.get("tcl_library_path")
    if tcl:
        members.update(dict.fromkeys([f"{tcl}/tcl8.6/init.tcl", f"{tcl}/tk8.6/license.terms"]))
    files = {
        f"python/{n}": c if c is not None else stand_in(f"python/{n}", banner=banner)
        for n, c in members.items()
    }
    texts = license_texts(release)
    files.update({f"python/licenses/{n}": t for n, t in texts.items()})
    if release < "20190617":  # formats 0/1 shipped one LICENSE.rst instead (spec 3.1)
        files["python/LICENSE.rst"] = b"stand-in for python/LICENSE.rst (python-licenses.rst)\n"
    spec = ArchiveSpec(python_json, files, {f"python/{n}": t for n, t in symlinks.items()})
    return _finish(spec, extra_members, drop)


def _unix_install(
    members: dict[str, bytes | None], info: JSON, minor: str, platform: str
) -> dict[str, str]:
    """Interpreter, headers and build scripts of a Unix build; returns its symlinks."""
    exe = info["python_exe"]
    names = [exe, f"{exe}-config", f"install/include/python{minor}/Python.h"]
    names += ["build/Modules/Setup.local", "build/Modules/config.c.in"]
    if platform == "macos":
        names.append("build/lib/libclang_rt.osx.a")
    if "static_lib" not in info["build_info"]["core"]:  # format < 4
        names.append(f"install/lib/libpython{minor}{'m' if minor == '3.7' else ''}.a")
    members.update(dict.fromkeys(names))
    members[f"install/include/python{minor}/patchlevel.h"] = patchlevel(info["python_version"])
    if info.get("version", "0") >= "5":  # sysconfigdata layout of the 2020+ builds
        suffix = "darwin_darwin" if platform == "macos" else "linux_x86_64-linux-gnu"
        name = f"_sysconfigdata__{suffix}"
        members[f"install/lib/python{minor}/{name}.py"] = sysconfigdata(info, platform)
    target = PurePosixPath(exe).name
    return {"install/bin/python3": target, "install/bin/python": target}


def patchlevel(python_version: str) -> bytes:
    """The version lines of CPython's Include/patchlevel.h for `python_version`."""
    return f'/* Version as a string */\n#define PY_VERSION      \t"{python_version}"\n'.encode()


def sysconfigdata(info: JSON, platform: str) -> bytes:
    """A `_sysconfigdata_*.py` as CPython writes it, with the variables PBS builds set:
    MODLIBS lists the libraries the built-in (default variant) modules link statically."""
    libs: list[str] = []
    for variants in info["build_info"]["extensions"].values():
        for variant in variants:
            if variant.get("variant", "default") != "default" or variant.get("shared_lib"):
                continue
            for link in variant.get("links", []):
                flag = f"-l{link['name']}"
                if not link.get("system") and not link.get("framework") and flag not in libs:
                    libs.append(flag)
    editline = "-ledit" in libs
    host = "aarch64-apple-darwin20.0.0" if platform == "macos" else "x86_64-pc-linux-gnu"
    config_args = "'--prefix=/install' '--with-openssl=/tools/deps' '--with-system-expat'"
    if editline:
        config_args += " '--with-readline=editline'"
    variables = {
        "CONFIG_ARGS": config_args,
        "HOST_GNU_TYPE": host,
        "MULTIARCH": "darwin" if platform == "macos" else "x86_64-linux-gnu",
        "MODLIBS": " ".join(libs),
        "VERSION": ".".join(info["python_version"].split(".")[:2]),
    }
    body = ",\n ".join(f"{k!r}: {v!r}" for k, v in variables.items())
    header = "# system configuration generated and used by the sysconfig module\n"
    return f"{header}build_time_vars = {{{body}}}\n".encode()


def _inittab(platform: str) -> str:
    return "build/core/config.c" if platform == "windows" else "build/Modules/config.c"


def _windows_install(members: dict[str, bytes | None], minor: str, python_version: str) -> None:
    nodot = minor.replace(".", "")
    names = [
        "python.exe",
        "pythonw.exe",
        "python3.dll",
        f"python{nodot}.dll",
        "vcruntime140.dll",
        "vcruntime140_1.dll",
        "LICENSE.txt",
        "include/Python.h",
        f"libs/python{nodot}.lib",
    ]
    members.update(dict.fromkeys(f"install/{n}" for n in names))
    members["install/include/patchlevel.h"] = patchlevel(python_version)
    members.update(
        dict.fromkeys(
            [f"build/core/python{nodot}.lib", "build/lib/libssl.lib", "build/lib/libcrypto.lib"]
        )
    )


def _windows_dll(path: str, openssl: str | None) -> str:
    """The DLL the archive really has: `path_dynamic` keeps saying 1.1 (spec 2.6)."""
    stem = PurePosixPath(path).stem
    if openssl and openssl.startswith("3") and stem.startswith(("libcrypto-1_1", "libssl-1_1")):
        return path.replace("-1_1", "-3")
    return path


def _declared_files(
    members: dict[str, bytes | None], info: JSON, platform: str, openssl: str | None
) -> None:
    """Every path PYTHON.json declares: core libs and objects, extension files, link libraries."""
    build_info = info.get("build_info", {})
    core = build_info.get("core", {})
    for key in ("static_lib", "shared_lib"):
        if core.get(key):
            members[core[key]] = None
    members.update(dict.fromkeys(core.get("objs", [])))
    for extension, variants in build_info.get("extensions", {}).items():
        for variant in variants:
            members.update(dict.fromkeys(variant.get("objs", [])))
            for key in ("static_lib", "shared_lib"):
                if variant.get(key):
                    members[variant[key]] = None
            if variant.get("variant", "default") != "default":
                members[f"build/Modules/VARIANT-{extension}-{variant['variant']}.data"] = None
            for link in variant.get("links", []):
                if link.get("path_static"):
                    members[link["path_static"]] = None
                if link.get("path_dynamic"):
                    members[_windows_dll(link["path_dynamic"], openssl)] = None


def _site_packages(
    members: dict[str, bytes | None], purelib: str, release: str, minor: str
) -> None:
    """pip (and setuptools up to 3.11) as PBS installs them, versions from the release."""
    projects = ["pip"] + (["setuptools"] if minor_tuple(minor) <= (3, 11) else [])
    for project in projects:
        entry = component(release, project)
        if entry is None:
            continue
        info = f"{purelib}/{project}-{entry['version']}.dist-info"
        license_file = "LICENSE.txt" if project == "pip" else "LICENSE"
        names = ["METADATA", license_file, "RECORD", "WHEEL", "INSTALLER"]
        members.update(
            dict.fromkeys([f"{info}/{n}" for n in names] + [f"{purelib}/{project}/__init__.py"])
        )
