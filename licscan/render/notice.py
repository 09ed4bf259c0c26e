"""The NOTICE text (format `notice`): third-party notices to hand to a customer.

The header names the distribution (and its distributor, from the policy's `[notice]`
table); then the components with their versions and licenses, the written offer for source
code when shipped code needs one, and each distributed component with its license texts:
each distinct text once (`notice_texts.py`), texts the archive lacks from the SPDX License
List, authorship files listed apart. No verdict and no findings: those belong to `check`
and the review page. Every line fits 80 columns except the verbatim texts.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import jinja2

from licscan.judge import offer_items, terms
from licscan.model import (
    Component,
    ComponentKind,
    FileStatus,
    Inventory,
    NoticeSettings,
    ReleaseInfo,
    ReleaseSource,
    Report,
    Shipping,
)
from licscan.render.context import RenderContext, code_seen, dispute_text, iso_timestamp
from licscan.render.jinja_env import environment
from licscan.render.notice_texts import Printed, TextBlock

TEMPLATE = "NOTICE.txt.j2"
WIDTH = 80
_NO_TEXT_IDS = ("NOASSERTION", "NONE")


def wrap(text: str, first: str = "", rest: str | None = None) -> list[str]:
    """`text` in lines of at most 80 columns, the first prefixed by `first`."""
    if len(first) + len(text) <= WIDTH and text.isprintable() and text and text[-1] != " ":
        return [first + text]  # what textwrap gives a text that fits: no tab, newline, end space
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=" " * len(first) if rest is None else rest,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


def heading(prefix: str, path: str) -> list[str]:
    """ "----- License text: PATH", the path on a line of its own when both do not fit."""
    line = f"{prefix}: {path}"
    return [line] if len(line) <= WIDTH else [f"{prefix}:", *wrap(path)]


@dataclass(frozen=True)
class Entry:
    """A component section of the notice."""

    title: str
    facts: tuple[str, ...]  # wrapped lines
    texts: tuple[TextBlock, ...] = ()


def describe_release(release: ReleaseInfo) -> str:
    """The PBS release and how licscan knows it, in words."""
    how = {
        ReleaseSource.FILE_NAME: "from the archive file name",
        ReleaseSource.BUILD_FILE: "from the installation's BUILD file, written by uv",
        ReleaseSource.CONTENTS: "inferred from the archive contents",
        ReleaseSource.UNKNOWN: "not determined",
    }[release.source]
    if release.tag is not None:
        what = release.tag
    elif release.earliest and release.latest and release.earliest != release.latest:
        what = f"between {release.earliest} and {release.latest}"
    elif release.earliest or release.latest:
        what = (
            f"{release.earliest} or later" if release.earliest else f"{release.latest} or earlier"
        )
    else:
        what = "unknown"
    detail = f"; {release.detail}" if release.detail else ""
    return f"{what} ({how}{detail})"


def describe_date(context: RenderContext) -> str:
    """The notice's date and how it was chosen (it is never the clock's)."""
    when = iso_timestamp(context.timestamp)
    how = {
        "SOURCE_DATE_EPOCH": "from SOURCE_DATE_EPOCH",
        "archive": "the newest modification time of a file in the archive, not the day this "
        "notice was written",
    }.get(context.timestamp_source, "given by the caller")
    return f"{when} ({how}); written by licscan {context.tool_version}"


def _title(c: Component) -> str:
    title = f"{c.name} {c.version}" if c.version else f"{c.name} (version unknown)"
    return title + _VENDORED.get(c.key.partition("/")[0], "")


# where a Python package's copy lives, when not in site-packages: the same package and version
# may be there too (pip 24.0 installed and pip 24.0 in ensurepip/_bundled/), told apart here
_VENDORED = {"ensurepip": " (ensurepip wheel)", "pip": " (vendored in pip)"}


def _usage(c: Component) -> str:
    parts = []
    for ext, variant in sorted({(u.extension, u.variant) for u in c.links}):
        uses = [u for u in c.links if (u.extension, u.variant) == (ext, variant)]
        kinds = "/".join(sorted({u.kind.value for u in uses}))
        if variant != "default":
            parts.append(f"{ext} (variant {variant}, {kinds}, under python/build/ only)")
            continue
        places = sorted({u.container or "the interpreter core" for u in uses})
        parts.append(f"{ext} ({kinds}, in {', '.join(places)})")
    return "; ".join(parts)


def _fact(label: str, value: str) -> list[str]:
    return wrap(value, (label + ":").ljust(14))


def _list_ids(c: Component) -> tuple[str, ...]:
    """The license ids of a component whose texts the SPDX License List may supply."""
    ids: list[str] = []
    for term in terms(c.concluded.expression):
        for spdx_id in (term.id, term.exception or ""):
            usable = spdx_id and not spdx_id.startswith("LicenseRef-")
            if usable and spdx_id not in ids and spdx_id.upper() not in _NO_TEXT_IDS:
                ids.append(spdx_id)
    return tuple(ids)


def _entry(c: Component, inv: Inventory, printed: Printed) -> Entry:
    facts = _fact("License", c.concluded.expression)
    if c.concluded.expression != c.declared.expression:
        facts += _fact("Declared", c.declared.expression)
    for corr in c.corrections:
        facts += _fact("Correction", corr.message)
    for dispute in c.disputes:
        facts += _fact("Disputed", dispute_text(dispute))
    if c.kind is not ComponentKind.PYTHON_PACKAGE and c.links:
        facts += _fact("Used by", _usage(c))
    if seen := code_seen(c):
        facts += _fact("Code found in", "; ".join(seen))
    blocks = [printed.block(f, inv.license_texts, c.name) for f in c.license_files]
    texts = [b for b in blocks if b is not None]
    if not any(f.status is FileStatus.PRESENT for f in c.license_files):
        texts += printed.from_license_list(c, _list_ids(c))
    if not texts and not c.license_files:
        facts += _fact("License text", "none referenced by the archive's metadata")
    return Entry(_title(c), tuple(facts), tuple(texts))


def _row(name: str, shipping: str, expression: str) -> list[str]:
    """A line of the components table (two or more when the name or license is long)."""
    lines = []
    if len(name) > 32:
        lines += wrap(name, "  ", "    ")
        name = ""
    return lines + wrap(expression, f"  {name.ljust(32)} {shipping.ljust(11)} ", " " * 47)


def _offer(inv: Inventory, notice: NoticeSettings) -> dict[str, object] | None:
    items = offer_items(inv)
    if not items:
        return None
    covered = [
        line
        for i in items
        for line in wrap(
            f"{_title(i.component)}: {', '.join(i.licenses)}"
            + (
                " (object code under python/build/)"
                if i.component.shipping is Shipping.BUILD_ONLY
                else ""
            ),
            "  * ",
        )
    ]
    paragraphs: list[list[str]] = []
    if notice.offer_configured:
        if notice.offer_contact:
            paragraphs.append(
                wrap(
                    f"{notice.offer_from} offers, for at least {notice.offer_years} years from "
                    "the last distribution of this version, to give you or any third party a "
                    "complete machine-readable copy of the corresponding source code of the "
                    "components listed above, for a charge no more than the cost of physically "
                    f"performing the source distribution. Ask {notice.offer_contact}."
                )
            )
        if notice.offer_url:
            paragraphs.append(
                wrap(
                    f"{notice.offer_from} makes the complete corresponding source code of these "
                    f"components available at {notice.offer_url}"
                    + (
                        f" for at least {notice.offer_years} years from the last distribution "
                        "of this version."
                        if not notice.offer_contact
                        else "."
                    )
                )
            )
    return {"covered": covered, "paragraphs": paragraphs, "configured": notice.offer_configured}


def notice_context(report: Report, context: RenderContext) -> dict[str, object]:
    """What the template shows, computed here so the template only lays it out."""
    inv, notice = report.inventory, report.verdict.notice
    printed = Printed()

    def entries(kinds: set[ComponentKind], shipping: Shipping) -> list[Entry]:
        chosen = [c for c in inv.components if c.kind in kinds and c.shipping is shipping]
        return [_entry(c, inv, printed) for c in chosen]

    native = {ComponentKind.INTERPRETER, ComponentKind.LIBRARY, ComponentKind.RUNTIME}
    bundled = entries(native, Shipping.BUNDLED)
    packages = entries({ComponentKind.PYTHON_PACKAGE}, Shipping.BUNDLED)
    build_only = entries(set(ComponentKind), Shipping.BUILD_ONLY)
    missing = [
        line
        for c in inv.components
        for f in c.license_files
        if f.status is not FileStatus.PRESENT
        for line in wrap(
            f"{f.path} ({c.name}): {f.status.value}"
            + (
                ", referenced by the metadata but not in the archive"
                if f.status is FileStatus.MISSING
                else ""
            ),
            "  * ",
        )
    ]
    distribution = f"CPython {inv.python_version or '(version unknown)'}"
    target = inv.target_triple or "an unknown target"
    header = [
        ("Distribution", f"{distribution}, python-build-standalone {inv.flavor.value} archive"),
        *([("Distributor", notice.distributor)] if notice.distributor else []),
        ("Target", inv.target_triple or "unknown"),
        ("Build options", inv.build_options or "unknown"),
        ("Release", describe_release(inv.release)),
        (
            "Archive",
            f"{inv.archive.file_name} ({inv.archive.container.value}, {inv.archive.size} bytes)",
        ),
        ("SHA-256", inv.archive.sha256),
        *([("Found in", inv.archive.origin.describe())] if inv.archive.origin else []),
        ("Date", describe_date(context)),
    ]
    return {
        "title": f"THIRD-PARTY NOTICES: {distribution} for {target}",
        "header": [line for k, v in header for line in wrap(v, (k + ":").ljust(15))],
        "notes": [line for note in inv.notes for line in wrap(note, "  * ")],
        "summary": [
            line
            for c in inv.components
            for line in _row(_title(c), c.shipping.value, c.concluded.expression)
        ],
        "offer": _offer(inv, notice),
        "bundled": bundled,
        "packages": packages,
        "build_only": build_only,
        "build_only_variants": [
            line
            for b in inv.build_only_variants
            for line in wrap(f"{b.extension}/{b.variant}: {b.license.expression}", "  * ")
        ],
        "system": [
            line
            for c in inv.components
            if c.shipping is Shipping.SYSTEM
            for line in wrap(
                f"{_title(c)}: {c.concluded.expression} (used by {', '.join(c.used_by) or '-'})",
                "  * ",
            )
        ],
        "system_libraries": [
            line
            for s in inv.system_libraries
            for line in wrap(
                f"{s.name} ({s.kind.value}, used by {', '.join(s.used_by) or '-'})", "  * "
            )
        ],
        "missing": missing,
        "unreferenced": [
            line for e in inv.unreferenced_license_files for line in wrap(e.file.path, "  * ")
        ],
        "authorship": [
            line
            for a in printed.authorship
            for line in wrap(
                f"{a.path} ({a.component}, {a.lines} line{'s' if a.lines != 1 else ''})", "  * "
            )
        ],
        "wrap": wrap,
        "heading": heading,
    }


def _environment() -> jinja2.Environment:
    return environment(autoescape=False)  # plain text, not HTML


def render(report: Report, context: RenderContext) -> bytes:
    """The NOTICE file as UTF-8 text."""
    text = _environment().get_template(TEMPLATE).render(notice_context(report, context))
    return text.encode("utf-8", "backslashreplace")
