"""The read stage's fast paths answer exactly as the plain rules they short-cut.

`layout.keep` / `layout.hashed` test cheap necessary conditions before their regexes, and
`normalize_name` returns names that need no cleaning as they are: each is compared here with
the plain rule (the regex alone, the split-and-join) over the real listings and over random
names built from the pieces those rules look for."""

from __future__ import annotations

import io
import random
import tarfile
from pathlib import Path

import pytest
import zstandard

from licscan.errors import ArchiveError
from licscan.read import discover, layout
from licscan.read.members import clean_name, normalize_name
from licscan.read.streams import ZstdFrameCheck
from licscan.read.tar_header import fast_header
from tests.builders.shared import real_listing

PIECES = [
    "python", "install", "lib", "Lib", "python3.11", "python3.13t", "site-packages", "pip",
    "_vendor", "certifi", "six.LICENSE", "LICENSE", "LICENCE.md", "LICENSE.txt", "LICENSE.rst",
    "COPYING", "NOTICE", "AUTHORS.rst", "METADATA", "licenses", "foo-1.0.dist-info",
    "PYTHON.json", "LICSCAN-STRIPPED.json", "BUILD", "include", "patchlevel.h",
    "_sysconfigdata__darwin_darwin.py", "vendor.txt", "ensurepip", "_bundled",
    "pip-24.0-py3-none-any.whl", "tcl", "tcl8.6", "tk8.6", "license.terms", "bin", "python3",
    "libpython3.11.so.1.0", "x.so", "a.dylib", "b.dll", "c.pyd", "d.exe", "libz.a", "z.lib",
    "e.jar", "os.py", ".", "..", "", "x.so.", ".so", "bin2", "xbin", "so", "a\nb", "LICENSE\n",
    "C:", "\\", "dist-info", ".LICENSE", "foo.whl.txt", "METADATA.bak",
]  # fmt: skip


TAILS = [  # what the rules look for at the end of a name, whole
    "site-packages/foo-1.0.dist-info/AUTHORS.rst", "site-packages/a.dist-info/licenses/x/y",
    "site-packages/a.dist-info/METADATA", "site-packages/a.dist-info/COPYING.txt",
    "site-packages/pip/_vendor/certifi/NOTICE", "site-packages/pip/_vendor/six.LICENCE",
    "site-packages/pip/_vendor/vendor.txt", "lib/tcl8.6/license.terms", "tcl/tk8.6/license.terms",
    "Lib/ensurepip/_bundled/pip-24.0-py3-none-any.whl", "include/python3.11/patchlevel.h",
    "lib/python3.11/_sysconfigdata__linux_x86_64-linux-gnu.py", "python/licenses/LICENSE.zlib",
    "licenses/any", "bin/x", "x/libssl.so.3", "DLLs/x.pyd",
]  # fmt: skip


def random_names(count: int) -> list[str]:
    rnd = random.Random(20261201)
    names = []
    for _ in range(count):
        parts = [rnd.choice(PIECES) for _ in range(rnd.randint(1, 8))]
        if rnd.random() < 0.3:
            parts.append(rnd.choice(TAILS))
        name = "/".join(parts)
        if rnd.random() < 0.1:
            name = "/" + name
        if rnd.random() < 0.1:
            name += "/"
        names.append(name)
    return names


@pytest.fixture(scope="module")
def names(shared_pbs: Path) -> list[str]:
    """The real macOS and Windows listings' names and 30,000 random ones."""
    return real_listing("macos") + real_listing("windows") + random_names(30_000)


def test_keep_and_hashed_agree_with_their_regexes(names: list[str]) -> None:
    kept = hashed = 0
    for name in names:
        want_keep = layout._KEEP.fullmatch(name) is not None
        want_hashed = layout._CODE.fullmatch(name) is not None or want_keep
        assert layout.keep(name) is want_keep, name
        assert layout.hashed(name) is want_hashed, name
        kept += want_keep
        hashed += want_hashed
    assert kept > 1000 and hashed > kept  # the random names reach every kind of rule


def _plain_normalize(raw: str) -> str | None:
    """The rule as first written: None where the name is refused."""
    cleaned = clean_name(raw)
    drive = raw[1:2] == ":" and raw[:1].isascii() and raw[:1].isalpha()
    if "\0" in raw or "\\" in raw or raw.startswith("/") or drive:
        return None
    return None if ".." in cleaned.split("/") else cleaned


@pytest.mark.parametrize("extra", ["", "\0", "./", "//", "/.", "a/../b", "D:x", "1:x"])
def test_normalize_name_agrees_with_the_plain_rule(extra: str, names: list[str]) -> None:
    for name in [*names[::7], extra, extra + "python/x", "python/" + extra + "x"]:
        want = _plain_normalize(name)
        if want is None:
            with pytest.raises(ArchiveError):
                normalize_name(name, "test")
        else:
            assert normalize_name(name, "test") == want, repr(name)


@pytest.mark.parametrize("form", [tarfile.USTAR_FORMAT, tarfile.PAX_FORMAT])
def test_the_fast_header_parser_takes_the_headers_tar_writers_write(form: int) -> None:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=form) as tar:
        for name, body in [("python/PYTHON.json", b"{}\n"), ("python/install/" + "x" * 90, b"")]:
            info = tarfile.TarInfo(name)  # the second: a ustar prefix
            info.size, info.mtime, info.mode, info.uid = len(body), 1_700_000_000, 0o755, 501
            tar.addfile(info, io.BytesIO(body))
        link = tarfile.TarInfo("python/install/bin/python3")
        link.type, link.linkname = tarfile.SYMTYPE, "python3.11"
        tar.addfile(link)
    data = out.getvalue()
    parsed = 0
    for offset in range(0, len(data) - 511, 512):
        header = data[offset : offset + 512]
        if header[257:265] != b"ustar\x0000":
            continue  # GNU headers, data and the end blocks: tarfile's
        fast = fast_header(header)
        assert fast is not None, header[:100]
        info = tarfile.TarInfo.frombuf(header, "utf-8", "surrogateescape")
        assert tuple(fast) == (info.name, info.type, info.size, info.mtime, info.linkname)
        parsed += 1
    assert parsed >= 3  # PAX: also the extended header of the long name


def _zstd_frames() -> list[bytes]:
    rnd = random.Random(7)
    text = b"".join(rnd.choice(PIECES).encode("utf-8", "replace") + b"/" for _ in range(20_000))
    noise = rnd.randbytes(20_000)  # a stored (raw) block
    skippable = b"\x50\x2a\x4d\x18" + (5).to_bytes(4, "little") + b"12345"
    return [
        zstandard.ZstdCompressor(level=1).compress(text),
        zstandard.ZstdCompressor(write_checksum=True).compress(noise + text),
        skippable,
        zstandard.ZstdCompressor(write_content_size=False).compress(b"x" * 200_000),  # RLE
        zstandard.ZstdCompressor().compress(b""),
    ]


@pytest.mark.parametrize("chunking", [1, 3, 4096, 0])
def test_the_zstd_frame_check_finds_every_boundary_in_any_chunking(chunking: int) -> None:
    frames = _zstd_frames()
    data = b"".join(frames)
    ends = {sum(len(f) for f in frames[: i + 1]) for i in range(len(frames))} | {0}
    rnd = random.Random(chunking)
    cuts = sorted(ends | {rnd.randrange(len(data)) for _ in range(12)} | {e - 1 for e in ends if e})
    for cut in cuts:
        check, pos = ZstdFrameCheck(), 0
        while pos < cut:
            step = chunking or rnd.randint(1, 70_000)
            check.feed(data[pos : min(cut, pos + step)])
            pos += step
        assert check.at_frame_boundary is (cut in ends), cut


def _parents(name: str) -> list[str]:
    """The plain rule: every folder above a name."""
    parts = name.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def test_discovery_folders_and_roots_agree_with_the_plain_rules(names: list[str]) -> None:
    names = [*names, "/a/b", "a//b/c", "x/", "solo", "", "/"]
    assert discover._folders(names) == {d for n in names for d in _parents(n)}
    for pattern, needle in [
        (discover._UNIX_EXE, "bin/python3"),
        (discover._UNIX_STDLIB, "lib/python3."),
        (discover._WINDOWS_EXE, "python.exe"),
    ]:
        plain = {m.group("root") or "" for n in names if (m := pattern.fullmatch(n))}
        assert discover._roots(pattern, names, needle) == plain
        assert plain  # the names hold such installations
    full = {m.group("root") or "" for n in names if (m := discover._FULL_MARK.fullmatch(n))}
    fast = discover._roots(discover._FULL_MARK, names, "PYTHON.json")
    assert fast | discover._roots(discover._FULL_MARK, names, "LICENSE.rst") == full
