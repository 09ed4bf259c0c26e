"""Release asset file names of every PBS naming era parse into `AssetName`."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.model import AssetName
from licscan.pbs.asset_names import parse_asset_name

PBS = Path(__file__).parents[2].parent / "shared" / "pbs"
ASSET_NAMES = PBS / "asset-names.txt"


def _real_archive_names() -> list[str]:
    if not ASSET_NAMES.is_file():
        pytest.skip(f"{ASSET_NAMES} is not available (it lives outside the repository)")
    lines = [line.strip() for line in ASSET_NAMES.read_text().splitlines()]
    return [n for n in lines if n.endswith((".tar.zst", ".tar.gz"))]


def _rebuild(asset: AssetName) -> str:
    """Format the name back from the parsed fields, following the era's grammar."""
    options = f"-{asset.build_options}" if asset.build_options else ""
    if asset.build_stamp is None:
        head = f"cpython-{asset.python_version}+{asset.release}-{asset.triple}{options}"
        if asset.flavor == "full":
            return f"{head}-full.tar.zst"
        return f"{head}-{asset.flavor}.tar.gz"
    head = f"cpython-{asset.python_version}-{asset.triple}{options}"
    if asset.flavor == "full":
        return f"{head}-{asset.build_stamp}.tar.zst"
    return f"{head}-{asset.flavor}-{asset.build_stamp}.tar.gz"


def test_every_real_asset_name_parses_and_round_trips() -> None:
    names = _real_archive_names()
    assert len(names) > 1000
    unparsed = [n for n in names if parse_asset_name(n) is None]
    assert unparsed == []
    for name in names:
        asset = parse_asset_name(name)
        assert asset is not None
        assert asset.file_name == name
        assert _rebuild(asset) == name
        assert asset.release is not None and len(asset.release) == 8
        if asset.build_stamp is not None:
            assert asset.release == asset.build_stamp[:8]
        assert (asset.flavor == "full") == name.endswith(".tar.zst")
        assert asset.freethreaded == ("freethreaded" in name)


def test_real_asset_names_cover_every_era_and_flavor() -> None:
    assets = [a for a in map(parse_asset_name, _real_archive_names()) if a is not None]
    assert {a.flavor for a in assets} == {"full", "install_only", "install_only_stripped"}
    assert {"linux64", "macos", "windows-amd64", "windows-x86"} <= {a.triple for a in assets}
    stamped_install_only = [a for a in assets if a.build_stamp and a.flavor == "install_only"]
    assert stamped_install_only
    # the fake Windows `-shared` triple component never leaks into the triple
    assert not any(a.triple.endswith(("-shared", "-static")) for a in assets)


EXPECTED = [
    # AssetName(file_name, python_version, triple, build_options, flavor, release,
    #           build_stamp, freethreaded)
    AssetName(
        "cpython-3.7.1-linux64-20181218T1905.tar.zst",
        "3.7.1", "linux64", None, "full", "20181218", "20181218T1905", False,
    ),
    AssetName(
        "cpython-3.7.3-linux64-20190427T2308.tar.zst",
        "3.7.3", "linux64", None, "full", "20190427", "20190427T2308", False,
    ),
    AssetName(
        "cpython-3.7.3-linux64-musl-debug-20190618T0324.tar.zst",
        "3.7.3", "linux64-musl", "debug", "full", "20190618", "20190618T0324", False,
    ),
    AssetName(
        "cpython-3.7.4-macos-pgo-20190817T0220.tar.zst",
        "3.7.4", "macos", "pgo", "full", "20190817", "20190817T0220", False,
    ),
    AssetName(
        "cpython-3.7.6-windows-amd64-shared-pgo-20200217T0022.tar.zst",
        "3.7.6", "windows-amd64", "shared-pgo", "full", "20200217", "20200217T0022", False,
    ),
    AssetName(
        "cpython-3.8.2-i686-pc-windows-msvc-shared-pgo-20200418T2315.tar.zst",
        "3.8.2", "i686-pc-windows-msvc", "shared-pgo", "full", "20200418", "20200418T2315", False,
    ),
    AssetName(
        "cpython-3.8.2-x86_64-unknown-linux-gnu-pgo-20200418T2243.tar.zst",
        "3.8.2", "x86_64-unknown-linux-gnu", "pgo", "full", "20200418", "20200418T2243", False,
    ),
    AssetName(
        "cpython-3.10.0-x86_64-pc-windows-msvc-shared-install_only-20211017T1616.tar.gz",
        "3.10.0", "x86_64-pc-windows-msvc", "shared", "install_only", "20211017",
        "20211017T1616", False,
    ),
    AssetName(
        "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst",
        "3.9.16", "x86_64-unknown-linux-gnu", "pgo+lto", "full", "20221220", None, False,
    ),
    AssetName(
        "cpython-3.8.17+20230826-x86_64-pc-windows-msvc-static-noopt-full.tar.zst",
        "3.8.17", "x86_64-pc-windows-msvc", "static-noopt", "full", "20230826", None, False,
    ),
    AssetName(
        "cpython-3.11.4+20230726-armv7-unknown-linux-gnueabihf-install_only.tar.gz",
        "3.11.4", "armv7-unknown-linux-gnueabihf", None, "install_only", "20230726", None, False,
    ),
    AssetName(
        "cpython-3.12.3+20240415-ppc64le-unknown-linux-gnu-lto-full.tar.zst",
        "3.12.3", "ppc64le-unknown-linux-gnu", "lto", "full", "20240415", None, False,
    ),
    AssetName(
        "cpython-3.12.6+20240909-s390x-unknown-linux-gnu-noopt-full.tar.zst",
        "3.12.6", "s390x-unknown-linux-gnu", "noopt", "full", "20240909", None, False,
    ),
    AssetName(
        "cpython-3.13.1+20250115-x86_64_v3-unknown-linux-gnu-freethreaded+pgo+lto-full.tar.zst",
        "3.13.1", "x86_64_v3-unknown-linux-gnu", "freethreaded+pgo+lto", "full", "20250115",
        None, True,
    ),
    AssetName(
        "cpython-3.13.2+20250317-riscv64-unknown-linux-gnu-freethreaded-install_only_stripped"
        ".tar.gz",
        "3.13.2", "riscv64-unknown-linux-gnu", "freethreaded", "install_only_stripped",
        "20250317", None, True,
    ),
    AssetName(
        "cpython-3.14.0+20251014-x86_64_v4-unknown-linux-musl-lto+static-full.tar.zst",
        "3.14.0", "x86_64_v4-unknown-linux-musl", "lto+static", "full", "20251014", None, False,
    ),
    AssetName(
        "cpython-3.15.0rc1+20260814-aarch64-apple-darwin-install_only_stripped.tar.gz",
        "3.15.0rc1", "aarch64-apple-darwin", None, "install_only_stripped", "20260814", None, False,
    ),
    AssetName(
        "cpython-3.14.0b2+20250604-aarch64-pc-windows-msvc-pgo-full.tar.zst",
        "3.14.0b2", "aarch64-pc-windows-msvc", "pgo", "full", "20250604", None, False,
    ),
    AssetName(
        "cpython-3.9.7-mipsel-unknown-linux-gnu-lto-20210724T1424.tar.zst",
        "3.9.7", "mipsel-unknown-linux-gnu", "lto", "full", "20210724", "20210724T1424", False,
    ),
    AssetName(
        "cpython-3.11.3+20230507-i686-unknown-linux-gnu-install_only.tar.gz",
        "3.11.3", "i686-unknown-linux-gnu", None, "install_only", "20230507", None, False,
    ),
    AssetName(
        "cpython-3.12.0+20231002-loongarch64-unknown-linux-gnu-debug-full.tar.zst",
        "3.12.0", "loongarch64-unknown-linux-gnu", "debug", "full", "20231002", None, False,
    ),
]  # fmt: skip


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda a: a.file_name)
def test_asset_name_fields(expected: AssetName) -> None:
    assert parse_asset_name(expected.file_name) == expected


def test_url_encoded_plus_and_leading_path_are_accepted() -> None:
    url = (
        "https://github.com/astral-sh/python-build-standalone/releases/download/20221220/"
        "cpython-3.9.16%2B20221220-x86_64-unknown-linux-gnu-pgo-full.tar.zst"
    )
    asset = parse_asset_name(url)
    assert asset is not None
    assert asset.file_name == "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo-full.tar.zst"
    assert (asset.python_version, asset.release, asset.build_options) == (
        "3.9.16",
        "20221220",
        "pgo",
    )
    windows_path = (
        r"C:\downloads\cpython-3.12.1+20240107-x86_64-pc-windows-msvc-install_only.tar.gz"
    )
    asset = parse_asset_name(windows_path)
    assert asset is not None and asset.triple == "x86_64-pc-windows-msvc"


@pytest.mark.parametrize(
    "name",
    [
        "example.tar.zst",
        "SHA256SUMS",
        "",
        "cpython-3.12.1+20240107-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst.sha256",
        "cpython-3.12.1+20240107-sparc64-sun-solaris-pgo-full.tar.zst",  # unknown triple
        "cpython-3.12.1+20240107-x86_64-unknown-linux-gnu-install_only.tar.zst",  # container
        "cpython-3.12.1+20240107-x86_64-unknown-linux-gnu-pgo+lto-full.tar.gz",
        "cpython-3.12+20240107-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst",  # version
        "cpython-3.12.1+2024010-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst",  # tag
        "cpython-3.12.1-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst",  # no tag, no stamp
        "cpython-3.12.1+20240107-x86_64-unknown-linux-gnu-fast-full.tar.zst",  # option
        "cpython-3.12.1+20240107-x86_64-unknown-linux-gnu-pgo+lto-20240107T1200.tar.zst",
        "pypy3.10-v7.3.15-linux64.tar.bz2",
        "CPYTHON-3.12.1+20240107-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst",
    ],
)
def test_names_that_are_not_pbs_assets_give_none(name: str) -> None:
    assert parse_asset_name(name) is None
