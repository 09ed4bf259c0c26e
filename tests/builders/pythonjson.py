"""Synthetic PYTHON.json files of any PBS era (format versions 0-8, spec 2).

The top-level keys appear and disappear with the format version of the release; the
extensions come from `extensions.py` and carry the release's license annotations.
"""

from __future__ import annotations

from .extensions import unix_extensions, windows_extensions
from .shared import (
    JSON,
    component,
    cpython_version,
    format_version,
    minor_tuple,
    real_python_json,
)

TEST_PACKAGES = [
    "bsddb.test",
    "ctypes.test",
    "distutils.tests",
    "email.test",
    "idlelib.idle_test",
    "json.tests",
    "lib-tk.test",
    "lib2to3.tests",
    "sqlite3.test",
    "test",
    "tkinter.test",
    "unittest.test",
]
_MAGIC = {
    "3.7": "420d0d0a",
    "3.8": "550d0d0a",
    "3.9": "610d0d0a",
    "3.10": "6f0d0d0a",
    "3.11": "a70d0d0a",
    "3.12": "cb0d0d0a",
    "3.13": "f30d0d0a",
    "3.14": "2b0e0d0a",
}
_PATH_KEYS = ("data", "include", "platinclude", "platlib", "platstdlib", "purelib", "scripts")


def linux_python_json(
    python_version: str,
    release: str,
    *,
    triple: str = "x86_64-unknown-linux-gnu",
    format_version: str | None = None,
    build_options: str | None = None,
) -> JSON:
    """A Linux PYTHON.json as `release` wrote it, following the GPL timeline (spec 4.2).

    `python_version` is "3.9" (the release's 3.9.x, from release-components.json) or a
    full version."""
    default = "pgo+lto" if triple.startswith("x86_64") and "gnu" in triple else "lto"
    return _unix("linux", python_version, release, triple, format_version, build_options or default)


def macos_python_json(
    python_version: str,
    release: str,
    *,
    triple: str = "aarch64-apple-darwin",
    format_version: str | None = None,
    build_options: str | None = None,
) -> JSON:
    """A macOS PYTHON.json: libedit, system ncurses/zlib, `_dbm` via bdb before 20210228."""
    return _unix(
        "macos", python_version, release, triple, format_version, build_options or "pgo+lto"
    )


def windows_python_json(
    python_version: str,
    release: str,
    *,
    triple: str = "x86_64-pc-windows-msvc",
    format_version: str | None = None,
    build_options: str | None = None,
) -> JSON:
    """A Windows PYTHON.json modelled on the real 3.11.9 file: `license_public_domain`
    null for non-public-domain entries, in-core zlib without license keys."""
    version = cpython_version(python_version, release)
    minor = ".".join(version.split(".")[:2])
    fmt = format_version or _format(release, "windows")
    nodot = minor.replace(".", "")
    real = real_python_json("windows")
    build_info: JSON = {"core": real["build_info"]["core"], "extensions": {}}
    build_info["core"]["shared_lib"] = f"install/python{nodot}.dll"
    build_info["extensions"] = windows_extensions(minor, release, int(fmt))
    stdlib = "install/Lib"
    data: JSON = {
        "version": fmt,
        "python_version": version,
        "python_exe": "install/python.exe",
        "build_info": build_info,
    }
    paths = {key: real["python_paths"][key] for key in _PATH_KEYS} | {"stdlib": stdlib}
    suffix = f".cp{nodot}-win_amd64.pyd"
    _add_common(data, "windows", version, release, triple, int(fmt), build_options or "pgo")
    if int(fmt) >= 5:
        build_info.update(
            {k: real["build_info"][k] for k in real["build_info"] if k.startswith("inittab")}
        )
        build_info["object_file_format"] = "coff"
        data.update(
            python_abi_tag=None,
            python_platform_tag="win-amd64",
            python_paths=paths,
            python_suffixes={
                "bytecode": [".pyc"],
                "debug_bytecode": [".pyc"],
                "extension": [suffix, ".pyd"],
                "optimized_bytecode": [".pyc"],
                "source": [".py", ".pyw"],
            },
            python_symbol_visibility="dllexport",
            libpython_link_mode="shared",
            crt_features=["vcruntime:140"],
            tcl_library_path="install/tcl",
            tcl_library_paths=real["tcl_library_paths"],
        )
    if int(fmt) >= 6:
        data["python_paths_abstract"] = real["python_paths_abstract"]
        data["python_config_vars"] = {"EXE": ".exe", "EXT_SUFFIX": suffix, "VERSION": nodot}
    return data


def _format(release: str, platform: str) -> str:
    return format_version(release, platform)


def _unix(
    platform: str,
    python_version: str,
    release: str,
    triple: str,
    fmt_override: str | None,
    options: str,
) -> JSON:
    version = cpython_version(python_version, release)
    minor = ".".join(version.split(".")[:2])
    fmt = int(fmt_override or _format(release, platform))
    abiflags = ("m" if minor == "3.7" else "") + ("t" if "freethreaded" in options else "")
    arch = triple.split("-")[0]
    if platform == "linux":
        norm = {"i686": "i386", "armv7": "arm"}.get(arch, arch.split("_v")[0])
        multiarch = f"{norm}-linux-{'musl' if 'musl' in triple else 'gnu'}"
        ext_suffix = f".cpython-{minor.replace('.', '')}{abiflags}-{multiarch}.so"
        platform_tag = f"linux-{arch.split('_v')[0]}"
        shared = "static" not in options and "musl" not in triple
        libpython = f"install/lib/libpython{minor}{abiflags}.so.1.0"
        crt = ["static"] if "musl" in triple else ["glibc-dynamic", "glibc-max-symbol-version:2.17"]
    else:
        multiarch = "darwin"
        ext_suffix = f".cpython-{minor.replace('.', '')}{abiflags}-darwin.so"
        platform_tag = "macosx-11.0-arm64" if arch == "aarch64" else "macosx-10.9-x86_64"
        shared, libpython, crt = (
            True,
            f"install/lib/libpython{minor}{abiflags}.dylib",
            ["libSystem"],
        )
    real = real_python_json("macos")
    stdlib = f"install/lib/python{minor}{'t' if 't' in abiflags else ''}"
    config = f"{stdlib}/config-{minor}{abiflags}-{multiarch}"
    core: JSON = {"objs": real["build_info"]["core"]["objs"], "links": _core_links(platform, minor)}
    if fmt >= 4:
        core["static_lib"] = f"{config}/libpython{minor}{abiflags}.a"
        if shared:
            core["shared_lib"] = libpython
    build_info: JSON = {
        "core": core,
        "extensions": unix_extensions(
            minor, release, fmt, platform=platform, triple=triple, ext_suffix=ext_suffix
        ),
    }
    data: JSON = {
        "version": str(fmt),
        "python_version": version,
        "python_exe": f"install/bin/python{minor}",
        "build_info": build_info,
    }
    _add_common(data, platform, version, release, triple, fmt, options)
    has_tk = "_tkinter" in build_info["extensions"]
    if fmt >= 3 and has_tk:
        data["tcl_library_path"] = "install/lib"
    if fmt >= 4:
        data["link_mode" if fmt == 4 else "libpython_link_mode"] = "shared" if shared else "static"
    if fmt >= 5:
        build_info.update(
            inittab_object="build/Modules/config.o",
            inittab_source="build/Modules/config.c",
            inittab_cflags=["-std=c99", "-DNDEBUG", "-DPy_BUILD_CORE"],
            object_file_format=_object_format(platform, release, options),
        )
        paths = {k: real["python_paths"][k].replace("3.11", minor) for k in _PATH_KEYS}
        paths["stdlib"] = stdlib
        data.update(
            python_abi_tag=abiflags,
            python_platform_tag=platform_tag,
            python_paths=paths,
            python_stdlib_platform_config=config,
            python_suffixes={
                "bytecode": [".pyc"],
                "debug_bytecode": [".pyc"],
                "extension": [ext_suffix, ".abi3.so", ".so"],
                "optimized_bytecode": [".pyc"],
                "source": [".py"],
            },
            python_symbol_visibility="global-default",
            crt_features=crt,
        )
        if has_tk:
            data["tcl_library_paths"] = ["itcl4.2.2", "tcl8", "tcl8.6", "thread2.8.7", "tk8.6"]
    if fmt >= 6:
        abstract = real["python_paths_abstract"]
        data["python_paths_abstract"] = abstract
        data["python_config_vars"] = {
            "ABIFLAGS": abiflags,
            "EXT_SUFFIX": ext_suffix,
            "LIBDIR": "/install/lib",
            "MULTIARCH": multiarch,
            "Py_ENABLE_SHARED": "1" if shared else "0",
            "VERSION": minor,
            "prefix": "/install",
        }
    if fmt >= 7 and platform == "macos":
        data.update({k: v for k, v in real.items() if k.startswith("apple_sdk_")})
    return data


def _core_links(platform: str, minor: str) -> list[JSON]:
    if platform == "macos":
        return [{"name": "dl", "system": True}, {"framework": True, "name": "CoreFoundation"}]
    names = ["dl", "m", "pthread", "rt", "util"] + (
        ["crypt"] if minor_tuple(minor) <= (3, 12) else []
    )
    return [{"name": n, "system": True} for n in sorted(names)]


def _object_format(platform: str, release: str, options: str) -> str:
    """`object_file_format`; Linux LTO builds have the literal `%` since 20230116 (spec 2.4)."""
    if "lto" not in options:
        return "elf" if platform == "linux" else "mach-o"
    llvm = component(release, f"llvm-x86_64-{platform}") or component(release, "clang") or {}
    version = str(llvm.get("version", "14.0.3"))
    if platform == "linux" and release >= "20230116":
        return f"llvm-bitcode:%{version}"
    return f"llvm-bitcode:{version}"


def _add_common(
    data: JSON, platform: str, version: str, release: str, triple: str, fmt: int, options: str
) -> None:
    """Keys shared by every OS, by format version (spec 2.2)."""
    minor = ".".join(version.split(".")[:2])
    if fmt < 5:
        data.update(
            os={"linux": "linux", "macos": "macos", "windows": "windows"}[platform],
            arch=triple.split("-")[0],
            python_flavor="cpython",
            python_include=f"install/include/python{minor}{'m' if minor == '3.7' else ''}",
            python_stdlib="install/Lib" if platform == "windows" else f"install/lib/python{minor}",
        )
    if fmt >= 2:
        cpython = component(release, f"cpython-{minor}") or {
            "licenses": ["Python-2.0", "CNRI-Python"],
            "license_file": "LICENSE.cpython.txt",
        }
        data["licenses"] = cpython["licenses"]
        data["license_path"] = f"licenses/{cpython['license_file']}"
    if fmt >= 4:
        data["python_stdlib_test_packages"] = list(TEST_PACKAGES)
    if fmt >= 5:
        nodot = minor.replace(".", "")
        data.update(
            target_triple=triple,
            optimizations=options.replace("freethreaded+", "")
            if platform != "windows"
            else options,
            python_tag=f"cp{nodot}",
            python_bytecode_magic_number=_MAGIC.get(minor, "00000d0a"),
            python_extension_module_loading=["builtin", "shared-library"],
            python_implementation_cache_tag=f"cpython-{nodot}",
            python_implementation_hex_version=_hex_version(version),
            python_implementation_name="cpython",
            python_implementation_version=_version_parts(version),
            python_major_minor_version=minor,
            run_tests="build/run_tests.py",
        )
    if fmt >= 8:
        data["build_options"] = options


def _version_parts(version: str) -> list[str]:
    """ "3.15.0rc1" -> ["3", "15", "0", "candidate", "1"] (sys.version_info order)."""
    major, minor, rest = version.split(".", 2)
    for tag, level in (("rc", "candidate"), ("b", "beta"), ("a", "alpha")):
        if tag in rest:
            micro, serial = rest.split(tag)
            return [major, minor, micro, level, serial]
    return [major, minor, rest, "final", "0"]


def _hex_version(version: str) -> int:
    major, minor, micro, level, serial = _version_parts(version)
    levels: dict[str, int] = {"alpha": 0xA, "beta": 0xB, "candidate": 0xC, "final": 0xF}
    return (
        (int(major) << 24)
        | (int(minor) << 16)
        | (int(micro) << 8)
        | (levels[level] << 4)
        | int(serial)
    )
