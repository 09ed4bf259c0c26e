"""Static checks of the legal-review HTML page (licscan/render/html.py).

The Report objects are built by hand here (`sample_report` and friends); test_browser.py
imports them to load the same pages in a real Chromium.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from licscan.model import (
    ArchiveSummary,
    BinaryEvidence,
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
    PythonJson,
    ReleaseInfo,
    ReleaseSource,
    Report,
    Severity,
    Shipping,
    SystemLibrary,
    Verdict,
    Waiver,
)
from licscan.render import html as html_renderer
from licscan.render.context import RenderContext

FILE_NAME = "cpython-3.11.9+20240415-aarch64-apple-darwin-pgo+lto-full.tar.zst"
SITE = "install/lib/python3.11/site-packages"
CONTEXT = RenderContext(datetime(2024, 4, 16, 12, 30, tzinfo=timezone.utc), "0.1.0")
PAYLOADS = (
    "</script><script>window.__pwned=1;document.title='pwned';alert(1)</script>",
    "<img src=x onerror=\"window.__pwned=2;document.title='pwned';alert(2)\">",
)
PAYLOAD = " ".join(PAYLOADS)


# --------------------------------------------------------------------------- report factory


def _file(path: str, status: FileStatus = FileStatus.PRESENT) -> LicenseFile:
    present = status is FileStatus.PRESENT
    return LicenseFile(
        path,
        f"python/{path}",
        status,
        sha256=hashlib.sha256(path.encode()).hexdigest() if present else None,
        size=1000 + len(path) if present else None,
        detail="" if present else "referenced by PYTHON.json, not in the archive",
    )


def _component(
    key: str,
    name: str,
    version: str | None,
    expression: str,
    *,
    kind: ComponentKind = ComponentKind.LIBRARY,
    shipping: Shipping = Shipping.BUNDLED,
    used_by: tuple[str, ...] = (),
    link: LinkKind = LinkKind.STATIC,
    container: str | None = None,
    files: tuple[LicenseFile, ...] = (),
    declared: str | None = None,
    corrections: tuple[Correction, ...] = (),
) -> Component:
    links = tuple(LinkUse(ext, "default", key, link, container=container) for ext in used_by)
    concluded = License(expression, written=tuple(expression.split(" AND ")))
    return Component(
        key=key,
        name=name,
        kind=kind,
        shipping=shipping,
        declared=License(declared) if declared else concluded,
        concluded=concluded,
        version=version,
        version_source="release-components.json" if version else "",
        links=links,
        license_files=files,
        corrections=corrections,
    )


def _lib(
    key: str,
    version: str,
    expression: str,
    used_by: tuple[str, ...],
    license_name: str | None = None,
    *,
    shipping: Shipping = Shipping.BUNDLED,
    link: LinkKind = LinkKind.STATIC,
    container: str | None = None,
    declared: str | None = None,
    corrections: tuple[Correction, ...] = (),
) -> Component:
    """A native library with its file in python/licenses/ (named after the key by default)."""
    files = (_file(f"licenses/LICENSE.{license_name or key}.txt"),)
    return _component(
        key,
        key,
        version,
        expression,
        used_by=used_by,
        files=files,
        shipping=shipping,
        link=link,
        container=container,
        declared=declared,
        corrections=corrections,
    )


def sample_components() -> tuple[Component, ...]:
    openssl_fix = Correction(
        "openssl-double-annotation",
        "Only OpenSSL 3 is linked; 1.1 is a stale key.",
        "Apache-2.0 AND OpenSSL",
        "Apache-2.0",
        ("python/build/lib/libcrypto.a",),
    )
    tk_so = "install/lib/python3.11/lib-dynload/_tkinter.cpython-311-darwin.so"
    return (
        _component(
            "cpython",
            "CPython",
            "3.11.9",
            "Python-2.0 AND CNRI-Python",
            kind=ComponentKind.INTERPRETER,
            files=(_file("licenses/LICENSE.cpython.txt"),),
        ),
        _lib("bzip2", "1.0.8", "bzip2-1.0.6", ("_bz2",)),
        _lib("expat", "2.6.0", "MIT", ("pyexpat",)),
        _lib("libffi", "3.4.6", "MIT", ("_ctypes",)),
        _lib("mpdecimal", "2.5.1", "BSD-2-Clause", ("_decimal",)),
        _lib("ncurses", "6.4", "X11", ("_curses", "_curses_panel")),
        _lib(
            "openssl-3",
            "3.0.13",
            "Apache-2.0",
            ("_hashlib", "_ssl"),
            declared="Apache-2.0 AND OpenSSL",
            corrections=(openssl_fix,),
        ),
        _lib("sqlite", "3.45.1", "LicenseRef-PBS-Public-Domain", ("_sqlite3",)),
        _lib("tcl", "8.6.13", "TCL", ("_tkinter",), container=tk_so),
        _lib("tk", "8.6.13", "TCL", ("_tkinter",), license_name="tcl", container=tk_so),
        _lib("xz", "5.4.6", "0BSD", ("_lzma",), license_name="liblzma"),
        _component(
            "zlib",
            "zlib",
            "1.3.1",
            "Zlib",
            used_by=("binascii", "zlib"),
            files=(
                _file("licenses/LICENSE.zlib-ng.txt", FileStatus.MISSING),
                _file("licenses/LICENSE.zlib.txt"),
            ),
        ),
        _component("lib:libb2", "libb2", None, "NOASSERTION", used_by=("_blake2",)),
        _component(
            "compiler-rt",
            "LLVM compiler-rt",
            "18.1.2",
            "Apache-2.0 WITH LLVM-exception",
            kind=ComponentKind.RUNTIME,
            shipping=Shipping.BUILD_ONLY,
        ),
        _lib(
            "libedit",
            "system",
            "BSD-3-Clause AND X11",
            ("readline",),
            shipping=Shipping.SYSTEM,
            link=LinkKind.SYSTEM,
        ),
        _component(
            "pypi/pip",
            "pip",
            "24.0",
            "MIT",
            kind=ComponentKind.PYTHON_PACKAGE,
            files=(_file(f"{SITE}/pip-24.0.dist-info/LICENSE.txt"),),
        ),
        _component(
            "pypi/setuptools",
            "setuptools",
            "65.5.0",
            "MIT",
            kind=ComponentKind.PYTHON_PACKAGE,
            files=(_file(f"{SITE}/setuptools-65.5.0.dist-info/LICENSE"),),
        ),
    )


def sample_findings(*, violation: bool = True) -> tuple[Finding, ...]:
    waiver = Waiver(
        "compiler-rt",
        "runtime-unannotated",
        "Build-only object code that we do not redistribute (LEGAL-311).",
        "2025-12-31",
    )
    return (
        Finding(
            "notice-required",
            Severity.INFO,
            None,
            "Redistributing this archive requires shipping the texts of 13 bundled components.",
            remedy="Generate a NOTICE file with `licscan notice` and ship it.",
        ),
        Finding(
            "metadata-corrected",
            Severity.INFO,
            "openssl-3",
            "PYTHON.json declares OpenSSL 1.1 and 3 licenses; only OpenSSL 3.0.13 is linked.",
            evidence=("python/build/lib/libcrypto.a: OpenSSL 3.0.13",),
            license="Apache-2.0",
        ),
        Finding(
            "runtime-unannotated",
            Severity.WARNING,
            "compiler-rt",
            "build/lib/libclang_rt.osx.a is LLVM code that PBS does not annotate.",
            remedy="Ship its license when you ship build/.",
            waiver=waiver,
        ),
        Finding(
            "license-file-missing",
            Severity.WARNING,
            "zlib",
            "PYTHON.json references licenses/LICENSE.zlib-ng.txt, which the archive lacks.",
            evidence=("build_info.extensions.zlib[default].license_paths",),
            remedy="Nothing to do for zlib-ng, which this build does not use; "
            "LICENSE.zlib.txt covers zlib.",
        ),
        Finding(
            "license-unknown",
            Severity.ERROR,
            "lib:libb2",
            "_blake2 links libb2 statically, and no license is declared or known for it.",
            evidence=("build_info.extensions._blake2[default].links: b2 (build/lib/libb2.a)",),
            remedy="Identify libb2's license and record it in the policy, or waive this "
            "finding with a reason.",
            license="NOASSERTION",
            violates_policy=violation,
        ),
    )


def sample_license_texts(components: tuple[Component, ...]) -> dict[str, str]:
    texts = {"licenses/LICENSE.openssl-1.1.txt": "OpenSSL License\n\n(stale annotation)\n"}
    for c in components:
        for lf in c.license_files:
            if lf.status is FileStatus.PRESENT:
                texts[lf.path] = f"{c.name} license\n\nCopyright (c) the {c.name} authors.\n" * 3
    return texts


def make_report(
    components: tuple[Component, ...] | None = None,
    findings: tuple[Finding, ...] | None = None,
    *,
    policy: str = "default",
    file_name: str = FILE_NAME,
    notes: tuple[str, ...] = (),
    extra_texts: dict[str, str] | None = None,
) -> Report:
    """A Report shaped like the inventory of a macOS full archive, built by hand."""
    components = sample_components() if components is None else components
    texts = {**sample_license_texts(components), **(extra_texts or {})}
    owners: dict[str, list[str]] = {}
    for c in components:
        for lf in c.license_files:
            owners.setdefault(lf.path, []).append(c.key)
    license_dir = tuple(
        LicenseDirEntry(_file(path), tuple(owners.get(path, ())))
        for path in sorted(texts)
        if path.startswith("licenses/")
    )
    inventory = Inventory(
        archive=ArchiveSummary(
            f"/downloads/{file_name}",
            file_name,
            Container.ZSTD_TAR,
            hashlib.sha256(file_name.encode()).hexdigest(),
            67_584_213,
            4812,
            1704067200,
        ),
        flavor=Flavor.FULL,
        python_version="3.11.9",
        target_triple="aarch64-apple-darwin",
        build_options="pgo+lto",
        release=ReleaseInfo(
            ReleaseSource.FILE_NAME,
            tag="20240415",
            detail="The file name carries the release tag +20240415.",
        ),
        asset=None,
        metadata=PythonJson("7", "3.11.9", "aarch64-apple-darwin", optimizations="pgo+lto"),
        components=components,
        system_libraries=(
            SystemLibrary("CoreFoundation", LinkKind.FRAMEWORK, ("_scproxy",)),
            SystemLibrary("m", LinkKind.SYSTEM, ("cmath", "math")),
        ),
        license_dir=license_dir,
        license_texts=texts,
        evidence=(BinaryEvidence("python/build/lib/libcrypto.a", "openssl-version", "3.0.13"),),
        notes=notes,
    )
    verdict = Verdict(sample_findings() if findings is None else findings, policy_name=policy)
    return Report(inventory, verdict)


def hostile_report() -> Report:
    """Every free-text field carries markup that would run script if it were not escaped."""
    evil = dataclasses.replace(
        _component(
            f"lib:{PAYLOAD}",
            PAYLOAD,
            PAYLOAD,
            "NOASSERTION",
            used_by=(PAYLOAD,),
            files=(_file(f"licenses/LICENSE.{PAYLOAD}.txt"),),
        ),
        notes=(PAYLOAD,),
    )
    finding = Finding(
        "license-unknown",
        Severity.ERROR,
        evil.key,
        PAYLOAD,
        evidence=(PAYLOAD,),
        remedy=PAYLOAD,
        license=PAYLOAD,
        violates_policy=True,
        waiver=None,
    )
    waived = dataclasses.replace(finding, waiver=Waiver(evil.key, "license-unknown", PAYLOAD))
    return make_report(
        (*sample_components(), evil),
        (finding, waived),
        policy=PAYLOAD,
        file_name=f"cpython-{PAYLOAD}.tar.zst",
        notes=(PAYLOAD,),
        extra_texts={f"licenses/LICENSE.{PAYLOAD}.txt": PAYLOAD * 3},
    )


def render_text(report: Report, context: RenderContext = CONTEXT) -> str:
    return html_renderer.render(report, context).decode("utf-8")


# --------------------------------------------------------------------------- parsing helpers


class _Elements(HTMLParser):
    """Start tags with their attributes, in document order, plus the script and style bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None if tag == self._in else self._in

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in][-1] += data


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def find(parsed: _Elements, tag: str, **attrs: str) -> list[dict[str, str]]:
    return [a for t, a in parsed.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def csp_of(parsed: _Elements) -> dict[str, list[str]]:
    (meta,) = find(parsed, "meta", **{"http-equiv": "Content-Security-Policy"})
    directives = [d.split() for d in meta["content"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# --------------------------------------------------------------------------- tests


def test_same_report_and_context_give_identical_bytes() -> None:
    report = make_report()
    assert html_renderer.render(report, CONTEXT) == html_renderer.render(report, CONTEXT)


def test_timestamp_comes_from_the_render_context() -> None:
    later = RenderContext(datetime(2030, 1, 2, 3, 4, tzinfo=timezone.utc), "9.9.9")
    page = render_text(make_report(), later)
    assert '<time datetime="2030-01-02T03:04:00Z">2030-01-02 03:04 UTC</time>' in page
    assert "licscan 9.9.9" in page and "2024-04-16" not in page


@pytest.mark.parametrize(
    ("findings", "status", "css"),
    [
        (sample_findings(), "Fails policy", "banner-fail"),
        (sample_findings(violation=False), "Needs review", "banner-review"),
        (sample_findings()[:3], "Pass", "banner-pass"),
    ],
)
def test_banner_shows_the_verdict_status(
    findings: tuple[Finding, ...], status: str, css: str
) -> None:
    page = render_text(make_report(findings=findings))
    (banner,) = find(parse(page), "section", id="verdict")
    assert banner["class"] == f"banner {css}"
    assert f'<h2 id="verdict-status" class="banner-status">{status}</h2>' in page


def test_findings_list_open_violations_first_and_waived_last() -> None:
    page = render_text(make_report())
    order = re.findall(r'<li id="finding-\d+" class="[^"]*" data-finding="([^"]+)"', page)
    # equal rank keeps the verdict's order (notice-required comes before metadata-corrected)
    assert order == [
        "license-unknown",
        "license-file-missing",
        "notice-required",
        "metadata-corrected",
        "runtime-unannotated",
    ]
    waived = page[page.index('data-finding="runtime-unannotated"') :]
    assert "badge-waived" in waived.split("</li>")[0]
    assert "Build-only object code that we do not redistribute (LEGAL-311)." in waived
    assert "(until 2025-12-31)" in waived
    assert "<strong>What to do:</strong> Identify libb2&#39;s license" in page


def test_components_are_grouped_by_how_they_ship() -> None:
    parsed = parse(render_text(make_report()))
    groups = [a["data-group"] for a in find(parsed, "tbody") if "data-group" in a]
    assert groups == ["bundled", "build-only", "system", "python"]
    rows = [a["data-key"] for a in find(parsed, "tr") if a.get("class") == "component"]
    assert rows == [c.key for c in sample_components()]  # inventory order inside each group
    assert rows[-2:] == ["pypi/pip", "pypi/setuptools"]


def test_declared_license_is_shown_only_when_it_differs() -> None:
    page = render_text(make_report())
    openssl = page.split('data-key="openssl-3"')[1].split("</tr>")[0]
    assert '<code class="spdx">Apache-2.0</code>' in openssl
    assert "declared: <code>Apache-2.0 AND OpenSSL</code>" in openssl
    assert "corrected: openssl-double-annotation" in openssl
    cpython = page.split('data-key="cpython"')[1].split("</tr>")[0]
    assert "declared:" not in cpython


def test_license_texts_are_collapsible_with_stable_anchors() -> None:
    page = render_text(make_report())
    parsed = parse(page)
    details = find(parsed, "details", **{"class": "license"})
    ids = [d["id"] for d in details]
    assert "license-LICENSE.zlib.txt" in ids and "license-LICENSE.cpython.txt" in ids
    pip = html_renderer.license_anchor(f"{SITE}/pip-24.0.dist-info/LICENSE.txt")
    assert pip in ids and pip == html_renderer.license_anchor(
        f"{SITE}/pip-24.0.dist-info/LICENSE.txt"
    )
    all_ids = [a["id"] for _, a in parsed.tags if "id" in a]
    assert len(all_ids) == len(set(all_ids))
    # every in-page link points at an element that exists
    targets = {a["href"][1:] for a in find(parsed, "a") if a["href"].startswith("#")}
    assert targets <= set(all_ids)


def test_anchor_ids_stay_distinct_when_paths_only_differ_in_unsafe_characters() -> None:
    a, b = html_renderer.license_anchor("x/a b.txt"), html_renderer.license_anchor("x/a-b.txt")
    assert a != b and a.startswith("license-x-a-b.txt-") and re.fullmatch(r"[\w.-]+", a)
    assert html_renderer.anchor("component", "pypi/pip") == html_renderer.anchor(
        "component", "pypi/pip"
    )


def test_missing_and_unreferenced_license_files_are_flagged() -> None:
    page = render_text(make_report())
    zlib_ng = page.split('id="license-LICENSE.zlib-ng.txt"')[1].split("</details>")[0]
    assert '<span class="badge badge-file-missing">missing</span>' in zlib_ng
    assert "The archive has no readable text for this file" in zlib_ng
    stale = page.split('id="license-LICENSE.openssl-1.1.txt"')[1].split("</details>")[0]
    assert "not referenced" in stale
    compiler_rt = page.split('data-key="compiler-rt"')[1].split("</tr>")[0]
    assert '<span class="badge badge-file-missing">none</span>' in compiler_rt


def test_distribution_facts_are_listed() -> None:
    page = render_text(make_report())
    facts = page.split('id="distribution"')[1]
    for fact in (
        FILE_NAME,
        hashlib.sha256(FILE_NAME.encode()).hexdigest(),
        "aarch64-apple-darwin",
        "pgo+lto",
        "3.11.9",
        "20240415 (from the file name)",
        "full",
        "format version 7",
        "64.5 MiB (67584213 bytes)",
        "openssl-version",
    ):
        assert fact in facts, fact


def test_install_only_report_says_the_inventory_is_partial() -> None:
    report = make_report()
    inventory = dataclasses.replace(report.inventory, flavor=Flavor.INSTALL_ONLY, metadata=None)
    page = render_text(Report(inventory, report.verdict))
    assert "The inventory is partial" in page and "PYTHON.json</dt>" not in page


def test_hostile_text_is_escaped_everywhere() -> None:
    page = render_text(hostile_report())
    parsed = parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert not find(parsed, "img")
    assert "pwned" not in "".join(parsed.raw["script"])
    assert "<img" not in page and "</script><script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;" in page
    assert all(not k.startswith("on") for _, a in parsed.tags for k in a)


def test_csp_allows_only_the_inline_script_and_style_by_hash() -> None:
    parsed = parse(render_text(make_report()))
    csp = csp_of(parsed)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == [sha256_source(parsed.raw["script"][0])]
    assert csp["style-src"] == [sha256_source(parsed.raw["style"][0])]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
    assert "'unsafe-inline'" not in str(csp)


def test_page_loads_nothing_from_outside() -> None:
    parsed = parse(render_text(make_report()))
    assert not [a for _, a in parsed.tags if "src" in a]
    assert not find(parsed, "link") and not find(parsed, "iframe")
    assert all(a["href"].startswith("#") for _, a in parsed.tags if "href" in a)
    assert "@import" not in parsed.raw["style"][0] and "url(" not in parsed.raw["style"][0]


def test_print_styles_expand_texts_and_hide_the_search_box() -> None:
    style = parse(render_text(make_report())).raw["style"][0]
    print_css = "".join(style.split("@media print")[1:])
    assert re.search(r"\.search[^{]*\{\s*display:\s*none", print_css)
    assert "details::details-content { content-visibility: visible; display: block; }" in print_css


def test_inline_file_that_could_close_its_element_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "review").mkdir()
    (tmp_path / html_renderer.SCRIPT_FILE).write_text("let s = '</script>';\n")
    monkeypatch.setattr(html_renderer, "templates_dir", lambda: tmp_path)
    with pytest.raises(ValueError, match="must not contain"):
        html_renderer._raw_text(html_renderer.SCRIPT_FILE)


def test_each_evidence_line_is_shown_once() -> None:
    from dataclasses import replace

    from licscan.render.html import FindingView

    finding = Finding("copyleft", Severity.WARNING, None, "m", evidence=("a", "b", "a", "b", "c"))
    assert FindingView(finding, "finding-1", None).evidence == ("a", "b", "c")
    assert replace(finding, evidence=()).evidence == ()
