"""The crafted cases: each named for what it is, built in code, with its expected outcome.

A `Case` writes its input(s) into a fresh folder and gives the command line; the runner
(`test_cases.py`) runs licscan on it and asserts the outcome the case states: the exit code;
for a refusal (2) exactly one stderr line holding the case's needles and no huge echo; never
a traceback or a raw ESC byte; nothing written outside the output folder `out/`; no partial
or temporary files. `memory=True` cases run in a child process whose peak RSS must stay
under 200 MiB.
"""

from __future__ import annotations

import json
import os
import tarfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from licscan.render import FORMATS
from tests.builders import PYTHON_JSON, era_archive, write_archive
from tests.builders.layout import dist_metadata
from tests.hostile import crafted as c
from tests.hostile.fuzzing import elf_header, macho_header, pe_header

REPORT_FILES = len(FORMATS)  # what `licscan report` writes: one file per format
CLEAN = (0, 1)  # scanned: exit 0, or 1 for policy findings
REFUSED = (2,)
SITE = "python/install/lib/python3.10/site-packages"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Sequence[str]]  # writes the input(s) into the folder -> argv
    exit: tuple[int, ...] = REFUSED
    needles: tuple[str, ...] = ()  # in the one stderr line (refused) or in stdout (clean)
    stdin: Callable[[Path], bytes] | None = None
    absent: tuple[str, ...] = ()  # never in stdout, stderr nor any written file
    memory: bool = False  # run in a child process: peak RSS under 200 MiB
    files: int | None = None  # how many files out/ must hold afterwards
    extra: dict[str, str] = field(default_factory=dict)


CASES: list[Case] = []


def case(name: str, build: Callable[[Path], Sequence[str]], *needles: str, **kw: object) -> None:
    CASES.append(Case(name, build, needles=needles, **kw))  # type: ignore[arg-type]


def put(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def scan(name: str, data: bytes, *options: str) -> Callable[[Path], Sequence[str]]:
    """`licscan scan DIR/name` over `data`."""
    return lambda tmp: ["scan", put(tmp / name, data), *options]


def scan_lazy(name: str, make: Callable[[], bytes], *options: str) -> Callable[[Path], list[str]]:
    return lambda tmp: ["scan", put(tmp / name, make()), *options]


def report(name: str, make: Callable[[], bytes], *options: str) -> Callable[[Path], list[str]]:
    return lambda tmp: ["report", put(tmp / name, make()), "-o", str(tmp / "out"), *options]


def tar_with(*extra: c.Extra, tail: bytes = b"", fmt: int = tarfile.PAX_FORMAT) -> bytes:
    return c.zst(c.base_tar(extra, tail=tail, fmt=fmt))


# --------------------------------------------------------------------------- path tricks

for label, bad in [
    ("absolute-member-name", "/etc/licscan-escape"),
    ("dotdot-member-name", "python/../../licscan-escape"),
    ("leading-dotdot-member", "../licscan-escape"),
    ("backslash-member-name", "python\\..\\licscan-escape"),
    ("windows-drive-member-name", "C:/licscan-escape"),
]:
    case(label, scan_lazy("a.tar.zst", lambda bad=bad: tar_with(c.file(bad, b"x"))), "path tricks")
case(
    "pax-path-absolute",
    scan_lazy("a.tar.zst", lambda: tar_with(c.file("python/ok", b"x", pax_headers={"path": "/x"}))),
    "absolute path",
)
case(
    "pax-path-with-nul",
    scan_lazy(
        "a.tar.zst", lambda: c.zst(c.base_tar(tail=c.pax_member(c.pax_record("path", b"a\0b"))))
    ),
    "NUL",
)
case(
    "gnu-long-name-dotdot",
    scan_lazy(
        "a.tar.zst",
        lambda: tar_with(
            c.file("python/" + "d/" * 60 + "../" * 70 + "x", b"x"), fmt=tarfile.GNU_FORMAT
        ),
    ),
    "'..'",
)


def _link_case(
    name: str, kind: bytes, member: str, target: str, *needles: str, exit: tuple[int, ...]
) -> None:
    def make() -> bytes:
        spec = c.base_spec()
        raw = spec.json_bytes() if member != PYTHON_JSON else None
        spec.members.pop(member, None)
        entries = c.members_of(spec, raw) if raw is not None else c.members_of(spec, b"")[1:]
        entries.append((c.info(member, kind, linkname=target), b""))
        return c.zst(c.tar_bytes(entries))

    case(name, report("a.tar.zst", make), *needles, exit=exit, absent=("root:x:0:0",))


_link_case("symlink-python-json-to-etc-passwd", tarfile.SYMTYPE, PYTHON_JSON, "/etc/passwd",
           "PYTHON.json", "symbolic link", exit=REFUSED)  # fmt: skip
_link_case("hardlink-python-json-outside", tarfile.LNKTYPE, PYTHON_JSON, "../../etc/passwd",
           "PYTHON.json", "hard link", exit=REFUSED)  # fmt: skip
_link_case("symlink-license-outside", tarfile.SYMTYPE, "python/licenses/LICENSE.bzip2.txt",
           "../../../../etc/passwd", exit=CLEAN)  # fmt: skip
_link_case("hardlink-license-absolute", tarfile.LNKTYPE, "python/licenses/LICENSE.bzip2.txt",
           "/etc/passwd", exit=CLEAN)  # fmt: skip
_link_case("symlink-license-dir-outside", tarfile.SYMTYPE, "python/licenses", "/etc",
           exit=CLEAN)  # fmt: skip


def _folder(tmp: Path, links: dict[str, str]) -> list[str]:
    root = write_archive(era_archive("linux-3.10-20221220"), tmp / "unpacked", container="dir")
    for name, target in links.items():
        path = root / name
        if path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
    return ["report", str(root), "-o", str(tmp / "out")]


case(
    "folder-symlink-loop",
    lambda t: _folder(t, {"python/install/a": "b", "python/install/b": "a"}),
    exit=CLEAN,
)
case("folder-symlink-to-root", lambda t: _folder(t, {"python/install/lib/root": "/"}), exit=CLEAN)
case("folder-symlink-dir-loop", lambda t: _folder(t, {"python/install/lib/self": "."}), exit=CLEAN)
case(
    "folder-python-json-symlink-to-etc-passwd",
    lambda t: _folder(t, {PYTHON_JSON: "/etc/passwd"}),
    "PYTHON.json",
    "symbolic link",
    absent=("root:x:0:0",),
)
case(
    "folder-license-symlink-outside",
    lambda t: _folder(t, {"python/licenses/LICENSE.bzip2.txt": "/etc/passwd"}),
    exit=CLEAN,
    absent=("root:x:0:0",),
)


# --------------------------------------------------------------------------- PYTHON.json


def json_case(name: str, make: Callable[[], bytes], *needles: str, exit: tuple[int, ...] = REFUSED,
              options: tuple[str, ...] = (), **kw: object) -> None:  # fmt: skip
    case(name, scan_lazy("a.tar.zst", lambda: c.zst(c.base_tar(python_json=make())), *options),
         *needles, exit=exit, **kw)  # fmt: skip


json_case(
    "json-huge-whitespace", lambda: c.with_json() + b" " * (17 * 2**20), "PYTHON.json", "kept_bytes"
)
json_case(
    "json-over-json-bytes",
    lambda: c.with_json() + b" " * (2 * 2**20),
    "json_bytes",
    options=("--limit", "json_bytes=1M"),
)
json_case(
    "json-nested-100000-arrays",
    lambda: c.with_json(licenses=None)[:-2] + b', "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "json_depth",
)


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = {"a": value}
    return value


json_case("json-nested-100-objects", lambda: c.with_json(extra=_nested(100)), "json_depth")
json_case("json-string-2mib", lambda: c.with_json(target_triple="x" * (2 * 2**20)), "string_bytes")
json_case("json-key-2mib", lambda: c.with_json({"k" * (2 * 2**20): 1}), "string_bytes")
json_case("json-not-utf8", lambda: c.with_json().replace(b"x86_64", b"x86\xff\xfe"), "not UTF-8")
json_case("json-utf16-bom", lambda: c.with_json().decode().encode("utf-16"), "not UTF-8")
json_case("json-utf8-bom", lambda: b"\xef\xbb\xbf" + c.with_json(), exit=CLEAN)
json_case(
    "json-lone-surrogate", lambda: c.with_json().replace(b'"x86_64', b'"\\ud800x86_64'), exit=CLEAN
)
json_case("json-top-level-array", lambda: b"[1, 2]", "JSON object")
json_case("json-empty", lambda: b"", "not valid JSON")
json_case("json-truncated", lambda: c.with_json()[:-40], "not valid JSON")
json_case(
    "json-huge-integer",
    lambda: c.with_json(version=None)[:-2] + b', "version": ' + b"9" * 5000 + b"}",
    "PYTHON.json",
)
json_case(
    "json-nan-version", lambda: c.with_json(version=None)[:-2] + b', "version": NaN}', "version"
)
json_case("json-unknown-format", lambda: c.with_json(version="99"), "format version")
json_case(
    "json-unknown-format-allowed",
    lambda: c.with_json(version="99"),
    exit=CLEAN,
    options=("--allow-unknown-format",),
)
json_case(
    "json-license-path-escapes",
    lambda: c.with_json(license_path="../../etc/passwd"),
    exit=CLEAN,
    absent=("root:x:0:0",),
)
json_case(
    "json-license-path-absolute",
    lambda: c.with_json(license_path="/etc/passwd"),
    exit=CLEAN,
    absent=("root:x:0:0",),
)
json_case(
    "json-markup-and-escapes",
    lambda: c.with_json(
        target_triple="x86_64[/]\x1b[2J\n$(rm -rf ~)", python_tag="<script>alert(1)</script>"
    ),
    exit=CLEAN,
)
json_case("json-no-python-version", lambda: c.with_json(python_version=None), "python_version")
json_case("json-deep-under-limit", lambda: c.with_json(extra=[[[[["x"]]]]]), exit=CLEAN)

for key, bad in [
    ("version", 8.5), ("python_version", 3), ("python_version", ["3.10"]), ("target_triple", {}),
    ("licenses", "PSF"), ("licenses", [1, 2]), ("license_path", 7), ("build_info", []),
    ("python_paths", ["stdlib"]), ("crt_features", "x"), ("tcl_library_paths", {}),
    ("build_options", False), ("python_tag", 3.1),
]:  # fmt: skip
    json_case(
        f"json-wrong-type-{key}-{type(bad).__name__}",
        lambda key=key, bad=bad: c.with_json({key: bad}),
        key,
    )


def _extensions_json(change: Callable[[dict[str, object]], None]) -> bytes:
    data = c.base_json()
    change(data["build_info"])
    return json.dumps(data).encode()


json_case("json-wrong-type-core", lambda: _extensions_json(lambda b: b.update(core=[1])), "core")
json_case(
    "json-wrong-type-extensions",
    lambda: _extensions_json(lambda b: b.update(extensions=[])),
    "extensions",
)
json_case(
    "json-wrong-type-extension-variants",
    lambda: _extensions_json(lambda b: b["extensions"].update(_ssl=7)),
    "_ssl",
)  # type: ignore[attr-defined]
json_case(
    "json-wrong-type-links",
    lambda: _extensions_json(lambda b: b["extensions"]["_ssl"][0].update(links=5)),
    "links",
)  # type: ignore[index]
json_case(
    "json-wrong-type-link-name",
    lambda: _extensions_json(lambda b: b["extensions"]["_ssl"][0].update(links=[{"name": 5}])),
    "name",
)  # type: ignore[index]
json_case(
    "json-extension-license-paths-escape",
    lambda: _extensions_json(
        lambda b: b["extensions"]["_ssl"][0].update(
            license_paths=["../../../etc/passwd", "/etc/shadow"]
        )
    ),
    exit=CLEAN,
    absent=("root:x:0:0",),
)  # type: ignore[index]
case(
    "json-twice-different-content",
    scan_lazy(
        "a.tar.zst", lambda: tar_with(c.file(PYTHON_JSON, c.with_json(target_triple="other")))
    ),
    "twice",
)

# --------------------------------------------------------------------------- containers

OK = lambda: c.zst(c.base_tar())  # noqa: E731
for at in (1, 3, 4, 10, 100, 1000, -4000, -1000, -10, -1):
    case(f"zst-truncated-at-{at}", scan_lazy("a.tar.zst", lambda at=at: OK()[:at]), "a.tar.zst")
for at in (1, 2, 10, 500, -500, -8, -1):
    case(
        f"gz-truncated-at-{at}",
        scan_lazy("a.tar.gz", lambda at=at: c.gz(c.base_tar())[:at]),
        "a.tar.gz",
    )
for at in (100, 512 + 100, -1024 - 1, -700):
    case(f"tar-truncated-at-{at}", scan_lazy("a.tar", lambda at=at: c.base_tar()[:at]), "a.tar")
case(
    "gz-concatenated-members",
    scan_lazy("a.tar.gz", lambda: (lambda t: c.gz(t[:5000]) + c.gz(t[5000:]))(c.base_tar())),
    exit=CLEAN,
)
case(
    "zst-skippable-frame-first",
    scan_lazy("a.tar.zst", lambda: b"\x50\x2a\x4d\x18\x04\0\0\0skip" + OK()),
    exit=CLEAN,
)
case(
    "zst-multiple-frames",
    scan_lazy("a.tar.zst", lambda: (lambda t: c.zst(t[:7000]) + c.zst(t[7000:]))(c.base_tar())),
    exit=CLEAN,
)
case(
    "zst-skippable-frame-between",
    scan_lazy(
        "a.tar.zst",
        lambda: (lambda t: c.zst(t[:7000]) + b"\x5f\x2a\x4d\x18\x02\0\0\0ab" + c.zst(t[7000:]))(
            c.base_tar()
        ),
    ),
    exit=CLEAN,
)
case("zst-garbage-after", scan_lazy("a.tar.zst", lambda: OK() + b"garbage!" * 10), "a.tar.zst")
case(
    "gz-garbage-after",
    scan_lazy("a.tar.gz", lambda: c.gz(c.base_tar()) + b"\x01garbage" * 10),
    "a.tar.gz",
    absent=("b'",),
)
case(
    "tar-garbage-after-end", scan_lazy("a.tar", lambda: c.base_tar() + b"garbage" * 100), exit=CLEAN
)
case("xz-file", scan("a.tar.zst", b"\xfd7zXZ\x00" + bytes(600)), "xz")
case("bzip2-file", scan("a.tar.zst", b"BZh91AY&SY" + bytes(600)), "bzip2")
case("zip-file", scan("a.tar.zst", b"PK\x03\x04" + bytes(600)), "zip")
case("wheel-file", scan("x-1.0-py3-none-any.whl", b"PK\x03\x04" + bytes(600)), "zip")
case("seven-zip-file", scan("a.7z", b"7z\xbc\xaf\x27\x1c" + bytes(600)), "7-Zip")
case("empty-file", scan("a.tar.zst", b""), "empty")
case("random-bytes", scan("a.tar.zst", bytes(range(256)) * 4), "not a tar")
case("one-zero-block", scan("a.tar", bytes(512)), "a.tar")
case("text-file", scan("README.tar.gz", b"hello, this is not an archive\n" * 40), "not a tar")
case("zst-frame-of-text", scan("a.tar.zst", c.zst(b"not a tar at all\n" * 100)), "a.tar.zst")
case(
    "gz-bad-header",
    scan("a.tar.gz", b"\x1f\x8b\x01g" + bytes(600)),
    "a.tar.gz",
    absent=("b'", "\\x"),
)
case("zst-bad-frame", scan("a.tar.zst", b"\x28\xb5\x2f\xfd" + b"\xff" * 600), "a.tar.zst")

# --------------------------------------------------------------------------- bombs

case(
    "zst-bomb-one-member",
    scan_lazy(
        "a.tar.zst",
        lambda: c.streamed_zst(
            c.header(b"python/zeros", b"0", 64 * 2**20), 64 * 2**20, bytes(1024)
        ),
        "--limit",
        "member_bytes=16M",
    ),
    "member_bytes",
)
case(
    "zst-bomb-many-members",
    scan_lazy(
        "a.tar.zst",
        lambda: c.zst(
            b"".join(c.header(b"python/z%d" % k, b"0", 2**20) + bytes(2**20) for k in range(40))
            + bytes(1024)
        ),
        "--limit",
        "total_bytes=16M",
    ),
    "total_bytes",
)
case(
    "gz-bomb-one-member",
    scan_lazy(
        "a.tar.gz",
        lambda: c.streamed_gz(c.header(b"python/zeros", b"0", 64 * 2**20), 64 * 2**20, bytes(1024)),
        "--limit",
        "member_bytes=16M",
    ),
    "member_bytes",
)
case(
    "zst-bomb-after-end-marker",
    scan_lazy(
        "a.tar.zst", lambda: c.streamed_zst(c.base_tar(), 40 * 2**20), "--limit", "total_bytes=16M"
    ),
    "total_bytes",
    "bomb",
)
case(
    "zst-member-declares-80gib",
    scan_lazy("a.tar.zst", lambda: c.zst(c.header(b"python/big", b"0", 80 * 2**30) + bytes(4096))),
    "member_bytes",
    "80 GiB",
    memory=True,
)
case(
    "gz-member-declares-1tib",
    scan_lazy("a.tar.gz", lambda: c.gz(c.header(b"python/big", b"0", 2**40) + bytes(4096))),
    "member_bytes",
)
case(
    "members-declare-more-than-total",
    scan_lazy(
        "a.tar",
        lambda: c.base_tar(tail=c.header(b"python/f", b"0", 6 * 2**30)),
        "--limit",
        "total_bytes=1G",
    ),
    "total_bytes",
)
case(
    "gnu-sparse-10tib",
    scan_lazy("a.tar.zst", lambda: c.zst(c.sparse("python/holes", 10 * 2**40) + bytes(1024))),
    "member_bytes",
    "sparse",
    memory=True,
)
case(
    "gnu-sparse-small-no-zeros",
    scan_lazy("a.tar.zst", lambda: tar_with(tail=c.sparse("python/install/holes", 2**20))),
    exit=CLEAN,
)
case(
    "gnu-sparse-extended-map",
    scan_lazy(
        "a.tar.zst", lambda: tar_with(tail=c.sparse("python/install/holes", 2**20, extended=True))
    ),
    exit=CLEAN,
)
case(
    "pax-sparse-realsize-10tib",
    scan_lazy(
        "a.tar.zst",
        lambda: c.zst(
            c.pax_member(
                c.pax_record("GNU.sparse.realsize", b"10995116277760")
                + c.pax_record("GNU.sparse.name", b"python/holes")
            )
            + bytes(1024)
        ),
    ),
    "member_bytes",
    "sparse",
)
case(
    "pax-sparse-1-0-small",
    scan_lazy(
        "a.tar.zst",
        lambda: tar_with(
            tail=c.pax_member(
                c.pax_record("GNU.sparse.major", b"1")
                + c.pax_record("GNU.sparse.minor", b"0")
                + c.pax_record("GNU.sparse.realsize", b"1048576")
                + c.pax_record("GNU.sparse.name", b"python/install/holes"),
                data=b"1\n0\n4\n" + bytes(509) + b"data",
            )
        ),
    ),
    exit=CLEAN,
)

# --------------------------------------------------------------------------- tar headers

case(
    "pax-header-declares-400mib",
    scan_lazy(
        "a.tar.zst", lambda: c.zst(c.header(b"././@PaxHeader", b"x", 400 * 2**20) + bytes(8192))
    ),
    "header_bytes",
    memory=True,
)
case(
    "pax-header-400mib-streamed",
    scan_lazy(
        "a.tar.zst",
        lambda: c.streamed_zst(c.header(b"././@PaxHeader", b"x", 400 * 2**20), 400 * 2**20),
    ),
    "header_bytes",
    memory=True,
)
case(
    "gnu-long-name-declares-400mib",
    scan_lazy(
        "a.tar.zst",
        lambda: c.streamed_zst(
            c.header(b"././@LongLink", b"L", 400 * 2**20, magic=b"ustar  \0"), 400 * 2**20
        ),
    ),
    "name_bytes",
    memory=True,
)
case(
    "gnu-long-name-100kib",
    scan_lazy(
        "a.tar.zst",
        lambda: tar_with(c.file("python/" + "n" * 100_000, b"x"), fmt=tarfile.GNU_FORMAT),
    ),
    "name_bytes",
)
case(
    "pax-path-100kib",
    scan_lazy("a.tar.zst", lambda: tar_with(c.file("python/" + "p" * 100_000, b"x"))),
    "name_bytes",
)
case(
    "pax-linkpath-100kib",
    scan_lazy(
        "a.tar.zst",
        lambda: tar_with((c.info("python/l", tarfile.SYMTYPE, linkname="t" * 100_000), b"")),
    ),
    "name_bytes",
)
case(
    "pax-cve-2024-6232-pattern",
    scan_lazy(
        "a.tar.zst",
        lambda: c.zst(
            c.header(b"././@PaxHeader", b"x", 600_000) + c.padded(b"0" * 600_000) + bytes(1024)
        ),
    ),
    "damaged pax",
)
case(
    "pax-record-length-lies",
    scan_lazy("a.tar.zst", lambda: c.zst(c.pax_member(b"999 path=x\n") + bytes(1024))),
    "damaged pax",
)
case(
    "pax-record-5000-digits",
    scan_lazy("a.tar.zst", lambda: c.zst(c.pax_member(b"9" * 5000 + b" path=x\n") + bytes(1024))),
    "damaged pax",
)
case(
    "pax-size-5000-digits",
    scan_lazy(
        "a.tar.zst", lambda: c.zst(c.pax_member(c.pax_record("size", b"9" * 5000)) + bytes(1024))
    ),
    "a.tar.zst",
    absent=("int_max_str_digits",),
)
case(
    "pax-size-negative",
    scan_lazy(
        "a.tar.zst", lambda: c.zst(c.pax_member(c.pax_record("size", b"-500")) + bytes(1024))
    ),
    "negative",
)
for value in ("nan", "inf", "-inf", "1e18", "-5", "0x10"):
    case(
        f"pax-mtime-{value}",
        report(
            "a.tar.zst",
            lambda v=value: tar_with(c.file("python/extra.txt", b"x", pax_headers={"mtime": v})),
        ),
        exit=CLEAN if value != "0x10" else REFUSED,
        files=REPORT_FILES if value != "0x10" else None,
    )
case(
    "gnu-base256-mtime-huge",
    scan_lazy(
        "a.tar",
        lambda: c.base_tar(
            tail=c.header(b"python/x", b"0", 0)[:136]
            + b"\x80"
            + b"\xff" * 11
            + c.header(b"python/x", b"0", 0)[148:]
        ),
    ),
    "a.tar",
)
case(
    "base256-size-huge",
    scan_lazy("a.tar", lambda: c.base_tar(tail=c.header(b"python/x", b"0", 2**80))),
    "member_bytes",
)
case(
    "bad-header-checksum",
    scan_lazy(
        "a.tar",
        lambda: c.base_tar(tail=c.header(b"python/x", b"0", 1)[:148] + b"0000001\0" + bytes(356)),
    ),
    "damaged",
)
case(
    "size-field-not-octal",
    scan_lazy(
        "a.tar",
        lambda: c.base_tar(tail=c.header(b"python/x", b"0", 0, size_field=b"zzzzzzzzzzz\0")),
    ),
    "a.tar",
)
case(
    "device-members",
    scan_lazy(
        "a.tar.zst",
        lambda: tar_with(
            (c.info("python/install/dev/null", tarfile.CHRTYPE), b""),
            (c.info("python/install/dev/sda", tarfile.BLKTYPE), b""),
        ),
    ),
    exit=CLEAN,
)
case(
    "fifo-member",
    scan_lazy(
        "a.tar.zst", lambda: tar_with((c.info("python/install/fifo", tarfile.FIFOTYPE), b""))
    ),
    exit=CLEAN,
)
case(
    "fifo-member-named-python-json",
    report(
        "a.tar.zst",
        lambda: c.zst(
            c.tar_bytes(
                [
                    *c.members_of(c.base_spec(), b"")[1:],
                    (c.info(PYTHON_JSON, tarfile.FIFOTYPE), b""),
                ]
            )
        ),
    ),
    "PYTHON.json",
    "FIFO",
)
case(
    "unknown-member-type",
    scan_lazy(
        "a.tar.zst", lambda: tar_with(tail=c.header(b"python/odd", b"Q", 3) + c.padded(b"abc"))
    ),
    exit=CLEAN,
)
case(
    "duplicate-license-text",
    scan_lazy(
        "a.tar.zst", lambda: tar_with(c.file("python/licenses/LICENSE.bzip2.txt", b"other text"))
    ),
    "twice",
)
case(
    "many-tiny-members-over-limit",
    scan_lazy(
        "a.tar.zst",
        lambda: tar_with(*[c.file(f"python/install/f{k}", b"") for k in range(400)]),
        "--limit",
        "members=350",
    ),
    "members",
)
case(
    "members-200000-tiny",
    scan_lazy(
        "a.tar.zst",
        lambda: c.zst(
            c.base_tar(
                tail=b"".join(
                    c.header(b"python/install/t/%06d" % k, b"0", 0) for k in range(200_000)
                )
            )
        ),
    ),
    exit=CLEAN,
    memory=True,
)

# --------------------------------------------------------------------------- names and texts

for label, name in [
    ("non-utf8-member-name", b"python/install/\xff\xfe.txt".decode("utf-8", "surrogateescape")),
    ("newline-in-member-name", "python/install/a\nb.txt"),
    ("ansi-escape-in-member-name", "python/install/\x1b[31mred\x1b[0m.txt"),
    ("shell-metachars-in-member-name", "python/install/$(touch pwned);`id`|&.txt"),
    ("markup-in-member-name", "python/install/[bold]x[/].txt"),
    ("script-in-member-name", "python/install/<script>alert(1)</script>.txt"),
    ("control-bytes-in-license-name", "python/licenses/LICENSE.\x07\x08\x1b]0;t\x07.txt"),
]:
    case(
        label,
        report("a.tar.zst", lambda name=name: tar_with(c.file(name, b"text"))),
        exit=CLEAN,
        files=REPORT_FILES,
    )
case(
    "script-in-license-text",
    report(
        "a.tar.zst",
        lambda: tar_with(
            c.file(
                "python/licenses/LICENSE.evil.txt",
                b"<script>alert(1)</script><img src=x onerror=alert(2)>",
            )
        ),
    ),
    exit=CLEAN,
    absent=("<script>alert", "<img src=x"),
    files=REPORT_FILES,
)


def _dist(name: str, version: str, license_field: str) -> bytes:
    spec = c.base_spec()
    folder = f"{SITE}/evil-1.0.dist-info"
    spec.members[f"{folder}/METADATA"] = dist_metadata(name, version, license_field)
    spec.members[f"{folder}/RECORD"] = b""
    return c.zst(c.base_tar(spec=spec))


case(
    "script-in-package-metadata",
    report("a.tar.zst", lambda: _dist("<script>alert(1)</script>", "1.0<b>", "MIT<script>")),
    exit=CLEAN,
    absent=("<script>alert",),
    files=REPORT_FILES,
)
case(
    "empty-package-name",
    report("a.tar.zst", lambda: _dist("", "1.0", "MIT")),
    exit=CLEAN,
    files=REPORT_FILES,
)
case(
    "ansi-in-package-metadata",
    report("a.tar.zst", lambda: _dist("evil\x1b[2J", "1.0\x1b]0;x\x07", "MIT")),
    exit=CLEAN,
    files=REPORT_FILES,
)
case(
    "script-in-component-name",
    report(
        "a.tar.zst",
        lambda: c.zst(
            c.base_tar(
                python_json=_extensions_json(
                    lambda b: b["extensions"].update(
                        {"<script>alert(1)</script>": b["extensions"]["_ssl"]}
                    )
                )
            )
        ),
    ),
    exit=CLEAN,
    absent=("<script>alert",),
    files=REPORT_FILES,
)  # type: ignore[index]

# --------------------------------------------------------------------------- binaries


def _binary(name: str, data: bytes) -> Callable[[], bytes]:
    return lambda: tar_with(c.file(f"python/install/lib/{name}", data.ljust(8192, b"\0")))


for label, data in [
    ("elf-60000-segments", elf_header(phnum=60000)),
    ("elf-sections-beyond-end", elf_header(shnum=30, shoff=2**40)),
    ("elf-program-headers-beyond-end", elf_header(phoff=2**50)),
    ("elf-cut-after-5-bytes", b"\x7fELF\x02"),
    ("elf-32-bit-garbage", b"\x7fELF\x01\x02\x01" + b"\xff" * 100),
    ("macho-2g-load-commands", macho_header(ncmds=2**31)),
    ("macho-universal-bogus-slices", b"\xca\xfe\xba\xbe\0\0\0\x03" + b"\xff" * 200),
    ("pe-65000-sections", pe_header(sections=65000)),
    ("pe-header-offset-beyond", b"MZ" + bytes(0x3A) + b"\xff\xff\xff\x7f"),
    ("pe-truncated-optional-header", pe_header()[:0x90]),
]:
    case(
        f"binary-{label}",
        scan_lazy("a.tar.zst", _binary(f"lib{label}.so", data), "--json"),
        exit=CLEAN,
    )

# --------------------------------------------------------------------------- inputs


def _stdin_of(make: Callable[[], bytes]) -> Callable[[Path], bytes]:
    return lambda tmp: make()


CASES.append(
    Case("stdin-valid-archive", lambda t: ["scan", "-", "--json"], CLEAN, stdin=_stdin_of(OK))
)
CASES.append(
    Case(
        "stdin-closes-early",
        lambda t: ["scan", "-"],
        REFUSED,
        ("stdin", "truncated"),
        stdin=_stdin_of(lambda: OK()[:5000]),
    )
)
CASES.append(
    Case("stdin-empty", lambda t: ["scan", "-"], REFUSED, ("empty",), stdin=_stdin_of(lambda: b""))
)
CASES.append(
    Case(
        "stdin-garbage",
        lambda t: ["scan", "-"],
        REFUSED,
        ("stdin",),
        stdin=_stdin_of(lambda: b"\x00\x01" * 400),
    )
)
case("missing-input", lambda t: ["scan", str(t / "nope.tar.zst")], "no such file")
case(
    "folder-without-python", lambda t: ["scan", str((t / "empty").mkdir() or t / "empty")], "empty"
)
case("dev-zero-input", lambda t: ["scan", "/dev/zero"], "device")
case(
    "fifo-input",
    lambda t: ["scan", (os.mkfifo(t / "in.tar.zst"), str(t / "in.tar.zst"))[1]],
    "FIFO",
)
case("time-limit", scan_lazy("a.tar.zst", OK, "--limit", "seconds=0.000001"), "seconds")

# --------------------------------------------------------------------------- limits and policies


def _policy(text: bytes) -> Callable[[Path], list[str]]:
    return lambda t: ["check", put(t / "a.tar.zst", OK()), "-p", put(t / "policy.toml", text)]


case("policy-not-toml", _policy(b"deny = [\n"), "not valid TOML")
case("policy-deeply-nested", _policy(b"a = " + b"[" * 10_000), "nested too deeply")
case("policy-unknown-key", _policy(b"colour = 'red'\n"), "unknown key")
case("policy-binary", _policy(b"\xff\xfe\x00garbage"), "not UTF-8")
case("policy-limits-not-a-table", _policy(b"limits = 5\n"), "[limits] must be a table")
case("policy-limits-unknown-name", _policy(b"[limits]\nspeed = 3\n"), "unknown limit 'speed'")
case(
    "policy-limits-bad-value",
    _policy(b"[limits]\nmembers = 'lots'\n"),
    "limit members must be a number",
)
case("policy-limits-boolean", _policy(b"[limits]\nmembers = true\n"), "boolean")
case("policy-limits-lowered", _policy(b"[limits]\nmembers = 10\n"), "over the limit members = 10")
case(
    "policy-limits-raised", _policy(b"[limits]\nmember_bytes = '16G'\nseconds = '5m'\n"), exit=CLEAN
)
case(
    "policy-dev-zero",
    lambda t: ["check", put(t / "a.tar.zst", OK()), "-p", "/dev/zero"],
    "not a regular file",
)
case("limit-option-without-value", scan_lazy("a.tar.zst", OK, "--limit", "members"), "NAME=VALUE")
case("limit-option-zero", scan_lazy("a.tar.zst", OK, "--limit", "members=0"), "above 0")
case(
    "limit-option-negative", scan_lazy("a.tar.zst", OK, "--limit", "members=-5"), "must be a number"
)
case(
    "limit-option-unknown",
    scan_lazy("a.tar.zst", OK, "--limit", "x" * 5000 + "=1"),
    "unknown limit",
)
case(
    "limit-option-huge-value",
    scan_lazy("a.tar.zst", OK, "--limit", "members=" + "9" * 5000),
    "members",
)
case(
    "limit-option-units",
    scan_lazy("a.tar.zst", OK, "--limit", "member-bytes=2GiB", "--limit", "seconds=1h"),
    exit=CLEAN,
)
case(
    "limit-kept-bytes-small",
    scan_lazy("a.tar.zst", OK, "--limit", "kept_bytes=1K"),
    "PYTHON.json",
    "kept_bytes",
)

# --------------------------------------------------------------------------- outputs


def _out_is_file(tmp: Path) -> list[str]:
    (tmp / "out").write_bytes(b"a file")
    return ["report", put(tmp / "a.tar.zst", OK()), "-o", str(tmp / "out")]


def _out_target_folder(tmp: Path) -> list[str]:
    (tmp / "out" / "a.spdx.json").mkdir(parents=True)
    return ["report", put(tmp / "a.tar.zst", OK()), "-o", str(tmp / "out")]


case("output-folder-is-a-file", _out_is_file, "not a folder")
case("output-target-is-a-folder", _out_target_folder, "folder", files=1)
case(
    "json-output-is-dev-full",
    lambda t: ["scan", put(t / "a.tar.zst", OK()), "--json", "-o", "/dev/full"],
    "not a regular file",
)
case(
    "json-output-under-a-file",
    lambda t: [
        "scan",
        put(t / "a.tar.zst", OK()),
        "--json",
        "-o",
        put(t / "out", b"x") + "/x.json",
    ],
    "not a folder",
)
case(
    "check-output-is-a-folder",
    lambda t: [
        "check",
        put(t / "a.tar.zst", OK()),
        "-f",
        "json",
        "-o",
        str((t / "out").mkdir() or t / "out"),
    ],
    "folder",
    files=0,
)
case(
    "report-unknown-format",
    lambda t: ["report", put(t / "a.tar.zst", OK()), "-f", "pdf\x1b[31m", "-o", str(t / "out")],
    "unknown format",
)
case(
    "report-full-filesystem",
    lambda t: ["report", put(t / "a.tar.zst", OK()), "-o", str(t / "out")],
    "could not write",
    memory=True,
    extra={"fsize": "200000"},
    files=0,
)

# --------------------------------------------------------------------------- found by fuzzing

case(
    "fuzz-long-name-negative-base256-size",
    scan_lazy(
        "a.tar.zst",
        lambda: c.zst(
            c.header(b"././@LongLink", b"L", 0, size_field=b"\xff" * 12, magic=b"ustar  \0")
            + bytes(2048)
        ),
    ),
    "negative",
)
case(
    "fuzz-pax-header-negative-base256-size",
    scan_lazy(
        "a.tar.zst",
        lambda: c.zst(c.header(b"././@PaxHeader", b"x", 0, size_field=b"\xff" * 12) + bytes(2048)),
    ),
    "negative",
)
case(
    "diff-with-limit",
    lambda t: ["diff", put(t / "a.tar.zst", OK()), str(t / "a.tar.zst"), "--limit", "members=10"],
    "over the limit members = 10",
)
case(
    "report-with-limit",
    report("a.tar.zst", OK, "--limit", "json_depth=2"),
    "json_depth",
    files=None,
)
case(
    "stdin-stalls-before-any-byte",
    lambda t: ["scan", "-", "--limit", "seconds=2"],
    "stdin",
    "seconds",
    memory=True,
    extra={"stall": "1"},
)
