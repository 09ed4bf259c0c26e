"""The facts of licscan's SPDX documents, as plain strings: what both SPDX 2.3 writers say
(licscan's own, `spdx.py`, and spdx-tools', `spdx_library.py`) and what SPDX 3 shares with them.

No SBOM library is imported here: license expressions are written as license-expression's
parser (which spdx-tools uses) writes them, from the license list's index where the
expression is a plain AND of ids (`licscan.spdx.plain_terms`), by the parser otherwise.
"""

from __future__ import annotations

import re
from functools import lru_cache

from license_expression import ExpressionError

from licscan.model import (
    Component,
    ComponentKind,
    FileStatus,
    Inventory,
    LinkKind,
    Report,
    Shipping,
)
from licscan.render import copyrights, identifiers
from licscan.render.context import code_seen, dispute_text, identified_texts
from licscan.spdx import PUBLIC_DOMAIN_REF, PUBLIC_DOMAIN_TEXT, licensing, plain_terms

DOCUMENT_ID = "SPDXRef-DOCUMENT"
DISTRIBUTION_ID = "SPDXRef-Distribution"
NAMESPACE_BASE = "https://licscan.invalid/spdx"

# How CPython reaches a library, by the installed (`default`) variant's link kind: compiled in
# (libpython or an extension), a shared library the archive ships, or the operating system's.
# (SPDX 2.3 relationship type, comment)
LINK_RELATIONSHIP: dict[LinkKind, tuple[str, str | None]] = {
    LinkKind.STATIC: ("STATIC_LINK", None),
    LinkKind.DYNAMIC: ("DYNAMIC_LINK", "shared library shipped in the archive"),
    LinkKind.SYSTEM: (
        "DEPENDS_ON",
        "not distributed: taken from the operating system at run time",
    ),
    LinkKind.FRAMEWORK: ("DEPENDS_ON", "not distributed: an operating system framework"),
    LinkKind.UNSPECIFIED: (
        "DEPENDS_ON",
        "linked; the metadata does not say whether statically or dynamically",
    ),
}

SBOM_TYPE_COMMENT = (
    "SBOM type: Analyzed (CISA, Types of Software Bill of Material Documents, 2023; CycloneDX "
    "lifecycle post-build): made by licscan from the built python-build-standalone archive, "
    "read as it ships, not from the build."
)

Relationship = tuple[str, str, str, str | None]  # (from, type, to, comment)
Extracted = tuple[str, str, str, str]  # (license id, text, name, comment)


def _plain_text(expression: str) -> str | None:
    terms = plain_terms(expression, refs=True)
    if terms is None:
        return None
    return " AND ".join(k if x is None else f"{k} WITH {x}" for k, x in terms)


_PIECES = re.compile(r"\(([^()]*)\)|([^() ]+(?: WITH [^() ]+)?)")


def _pieces_text(expression: str) -> str | None:
    """An AND of plain ids and parenthesised plain ANDs (what `distribution_license` writes),
    as the parser writes it: a group of one term loses its parentheses."""
    out: list[str] = []
    plain: list[str] = []
    position, size = 0, len(expression)
    while position < size:
        found = _PIECES.match(expression, position)
        if found is None:
            return None
        inner = found.group(1) if found.group(1) is not None else found.group(2)
        text = _plain_text(inner)
        if text is None:
            return None
        grouped = found.group(1) is not None and " AND " in text
        out.append(f"({text})" if grouped else text)
        plain.append(text)
        position = found.end()
        if position < size:
            if not expression.startswith(" AND ", position):
                return None
            position += 5
    if len(out) == 1:  # the parser drops the parentheses around the whole expression
        return plain[0]
    return " AND ".join(out) if out else None


@lru_cache(maxsize=4096)  # one per expression, shared by the packages that have it
def spdx_text(expression: str) -> str | None:
    """The expression as spdx-tools writes it (`str(spdx_licensing.parse(expression))`);
    None where it does not parse (written NOASSERTION)."""
    text = _plain_text(expression)
    if text is None and "(" in expression:
        text = _pieces_text(expression)
    if text is not None:
        return text
    try:
        return str(licensing().parse(expression))
    except ExpressionError:
        return None


def license_value(expression: str) -> str:
    """The value of a license field: NOASSERTION, NONE or the expression as written."""
    if expression in ("NOASSERTION", "NONE"):
        return expression
    return spdx_text(expression) or "NOASSERTION"


def license_refs(expression: str) -> list[str]:
    return list(_license_refs(expression))


@lru_cache(maxsize=4096)  # thousands of packages share a few expressions
def _license_refs(expression: str) -> tuple[str, ...]:
    """The `LicenseRef-` keys of an expression, in order, each once (`license_keys`)."""
    if expression in ("NOASSERTION", "NONE"):
        return ()
    terms = plain_terms(expression, refs=True)
    if terms is not None:
        keys = [k for term in terms for k in term if k is not None]
    else:
        try:
            keys = licensing().license_keys(expression)
        except ExpressionError:
            return ()
    return tuple(k for k in dict.fromkeys(keys) if k.startswith("LicenseRef-"))


def id_text(value: str) -> str:
    """`value` in an id's letters: letters, digits, `.` and `-`."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", value).strip("-")


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3`, ...: the first not in `taken`, which it joins."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def spdx_ids(
    components: tuple[Component, ...], prefix: str = "SPDXRef-Component-"
) -> dict[str, str]:
    """Component key -> its id (`prefix` and the key in id letters), unique in model order."""
    taken: set[str] = set()
    return {c.key: unique_id(prefix + id_text(c.key), taken) for c in components}


def document_name(inv: Inventory) -> str:
    return re.sub(r"[^A-Za-z0-9._+-]+", "-", inv.archive.file_name) or "distribution"


def copyright_value(found: copyrights.Copyright) -> str:
    if found.text == copyrights.NONE:
        return "NONE"
    return found.text if found.known else "NOASSERTION"


def package_comments(
    c: Component, inventory: Inventory, notices: copyrights.Copyright
) -> tuple[str | None, str]:
    """(license comment, comment) of a component's package; `notices`: its copyright."""
    corrections = "; ".join(f"{k.code}: {k.message}" for k in c.corrections)
    if identified := identified_texts(c.license_files):
        corrections += ("; " if corrections else "") + f"license texts identified as: {identified}"
    for dispute in c.disputes:
        corrections += ("; " if corrections else "") + dispute_text(dispute)
    hashed = ", ".join(h.member for h in c.hashes)
    comment = f"shipping: {c.shipping.value}; kind: {c.kind.value}"
    if c.used_by:
        comment += f"; used by: {', '.join(c.used_by)}"
    if hashed:
        comment += f"; checksums of: {hashed}"
    if seen := code_seen(c):
        comment += f"; code found in: {', '.join(seen)}"
    comment += f"; copyright: {notices.source}"
    if not c.version:
        comment += f"; version unknown: {identifiers.version_label(c, inventory)} stands for it"
    return corrections or None, comment


def distribution_license(inventory: Inventory) -> str:
    """What the archive as a whole is under: every license of the code it carries (bundled
    and build-only), joined with AND; NOASSERTION when any of them is unknown."""
    expressions = sorted(
        {c.concluded.expression for c in inventory.components if c.shipping is not Shipping.SYSTEM}
    )
    if not expressions or any(e in ("NOASSERTION", "NONE") for e in expressions):
        return "NOASSERTION"
    return " AND ".join(f"({e})" if " " in e else e for e in expressions)


DISTRIBUTION_LICENSE_COMMENT = (
    "Concluded: the licenses of all code the archive carries (the packages it "
    "contains), joined; see each package for its own."
)


def distribution_summary(inv: Inventory) -> str:
    return (
        f"python-build-standalone {inv.flavor.value} archive for "
        f"{inv.target_triple or 'an unknown target'} ({inv.build_options or 'unknown options'})"
    )


def distribution_comment(report: Report, notices: copyrights.Copyright) -> str:
    inv = report.inventory
    return (
        f"release: {inv.release.tag or inv.release.detail or 'unknown'} "
        f"({inv.release.source.value}); licscan verdict: {report.verdict.status}; "
        f"copyright: {notices.source}"
        + (f"; found in {inv.archive.origin.describe()}" if inv.archive.origin else "")
    )


def relationships(report: Report, ids: dict[str, str]) -> list[Relationship]:
    """The document DESCRIBES the distribution, which CONTAINS every component whose code it
    carries; CPython STATIC_LINK / DYNAMIC_LINK / DEPENDS_ON each library by how its installed
    extensions reach it, and CONTAINS the copies in its own source tree."""
    inv = report.inventory
    interpreter = next((c for c in inv.components if c.kind is ComponentKind.INTERPRETER), None)
    linker = ids[interpreter.key] if interpreter else DISTRIBUTION_ID
    rels: list[Relationship] = [(DOCUMENT_ID, "DESCRIBES", DISTRIBUTION_ID, None)]
    for c in inv.components:
        target = ids[c.key]
        if c.shipping is not Shipping.SYSTEM:
            comment = "object code under build/ only" if c.shipping is Shipping.BUILD_ONLY else None
            rels.append((DISTRIBUTION_ID, "CONTAINS", target, comment))
        if c is interpreter:
            continue
        if c.key.startswith("cpython/"):
            rels.append((linker, "CONTAINS", target, None))
        kinds = {LINK_RELATIONSHIP[u.kind] for u in c.links if u.variant == "default" and u.kind}
        if c.shipping is Shipping.SYSTEM and not kinds:
            kinds = {LINK_RELATIONSHIP[LinkKind.SYSTEM]}
        for kind, comment in sorted(kinds, key=lambda k: (k[0], k[1] or "")):
            rels.append((linker, kind, target, comment))
    return rels


def license_ref_users(inv: Inventory) -> dict[str, list[Component]]:
    """Each LicenseRef the components' expressions use -> those components, in order (each
    component once: no comparison of components, which is deep and quadratic)."""
    users: dict[str, list[Component]] = {}
    for c in inv.components:
        refs = license_refs(c.declared.expression) + license_refs(c.concluded.expression)
        for ref in dict.fromkeys(refs):
            users.setdefault(ref, []).append(c)
    return users


# A component whose license is one section of CPython's Windows LICENSE.txt (the vcruntime):
# its LicenseRef text is that section, from its heading to the next rule of dashes.
_WINDOWS_SECTION = re.compile(
    r"^Additional Conditions for this Windows binary build\n.*?(?=\n\s*-{20,}\s*$|\Z)",
    re.MULTILINE | re.DOTALL,
)


def _own_text(component: Component, text: str) -> str:
    if component.kind is not ComponentKind.INTERPRETER and (m := _WINDOWS_SECTION.search(text)):
        return m.group(0).rstrip() + "\n"
    return text


def present_texts(inv: Inventory, components: list[Component]) -> list[str]:
    """The distinct license texts the archive holds for these components, in order."""
    texts: list[str] = []
    for c in components:
        for f in c.license_files:
            text = inv.license_texts.get(f.path)
            if f.status is FileStatus.PRESENT and text and (own := _own_text(c, text)) not in texts:
                texts.append(own)
    return texts


def extracted(report: Report) -> list[Extracted]:
    """One entry per LicenseRef used, with the texts of the components that use it."""
    inv = report.inventory
    users = license_ref_users(inv)
    infos: list[Extracted] = []
    for ref in sorted(users):
        names = ", ".join(c.name for c in users[ref])
        if ref == PUBLIC_DOMAIN_REF:
            infos.append((ref, PUBLIC_DOMAIN_TEXT, "Public domain", f"used by {names}"))
            continue
        texts = present_texts(inv, users[ref])
        written = sorted({w for c in users[ref] for w in c.declared.invalid + c.concluded.invalid})
        explanation = (
            f"PYTHON.json declares license identifier(s) {', '.join(written) or ref} for {names}; "
            "they are not on the SPDX license list, so licscan refers to them as " + ref + "."
        )
        infos.append(
            (
                ref,
                "\n".join(texts) if texts else explanation,
                ref.removeprefix("LicenseRef-"),
                f"used by {names}" + ("; " + explanation if texts else ""),
            )
        )
    return infos
