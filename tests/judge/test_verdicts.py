"""Findings for era inventories built by hand (the way licscan.inventory fills the model),
and the verdicts the default and a deny-all-copyleft policy give them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import pytest

from licscan.judge.categories import classify, satisfiable, terms
from licscan.judge.findings import FINDING_IDS, find
from licscan.judge.policy import Policy, apply_policy, default_policy
from licscan.model import (
    ArchiveSummary,
    BinaryEvidence,
    BuildOnlyVariant,
    Component,
    ComponentKind,
    Container,
    Correction,
    FileStatus,
    Finding,
    Flavor,
    Inventory,
    License,
    LicenseDirEntry,
    LicenseFile,
    LinkKind,
    LinkUse,
    ReleaseInfo,
    ReleaseSource,
    Severity,
    Shipping,
    SystemLibrary,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "pbs"
TODAY = date(2026, 9, 1)
DENY_COPYLEFT = Policy(name="no-copyleft", deny=("Copyleft",))

# --------------------------------------------------------------------------- factory


def lic(expression: str, written: Iterable[str] | None = (), **extra: object) -> License:
    ids = tuple(written) if written is not None else None
    if written == ():
        ids = tuple(expression.split(" AND ")) if expression not in ("NOASSERTION",) else None
    return License(expression=expression, written=ids, **extra)  # type: ignore[arg-type]


def use(ext: str, link: str, path: str | None = None, **kw: object) -> LinkUse:
    kind = kw.pop("kind", LinkKind.STATIC if path else LinkKind.SYSTEM)
    return LinkUse(ext, str(kw.pop("variant", "default")), link, kind, path, **kw)  # type: ignore[arg-type]


def comp(key: str, expression: str, *links: LinkUse, **kw: object) -> Component:
    """A component; declared = concluded unless `declared` is given."""
    concluded = kw.pop("concluded", None) or lic(expression)
    return Component(
        key=key,
        name=str(kw.pop("name", key)),
        kind=kw.pop("kind", ComponentKind.LIBRARY),  # type: ignore[arg-type]
        shipping=kw.pop("shipping", Shipping.BUNDLED),  # type: ignore[arg-type]
        declared=kw.pop("declared", concluded),  # type: ignore[arg-type]
        concluded=concluded,  # type: ignore[arg-type]
        links=links,
        **kw,  # type: ignore[arg-type]
    )


def cpython() -> Component:
    return comp(
        "cpython", "CNRI-Python AND Python-2.0", name="CPython", kind=ComponentKind.INTERPRETER
    )


def tagged(tag: str) -> ReleaseInfo:
    return ReleaseInfo(
        ReleaseSource.FILE_NAME, tag=tag, detail=f"release tag +{tag} in the file name"
    )


def license_dir(
    folder: str, referenced: Mapping[str, tuple[str, ...]], build_only: Mapping[str, str] = {}
) -> tuple[LicenseDirEntry, ...]:
    """python/licenses/ entries for the real file names of one release folder."""
    entries = []
    for path in sorted((SHARED / folder).iterdir()):
        name = path.name
        file = LicenseFile(f"licenses/{name}", f"python/licenses/{name}", FileStatus.PRESENT)
        build_refs = (build_only[name],) if name in build_only else ()
        entries.append(LicenseDirEntry(file, referenced.get(name, ()), build_refs))
    return tuple(entries)


def inventory(
    components: Iterable[Component],
    *,
    python_version: str,
    release: ReleaseInfo,
    triple: str = "x86_64-unknown-linux-gnu",
    file_name: str = "archive.tar.zst",
    flavor: Flavor = Flavor.FULL,
    **kw: object,
) -> Inventory:
    summary = ArchiveSummary(file_name, file_name, Container.ZSTD_TAR, "0" * 64, 1, 1, None)
    return Inventory(
        archive=summary,
        flavor=flavor,
        python_version=python_version,
        target_triple=triple,
        build_options="pgo",
        release=release,
        asset=None,
        metadata=None,
        components=tuple(components),
        **kw,  # type: ignore[arg-type]
    )


READLINE_GPL = use("readline", "readline", "build/lib/libreadline.a")
LIBEDIT_VARIANT = BuildOnlyVariant("readline", "libedit", lic("BSD-3-Clause AND X11"))


def bdb(container: str | None = None) -> Component:
    return comp(
        "bdb",
        "Sleepycat",
        use("_dbm", "db", "build/lib/libdb.a", container=container),
        name="Berkeley DB",
        version="6.0.19",
    )


def linux_39_20221220() -> Inventory:
    """Linux 3.9 20221220: GPL readline default + libedit variant in build/ + _gdbm."""
    return inventory(
        [
            cpython(),
            bdb(),
            comp(
                "gdbm",
                "GPL-3.0-or-later",
                use("_gdbm", "gdbm", "build/lib/libgdbm.a"),
                name="GNU gdbm",
                version="1.21",
            ),
            comp(
                "libedit",
                "BSD-3-Clause",
                use("readline", "edit", "build/lib/libedit.a", variant="libedit"),
                shipping=Shipping.BUILD_ONLY,
            ),
            comp(
                "ncurses",
                "X11",
                use("readline", "ncursesw", "build/lib/libncursesw.a"),
                use("readline", "ncursesw", "build/lib/libncursesw.a", variant="libedit"),
            ),
            comp("openssl", "OpenSSL", use("_ssl", "ssl", "build/lib/libssl.a")),
            comp("readline", "GPL-3.0-only", READLINE_GPL, name="GNU readline", version="8.2"),
        ],
        python_version="3.9.16",
        release=tagged("20221220"),
        file_name="cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo-full.tar.zst",
        build_only_variants=(LIBEDIT_VARIANT,),
        license_dir=license_dir(
            "licenses-20221220",
            {
                "LICENSE.readline.txt": ("readline",),
                "LICENSE.gdbm.txt": ("gdbm",),
                "LICENSE.bdb.txt": ("bdb",),
                "LICENSE.cpython.txt": ("cpython",),
                "LICENSE.ncurses.txt": ("ncurses",),
                "LICENSE.openssl.txt": ("openssl",),
            },
            {"LICENSE.libedit.txt": "readline/libedit"},
        ),
    )


def linux_310_20221220() -> Inventory:
    """Linux 3.10 20221220: libedit only, no _gdbm; the readline/gdbm texts are still there."""
    return inventory(
        [
            cpython(),
            bdb(),
            comp("libedit", "BSD-3-Clause", use("readline", "edit", "build/lib/libedit.a")),
            comp("ncurses", "X11", use("readline", "ncursesw", "build/lib/libncursesw.a")),
        ],
        python_version="3.10.9",
        release=tagged("20221220"),
        license_dir=license_dir(
            "licenses-20221220",
            {
                "LICENSE.libedit.txt": ("libedit",),
                "LICENSE.bdb.txt": ("bdb",),
                "LICENSE.cpython.txt": ("cpython",),
                "LICENSE.ncurses.txt": ("ncurses",),
            },
        ),
    )


def linux_38_20210103() -> Inventory:
    """Linux 3.8 20210103, release inferred from the contents: GPL readline (declared with the
    deprecated GPL-3.0), no _gdbm, _dbm with Berkeley DB."""
    readline = lic("GPL-3.0-only", ("GPL-3.0",), deprecated=(("GPL-3.0", "GPL-3.0-only"),))
    return inventory(
        [
            cpython(),
            bdb(),
            comp("ncurses", "X11", use("readline", "ncursesw", "build/lib/libncursesw.a")),
            comp("readline", "GPL-3.0-only", READLINE_GPL, name="GNU readline", concluded=readline),
        ],
        python_version="3.8.7",
        release=ReleaseInfo(
            ReleaseSource.CONTENTS,
            earliest="20201020",
            latest="20210103",
            detail="releases 20201020 to 20210103 ship CPython 3.8.7",
        ),
        file_name="python-3.8.tar.zst",
        build_only_variants=(LIBEDIT_VARIANT,),
    )


def linux_37_2019_no_license_keys() -> Inventory:
    """Format 0 (20190427): no license keys at all; readline concluded from the catalog."""
    correction = Correction(
        "unannotated-library",
        "GNU readline is linked (readline) but PYTHON.json gives it no license keys; PBS's own "
        "component list gives GPL-3.0-only.",
        "NOASSERTION",
        "GPL-3.0-only",
        ("readline[default] links readline",),
    )
    return inventory(
        [
            cpython(),
            comp(
                "readline",
                "GPL-3.0-only",
                use("readline", "readline", kind=LinkKind.UNSPECIFIED),
                name="GNU readline",
                declared=License("NOASSERTION"),
                corrections=(correction,),
            ),
        ],
        python_version="3.7.3",
        release=ReleaseInfo(
            ReleaseSource.CONTENTS,
            earliest="20190427",
            latest="20190505",
            detail="PYTHON.json format 0",
        ),
    )


def linux_314_dangling() -> Inventory:
    """3.14 (20260814): dangling LICENSE.zstd.txt / LICENSE.zlib-ng.txt, removable _dbm."""

    def files(*names: str) -> tuple[LicenseFile, ...]:
        return tuple(
            LicenseFile(
                f"licenses/{n}",
                f"python/licenses/{n}",
                FileStatus.PRESENT
                if (SHARED / "licenses-20260814" / n).exists()
                else FileStatus.MISSING,
            )
            for n in names
        )

    dbm = "install/lib/python3.14/lib-dynload/_dbm.cpython-314-x86_64-linux-gnu.so"
    double = Correction(
        "openssl-double-annotation",
        "PYTHON.json annotates OpenSSL with Apache-2.0 AND OpenSSL "
        "because PBS matches crypto/ssl against every OpenSSL entry; only OpenSSL 3 is linked.",
        "Apache-2.0 AND OpenSSL",
        "Apache-2.0",
        ("the release's component list",),
    )
    return inventory(
        [
            cpython(),
            bdb(container=dbm),
            comp(
                "openssl-3",
                "Apache-2.0",
                use("_ssl", "ssl", "build/lib/libssl.a"),
                name="OpenSSL 3",
                corrections=(double,),
                license_files=files("LICENSE.openssl-3.txt"),
            ),
            comp(
                "zlib",
                "Zlib",
                use("zlib", "z", "build/lib/libz.a"),
                license_files=files("LICENSE.zlib-ng.txt", "LICENSE.zlib.txt"),
            ),
            comp(
                "zstd",
                "BSD-3-Clause",
                use("_zstd", "zstd", "build/lib/libzstd.a"),
                license_files=files("LICENSE.zstd.txt"),
            ),
        ],
        python_version="3.14.0",
        release=tagged("20260814"),
    )


# Real 3.11.9 PYTHON.json files: link names -> (component key, concluded license).
REAL_LINKS = {
    "bz2": ("bzip2", "bzip2-1.0.6"),
    "ffi": ("libffi", "MIT"),
    "libffi-8": ("libffi", "MIT"),
    "ncurses": ("ncurses", "X11"),
    "panel": ("ncurses", "X11"),
    "edit": ("libedit", "BSD-3-Clause"),
    "mpdec": ("mpdecimal", "BSD-2-Clause"),
    "expat": ("expat", "MIT"),
    "crypto": ("openssl-3", "Apache-2.0"),
    "ssl": ("openssl-3", "Apache-2.0"),
    "libcrypto-1_1-x64": ("openssl-3", "Apache-2.0"),
    "libssl-1_1-x64": ("openssl-3", "Apache-2.0"),
    "lzma": ("xz", "LicenseRef-PBS-Public-Domain"),
    "sqlite3": ("sqlite", "LicenseRef-PBS-Public-Domain"),
    "tcl8.6": ("tcl", "TCL"),
    "tk8.6": ("tk", "TCL"),
    "tcl86t": ("tcl", "TCL"),
    "tk86t": ("tk", "TCL"),
    "uuid": ("uuid", "BSD-3-Clause"),
    "z": ("zlib", "Zlib"),
    "db": ("bdb", "Sleepycat"),
}
# Windows extensions that carry license keys but no link to the library (built into the .pyd).
REAL_LICENSE_ONLY = {"_bz2": "bz2", "_lzma": "lzma", "_uuid": "uuid"}


def real_3119(platform: str) -> Inventory:
    """A minimal inventory of a real 3.11.9 archive, from its real PYTHON.json."""
    data = json.loads((SHARED / f"PYTHON.{platform}-3.11.9.json").read_text())
    uses: dict[str, list[LinkUse]] = {}
    system: dict[str, set[str]] = {}
    for ext, variants in sorted(data["build_info"]["extensions"].items()):
        for variant in variants:
            links = list(variant.get("links") or [])
            if ext in REAL_LICENSE_ONLY and variant.get("licenses") is not None:
                links.append({"name": REAL_LICENSE_ONLY[ext], "path_static": "(in the .pyd)"})
            for link in links:
                name, path = link["name"], link.get("path_static") or link.get("path_dynamic")
                if name in REAL_LINKS:
                    kind = LinkKind.SYSTEM if link.get("system") else LinkKind.STATIC
                    uses.setdefault(name, []).append(
                        LinkUse(
                            ext,
                            variant["variant"],
                            name,
                            kind,
                            path,
                            container=variant.get("shared_lib"),
                        )
                    )
                elif not name.startswith("$("):
                    system.setdefault(name, set()).add(ext)
    components: dict[str, Component] = {"cpython": cpython()}
    for name, link_uses in uses.items():
        key, expression = REAL_LINKS[name]
        old = components.get(key)
        all_uses = (*(old.links if old else ()), *link_uses)
        shipping = (
            Shipping.SYSTEM
            if all(u.kind is LinkKind.SYSTEM for u in all_uses)
            else Shipping.BUNDLED
        )
        components[key] = comp(key, expression, *all_uses, shipping=shipping)
    return inventory(
        [components[k] for k in sorted(components)],
        python_version=data["python_version"],
        release=tagged("20240415"),
        triple=data["target_triple"],
        system_libraries=tuple(
            SystemLibrary(n, LinkKind.SYSTEM, tuple(sorted(e))) for n, e in sorted(system.items())
        ),
    )


def by_id(findings: Iterable[Finding], finding_id: str) -> list[Finding]:
    return [f for f in findings if f.id == finding_id]


def one(findings: Iterable[Finding], finding_id: str, component: str | None) -> Finding:
    matches = [f for f in findings if f.id == finding_id and f.component == component]
    assert len(matches) == 1, [(f.id, f.component) for f in findings]
    return matches[0]


# --------------------------------------------------------------------------- eras


def test_readline_default_variant_is_gpl_on_39_20221220() -> None:
    findings = find(linux_39_20221220())
    gpl = one(findings, "gpl-in-interpreter", "readline")
    assert gpl.severity is Severity.ERROR
    assert gpl.license == "GPL-3.0-only"
    assert "Python 3.9.16" in gpl.message
    assert "release 20221220 (from the archive file name)" in gpl.message
    assert "Linux 3.7-3.9 builds from 20190427 to 20221220 had GNU readline" in gpl.message
    assert "this archive is one of them" in gpl.message
    assert "inside libpython" in gpl.message
    assert "A libedit variant is available in build/" in gpl.message
    assert (
        "PYTHON.json build_info.extensions.readline[variant=default] links readline "
        "(build/lib/libreadline.a)"
    ) in gpl.evidence
    assert "release from 20230116 or later" in gpl.remedy
    assert "Python >= 3.10" in gpl.remedy
    assert "drop the readline extension" in gpl.remedy


def test_gdbm_is_gpl_on_39_20221220_and_findings_are_sorted() -> None:
    findings = find(linux_39_20221220())
    gdbm = one(findings, "gpl-in-interpreter", "gdbm")
    assert "GPL-3.0-or-later" in gdbm.message
    assert "_gdbm linked gdbm on Linux 3.8/3.9 builds from 20210228 to 20221220" in gdbm.message
    assert "drop the _gdbm extension" in gdbm.remedy and "20230116" in gdbm.remedy
    assert [f.component for f in findings[:2]] == ["gdbm", "readline"]
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    assert {f.id for f in findings} <= set(FINDING_IDS)


def test_sleepycat_inside_libpython_is_a_source_offer_warning() -> None:
    findings = find(linux_39_20221220())
    offer = one(findings, "source-offer", "bdb")
    assert offer.severity is Severity.WARNING
    assert "Berkeley DB 6.0.19 is under the Sleepycat license" in offer.message
    assert "_dbm is built inside libpython" in offer.message
    assert "20251031" in offer.remedy
    assert not by_id(findings, "gpl-build-only")  # the build-only libedit is BSD


def test_build_only_libedit_license_file_is_unreferenced_but_explained() -> None:
    findings = find(linux_39_20221220())
    unreferenced = one(findings, "license-file-unreferenced", None)
    assert unreferenced.severity is Severity.INFO
    assert (
        "LICENSE.libedit.txt: only variants under build/ reference it (readline/libedit)"
        in unreferenced.message
    )
    assert "python/licenses/LICENSE.tix.txt" in unreferenced.evidence
    assert "python/licenses/LICENSE.readline.txt" not in unreferenced.evidence


def test_39_20221220_fails_the_default_policy_on_gpl_only() -> None:
    verdict = apply_policy(find(linux_39_20221220()), default_policy(), today=TODAY)
    assert not verdict.passed
    assert sorted((f.id, f.component) for f in verdict.violations) == [
        ("gpl-in-interpreter", "gdbm"),
        ("gpl-in-interpreter", "readline"),
    ]
    strict = apply_policy(find(linux_39_20221220()), DENY_COPYLEFT, today=TODAY)
    assert ("source-offer", "bdb") in {(f.id, f.component) for f in strict.violations}


def test_310_20221220_is_libedit_only_and_gpl_free() -> None:
    findings = find(linux_310_20221220())
    assert not by_id(findings, "gpl-in-interpreter")
    assert not by_id(findings, "gpl-build-only")
    unreferenced = one(findings, "license-file-unreferenced", None).message
    assert "LICENSE.readline.txt" in unreferenced and "LICENSE.gdbm.txt" in unreferenced
    assert "not evidence that the code is linked" in unreferenced
    verdict = apply_policy(findings, default_policy(), today=TODAY)
    assert verdict.passed and verdict.status == "needs review"  # Sleepycat warns
    assert not apply_policy(findings, DENY_COPYLEFT, today=TODAY).passed


def test_38_20210103_readline_gpl_from_contents_without_gdbm() -> None:
    findings = find(linux_38_20210103())
    gpl = one(findings, "gpl-in-interpreter", "readline")
    assert "a release from 20201020 to 20210103 (inferred from the archive contents" in gpl.message
    assert "Python 3.8.7" in gpl.message and "this archive is one of them" in gpl.message
    assert not [f for f in findings if f.component == "gdbm"]
    assert one(findings, "source-offer", "bdb").severity is Severity.WARNING
    deprecated = one(findings, "deprecated-spdx-id", "readline")
    assert deprecated.severity is Severity.INFO
    assert "GPL-3.0, a deprecated SPDX id; it is read as GPL-3.0-only" in deprecated.message
    assert deprecated.license is None  # not a license violation of its own


def test_2019_archive_without_license_keys_still_flags_gpl_readline() -> None:
    findings = find(linux_37_2019_no_license_keys())
    gpl = one(findings, "gpl-in-interpreter", "readline")
    assert any("a bare link name" in e for e in gpl.evidence)
    assert any("PYTHON.json has no license keys for readline" in e for e in gpl.evidence)
    corrected = one(findings, "pbs-metadata-corrected", "readline")
    assert corrected.severity is Severity.INFO
    assert "no license keys" in corrected.message
    assert any("declared NOASSERTION; concluded GPL-3.0-only" in e for e in corrected.evidence)


@pytest.mark.parametrize("platform", ["macos-aarch64", "windows-x86_64"])
def test_real_3119_files_have_no_gpl_and_no_sleepycat(platform: str) -> None:
    inv = real_3119(platform)
    assert inv.component("openssl-3") is not None  # the factory read the real links
    assert inv.component("bdb") is None  # neither real file has _dbm linking db
    findings = find(inv)
    copyleft_ids = {
        "gpl-in-interpreter",
        "gpl-build-only",
        "source-offer",
        "copyleft",
        "weak-copyleft",
        "copyleft-system-library",
    }
    assert not [f for f in findings if f.id in copyleft_ids]
    assert apply_policy(findings, DENY_COPYLEFT, today=TODAY).passed


def test_real_windows_3119_system_dlls_are_informational() -> None:
    findings = find(real_3119("windows-x86_64"))
    system = one(findings, "unknown-system-library", None)
    assert system.severity is Severity.INFO
    assert "ws2_32" in system.message and "does not ship their code" in system.message
    assert "$(tcltk" not in system.message


def test_real_macos_3119_system_libedit_is_not_a_finding() -> None:
    inv = real_3119("macos-aarch64")
    libedit = inv.component("libedit")
    assert libedit is not None and libedit.shipping is Shipping.SYSTEM
    assert not [f for f in find(inv) if f.component == "libedit"]


def test_314_dangling_license_paths() -> None:
    findings = find(linux_314_dangling())
    zstd = one(findings, "license-file-missing", "zstd")
    assert zstd.severity is Severity.WARNING
    assert "LICENSE.zstd.txt, a file that never existed in PBS" in zstd.message
    assert "BSD-3-Clause" in zstd.remedy
    zlib = one(findings, "license-file-missing", "zlib")
    assert zlib.severity is Severity.INFO
    assert "zlib-ng is not linked here" in zlib.message


def test_314_dbm_is_a_removable_shared_library() -> None:
    findings = find(linux_314_dangling())
    offer = one(findings, "source-offer", "bdb")
    assert "is a separate shared library" in offer.message
    assert "inside libpython" not in offer.message
    assert "delete install/lib/python3.14/lib-dynload/_dbm" in offer.remedy
    corrected = one(findings, "pbs-metadata-corrected", "openssl-3")
    assert "only OpenSSL 3 is linked" in corrected.message
    assert apply_policy(findings, default_policy(), today=TODAY).passed
    assert not apply_policy(
        findings, Policy("strict", fail_on=Severity.WARNING), today=TODAY
    ).passed


# --------------------------------------------------------------------------- other rules


def _single(component: Component, **kw: object) -> tuple[Finding, ...]:
    return find(
        inventory(
            [cpython(), component],
            python_version="3.12.1",
            release=tagged("20240107"),
            **kw,  # type: ignore[arg-type]
        )
    )


def test_install_only_gpl_readline_inferred_without_links() -> None:
    findings = find(
        inventory(
            [
                cpython(),
                comp(
                    "readline",
                    "GPL-3.0-only",
                    name="GNU readline",
                    notes=("inferred from the release catalog",),
                ),
            ],
            python_version="3.9.16",
            release=tagged("20221220"),
            flavor=Flavor.INSTALL_ONLY,
            notes=("install_only archive: partial inventory",),
        )
    )
    gpl = one(findings, "gpl-in-interpreter", "readline")
    assert "inferred, no link metadata" in gpl.message
    partial = one(findings, "install-only-partial", None)
    assert partial.severity is Severity.WARNING and "-full.tar.zst" in partial.remedy


def test_gpl_only_in_build_is_a_warning() -> None:
    findings = _single(
        comp(
            "readline",
            "GPL-3.0-only",
            use("readline", "readline", "build/lib/libreadline.a", variant="readline"),
            shipping=Shipping.BUILD_ONLY,
        )
    )
    assert not by_id(findings, "gpl-in-interpreter")
    warning = one(findings, "gpl-build-only", "readline")
    assert warning.severity is Severity.WARNING and "build/" in warning.message


def test_release_outside_the_era_is_said() -> None:
    findings = _single(comp("readline", "GPL-3.0-only", READLINE_GPL))
    assert "outside that era" in one(findings, "gpl-in-interpreter", "readline").message


def test_lgpl_is_weak_copyleft_and_gpl_with_exception_is_not_gpl() -> None:
    lgpl = one(
        _single(comp("lib:intl", "LGPL-2.1-or-later", use("_locale", "intl", "x.a"))),
        "weak-copyleft",
        "lib:intl",
    )
    assert lgpl.severity is Severity.WARNING and "LGPL-2.1-or-later" in lgpl.message
    findings = _single(
        comp("gcc", "GPL-3.0-or-later WITH GCC-exception-3.1", use("_x", "gcc", "x.a"))
    )
    assert not by_id(findings, "gpl-in-interpreter")
    assert one(findings, "weak-copyleft", "gcc")


def test_or_choice_avoids_copyleft_for_a_python_package() -> None:
    package = dict(kind=ComponentKind.PYTHON_PACKAGE)
    assert not [
        f
        for f in _single(comp("pypi/dual", "MIT OR GPL-2.0-only", **package))
        if f.component == "pypi/dual"
    ]
    gpl_package = one(_single(comp("pypi/gpl", "GPL-2.0-only", **package)), "copyleft", "pypi/gpl")
    assert gpl_package.severity is Severity.WARNING and "site-packages" in gpl_package.message


def test_system_copyleft_and_unknown_licenses_are_informational() -> None:
    system = one(
        _single(
            comp(
                "lib:readline",
                "GPL-3.0-only",
                use("readline", "readline"),
                shipping=Shipping.SYSTEM,
            )
        ),
        "copyleft-system-library",
        "lib:readline",
    )
    assert system.severity is Severity.INFO and "does not ship that code" in system.message
    unknown = one(
        _single(
            comp(
                "lib:foo",
                "NOASSERTION",
                use("_foo", "foo", "build/lib/libfoo.a"),
                concluded=License("NOASSERTION"),
            )
        ),
        "unknown-license",
        "lib:foo",
    )
    assert unknown.severity is Severity.WARNING and unknown.license == "NOASSERTION"


def test_invalid_spdx_id_is_a_warning() -> None:
    bad = lic("LicenseRef-PBS-GPLv3", ("GPLv3",), invalid=("GPLv3",))
    finding = one(
        _single(comp("lib:x", "", use("_x", "x", "x.a"), concluded=bad)), "invalid-spdx-id", "lib:x"
    )
    assert finding.severity is Severity.WARNING and "'GPLv3'" in finding.message


def test_openssl_version_undecided_when_both_are_bundled() -> None:
    both = [
        comp("openssl-1.1", "OpenSSL", use("_ssl", "ssl", "build/lib/libssl.a")),
        comp("openssl-3", "Apache-2.0", use("_ssl", "ssl", "build/lib/libssl.a")),
    ]
    findings = find(
        inventory(
            [cpython(), *both],
            python_version="3.11.9",
            release=tagged("20240415"),
            evidence=(BinaryEvidence("python/x", "other", "1"),),
        )
    )
    undecided = one(findings, "openssl-version-undecided", None)
    assert undecided.severity is Severity.WARNING
    assert "openssl-1.1, openssl-3" in undecided.message
    noted = comp(
        "openssl-3",
        "Apache-2.0",
        use("_ssl", "ssl", "build/lib/libssl.a"),
        notes=(
            "PYTHON.json declares both OpenSSL 1.1 and OpenSSL 3 and the archive has "
            "no evidence of which one is linked",
        ),
    )
    assert one(_single(noted), "openssl-version-undecided", "openssl-3")


def test_empty_and_unreadable_license_texts() -> None:
    files = (
        LicenseFile("licenses/LICENSE.x.txt", "python/licenses/LICENSE.x.txt", FileStatus.EMPTY),
        LicenseFile(
            "licenses/LICENSE.y.txt",
            "python/licenses/LICENSE.y.txt",
            FileStatus.UNREADABLE,
            detail="a symlink",
        ),
    )
    entry = LicenseDirEntry(files[0], ("lib:x",))
    findings = _single(
        comp("lib:x", "MIT", use("_x", "x", "x.a"), license_files=files), license_dir=(entry,)
    )
    assert one(findings, "license-file-empty", "lib:x").severity is Severity.WARNING
    assert "a symlink" in one(findings, "license-file-unreadable", "lib:x").message
    assert not [f for f in findings if f.component is None]  # no duplicate for the dir entry


def test_classify_uses_the_scancode_index() -> None:
    assert classify("GPL-3.0") == classify("GPL-3.0-only") == "Copyleft"
    assert classify("Sleepycat") == "Copyleft"
    assert classify("LGPL-2.1-only") == "Copyleft Limited"
    assert classify("mit") == "Permissive"
    assert classify("LicenseRef-PBS-Public-Domain") == "Public Domain"
    assert classify("No-Such-License") == "Unknown"


def test_expression_terms_and_choices() -> None:
    assert [t.id for t in terms("MIT AND (Apache-2.0 OR GPL-2.0-only)")] == [
        "MIT",
        "Apache-2.0",
        "GPL-2.0-only",
    ]
    assert satisfiable("MIT OR GPL-2.0-only", lambda t: t.id != "GPL-2.0-only")
    assert not satisfiable("MIT AND GPL-2.0-only", lambda t: t.id != "GPL-2.0-only")
    assert [t.id for t in terms("MIT AND")] == ["MIT"]  # malformed: every id applies
    assert terms("NOASSERTION") == ()
