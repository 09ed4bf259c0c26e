"""Parse python-build-standalone release asset file names (every naming era since 2018).

    cpython-3.13.1+20250115-x86_64_v3-unknown-linux-gnu-freethreaded+pgo+lto-full.tar.zst
    cpython-3.13.1+20250115-aarch64-apple-darwin-install_only_stripped.tar.gz
    cpython-3.10.11+20230507-x86_64-pc-windows-msvc-shared-pgo-full.tar.zst
    cpython-3.8.2-x86_64-unknown-linux-gnu-pgo-20200418T2243.tar.zst
    cpython-3.10.0-x86_64-unknown-linux-gnu-install_only-20211017T1616.tar.gz
    cpython-3.7.3-windows-amd64-shared-pgo-20200217T0022.tar.zst   (also linux64[-musl], macos)

Triples contain '-', so they are matched against the known triple shapes, not split.
Conventions (see `model.AssetName`):

* `triple` is the real triple: the fake Windows `-shared`/`-static` component of 2022-2025
  names is a build option, so `x86_64-pc-windows-msvc-shared-pgo` gives triple
  `x86_64-pc-windows-msvc` and build_options `shared-pgo` (as the older `windows-amd64-shared-pgo`).
  Legacy platform names (`linux64`, `linux64-musl`, `macos`, `windows-amd64`, `windows-x86`)
  are kept as written.
* `build_options` is the segment between the triple and the flavor as written, or None:
  `pgo+lto`, `freethreaded+pgo`, `lto+static`, `shared-pgo`; for install_only names only
  what the name adds (`freethreaded`, Windows `shared`).
* `release` is the `+YYYYMMDD` tag, or the date part of an old `YYYYMMDDTHHMM` build stamp
  (a stamp can be a day or more after its release tag; mapping stamps to tags is not done here).
"""

from __future__ import annotations

import re

from licscan.model import AssetName

_ARCH = (
    r"(?:x86_64(?:_v[234])?|i686|aarch64|arm64|armv7l?|ppc64le|ppc64|s390x|riscv64"
    r"|mips64el|mips64|mipsel|mips|loongarch64)"
)
_VENDOR_OS = (
    r"(?:unknown-linux-(?:gnueabihf|gnueabi|gnuabi64|gnu|musl)"
    r"|apple-(?:darwin|ios|tvos|watchos)(?:-sim(?:ulator)?)?"
    r"|pc-windows-msvc)"
)
_LEGACY_PLATFORM = r"(?:linux64(?:-musl)?|macos|windows-(?:amd64|x86))"
_OPTION = r"(?:freethreaded|debug|noopt|lto|pgo|static|shared)"

_ASSET = re.compile(
    rf"""
    cpython-(?P<version>\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)
    (?:\+(?P<tag>\d{{8}}))?
    -(?P<triple>{_ARCH}-{_VENDOR_OS}|{_LEGACY_PLATFORM})
    (?:-(?P<options>{_OPTION}(?:[+-]{_OPTION})*))?
    (?:
        (?:-full)?(?:-(?P<full_stamp>\d{{8}}T\d{{4}}))?\.tar\.zst
      | -(?P<install_only>install_only(?:_stripped)?)(?:-(?P<gz_stamp>\d{{8}}T\d{{4}}))?\.tar\.gz
    )
    """,
    re.VERBOSE,
)


def parse_asset_name(file_name: str) -> AssetName | None:
    """What a PBS asset name says; None when the name is not a PBS CPython archive name.

    Accepts a leading directory or URL path and `%2B` for `+`. `file_name` of the result is
    the decoded base name.
    """
    name = re.split(r"[/\\]", file_name)[-1].replace("%2B", "+").replace("%2b", "+")
    match = _ASSET.fullmatch(name)
    if match is None:
        return None
    tag, options = match["tag"], match["options"]
    stamp = match["full_stamp"] or match["gz_stamp"]
    if (tag is None) == (stamp is None):  # exactly one of `+TAG` and `-STAMP`
        return None
    return AssetName(
        file_name=name,
        python_version=match["version"],
        triple=match["triple"],
        build_options=options,
        flavor=match["install_only"] or "full",
        release=tag or stamp[:8],
        build_stamp=stamp,
        freethreaded=options is not None and "freethreaded" in re.split(r"[+-]", options),
    )
