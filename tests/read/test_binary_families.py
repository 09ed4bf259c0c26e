"""Library families recognised in REAL binaries (Debian 12 packages, PyPI wheels, static links)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.read.binaries import (
    APSW_MAC,
    APSW_WIN,
    CRYPTO_MAC,
    CRYPTO_WIN,
    DYNLOAD,
    FP_BY_ID,
    LIBEDIT_SO,
    MSVC,
    READLINE_SO,
    ZLIB_NG_WIN,
    facts_of,
    families,
    lib,
    manifest_of,
    upstream,
)


def _version(testbins: Path, pkg: str) -> str:
    return upstream(manifest_of(testbins)["packages"][pkg]["version"])


@pytest.mark.parametrize(
    "rel", ["bin/readline-static", "bin/readline-static.stripped", READLINE_SO]
)
def test_gnu_readline_with_its_version(testbins: Path, rel: str) -> None:
    found = families(testbins / rel)
    readline = found["gnu-readline"]
    assert readline.version == _version(testbins, "libreadline8")
    assert FP_BY_ID["gnu-readline"].license_for(readline.version) == "GPL-3.0-or-later"
    assert any(e.startswith("string ") for e in readline.evidence)
    assert "libedit" not in found


def test_gnu_readline_evidence_in_words(testbins: Path) -> None:
    evidence = families(testbins / READLINE_SO)["gnu-readline"].evidence
    assert 'string "~/.inputrc"' in evidence
    assert "symbol rl_macro_dumper" in evidence
    assert any(e.startswith("version string ") and "8.2" in e for e in evidence)


@pytest.mark.parametrize("rel", ["bin/editline-static", "bin/editline-static.stripped", LIBEDIT_SO])
def test_libedit_and_not_readline(testbins: Path, rel: str) -> None:
    found = families(testbins / rel)
    assert "libedit" in found
    assert "gnu-readline" not in found  # libedit exports rl_* names and "EditLine wrapper"


def test_cpython_readline_module_is_neither(testbins: Path) -> None:
    """readline.c has 'using GNU readline.', 'using libedit readline.' and 'EditLine wrapper'."""
    path = testbins / DYNLOAD / "readline.cpython-311-x86_64-linux-gnu.so"
    data = path.read_bytes()
    assert b"GNU readline" in data and b"EditLine wrapper" in data  # the trap is real
    facts = facts_of(path)
    assert facts.match("gnu-readline") is None and facts.match("libedit") is None
    assert any(n.startswith("libreadline.so") for n in facts.needed)  # it only links readline


@pytest.mark.parametrize(
    "rel", ["bin/gdbm-static", "bin/gdbm-static.stripped", lib("libgdbm6", "libgdbm.so.6.0.0")]
)
def test_gdbm(testbins: Path, rel: str) -> None:
    gdbm = families(testbins / rel)["gdbm"]
    assert gdbm.version == _version(testbins, "libgdbm6")
    assert f'version string "GDBM version {gdbm.version}' in " ".join(gdbm.evidence)


def test_cpython_gdbm_module_only_links_gdbm(testbins: Path) -> None:
    rel = "root/python3-gdbm/usr/lib/python3.11/lib-dynload/_gdbm.cpython-311-x86_64-linux-gnu.so"
    facts = facts_of(testbins / rel)
    assert facts.match("gdbm") is None
    assert "libgdbm.so.6" in facts.needed


@pytest.mark.parametrize(
    "rel",
    ["bin/sqlite-static", "bin/sqlite-static.stripped", lib("libsqlite3-0", "libsqlite3.so.0.8.6")],
)
def test_sqlite_version_equals_debian(testbins: Path, rel: str) -> None:
    sqlite = families(testbins / rel)["sqlite"]
    assert sqlite.version == _version(testbins, "libsqlite3-0")
    assert f'bare version "{sqlite.version}"' in sqlite.evidence


@pytest.mark.parametrize("rel", [APSW_MAC, APSW_WIN])
def test_sqlite_in_macos_and_windows_wheels(testbins: Path, rel: str) -> None:
    assert families(testbins / rel)["sqlite"].version == "3.50.4"  # apsw 3.50.4.0


def test_cpython_sqlite_module_only_links_sqlite(testbins: Path) -> None:
    facts = facts_of(testbins / DYNLOAD / "_sqlite3.cpython-311-x86_64-linux-gnu.so")
    assert facts.match("sqlite") is None
    assert "libsqlite3.so.0" in facts.needed


@pytest.mark.parametrize(
    "rel", ["bin/openssl-static", "bin/openssl-static.stripped", lib("libssl3", "libcrypto.so.3")]
)
def test_openssl3_debian(testbins: Path, rel: str) -> None:
    found = families(testbins / rel)
    assert "openssl-1.1" not in found
    assert found["openssl-3"].version == _version(testbins, "libssl3")
    assert FP_BY_ID["openssl-3"].license_for(found["openssl-3"].version) == "Apache-2.0"


@pytest.mark.parametrize("rel", [CRYPTO_MAC, CRYPTO_WIN])
def test_openssl_major_in_wheels(testbins: Path, rel: str) -> None:
    found = families(testbins / rel)
    assert "openssl-1.1" not in found
    assert (found["openssl-3"].version or "").startswith("3.")


def test_libssl_alone_is_openssl_of_unknown_major(testbins: Path) -> None:
    found = families(testbins / lib("libssl3", "libssl.so.3"))
    for family in ("openssl-3", "openssl-1.1"):
        assert found[family].version is None
        assert "no version string: which major version is unknown" in found[family].evidence


@pytest.mark.parametrize(
    ("family", "rels", "pkg"),
    [
        (
            "zlib",
            [lib("zlib1g", "libz.so.1.2.13", usr=False), "bin/zlib-static.stripped"],
            "zlib1g",
        ),
        (
            "bzip2",
            [lib("libbz2-1.0", "libbz2.so.1.0.4", usr=False), "bin/bz2-static.stripped"],
            "libbz2-1.0",
        ),
        (
            "xz",
            [lib("liblzma5", "liblzma.so.5.4.1", usr=False), "bin/lzma-static.stripped"],
            "liblzma5",
        ),
        (
            "expat",
            [lib("libexpat1", "libexpat.so.1.8.10", usr=False), "bin/expat-static.stripped"],
            "libexpat1",
        ),
        ("zstd", [lib("libzstd1", "libzstd.so.1.5.4"), "bin/zstd-static.stripped"], "libzstd1"),
        ("berkeley-db", [lib("libdb5.3", "libdb-5.3.so"), "bin/bdb-static.stripped"], "libdb5.3"),
        ("tcl", [lib("libtcl8.6", "libtcl8.6.so")], "libtcl8.6"),
        ("tk", [lib("libtk8.6", "libtk8.6.so")], "libtk8.6"),
        ("tix", ["root/tix/usr/lib/libTix8.4.3.so.1"], "tix"),
        ("musl", ["root/musl/lib/x86_64-linux-musl/libc.so"], "musl"),
        (
            "ncurses",
            [lib("libtinfo6", "libtinfo.so.6.4", usr=False), "bin/ncurses-static.stripped"],
            "libtinfo6",
        ),
    ],
)
def test_family_version_equals_debian(
    testbins: Path, family: str, rels: list[str], pkg: str
) -> None:
    want = _version(testbins, pkg)
    for rel in rels:
        version = families(testbins / rel)[family].version
        assert version == want or (version or "").startswith(want + "."), (rel, version, want)


@pytest.mark.parametrize(
    ("family", "rels"),
    [
        ("libffi", [lib("libffi8", "libffi.so.8.1.2"), "bin/ffi-static.stripped"]),
        ("libuuid", [lib("libuuid1", "libuuid.so.1.3.0"), "bin/uuid-static.stripped"]),
        ("musl", ["bin/musl-static.stripped"]),
        ("libx11", [lib("libx11-6", "libX11.so.6.4.0")]),
        ("libxau", [lib("libxau6", "libXau.so.6.0.0")]),
        ("libxcb", [lib("libxcb1", "libxcb.so.1.1.0")]),
        ("ncurses", [lib("libncursesw6", "libncursesw.so.6.4", usr=False)]),
    ],
)
def test_family_present_without_version(testbins: Path, family: str, rels: list[str]) -> None:
    for rel in rels:
        assert family in families(testbins / rel), rel


def test_ffi_stripped_static_found_by_code_bytes(testbins: Path) -> None:
    evidence = families(testbins / "bin/ffi-static.stripped")["libffi"].evidence
    assert evidence and all(e.startswith("bytes ") for e in evidence)  # unix64.S, no symbols


def test_mpdecimal_bundled_in_cpython_decimal(testbins: Path) -> None:
    path = testbins / DYNLOAD / "_decimal.cpython-311-x86_64-linux-gnu.so"
    assert families(path)["mpdecimal"].version == "2.5.1"


def test_cpython(testbins: Path) -> None:
    want = _version(testbins, "libpython3.11")
    for rel in [
        lib("libpython3.11", "libpython3.11.so.1.0"),
        "root/python3.11-minimal/usr/bin/python3.11",
    ]:
        found = families(testbins / rel)
        assert found["cpython"].version == want, rel
        assert "expat" not in found  # pyexpat.c copies expat's texts; Debian links system expat


def test_extension_modules_are_not_cpython(testbins: Path) -> None:
    for path in sorted((testbins / DYNLOAD).glob("*.so"))[:20]:
        assert "cpython" not in families(path), path


def test_zlib_ng_suppresses_zlib(testbins: Path) -> None:
    found = families(testbins / ZLIB_NG_WIN)
    assert found["zlib-ng"].version == "2.1.5"
    assert "zlib" not in found


def test_msvc_runtime_dll_vs_importer(testbins: Path) -> None:
    assert families(testbins / MSVC / "vcruntime140.dll")["msvc-runtime"].version == "14.42.34433.0"
    importer = facts_of(testbins / APSW_WIN)
    assert "VCRUNTIME140.dll" in importer.needed
    assert importer.match("msvc-runtime") is None


def test_glibc_control_has_nothing(testbins: Path) -> None:
    for rel in ["bin/hello-glibc", "bin/hello-glibc.stripped"]:
        assert facts_of(testbins / rel).matches == (), rel


def test_glibc_static_links_are_not_musl(testbins: Path) -> None:
    for path in sorted((testbins / "bin").glob("*-static*")):
        if not path.name.startswith("musl"):
            assert "musl" not in families(path), path
