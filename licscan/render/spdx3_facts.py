"""The facts of licscan's SPDX 3 document that its two writers share (`spdx3.py`, licscan's
own, and `spdx3_library.py`, the SPDX bindings'): comments, summaries, licensing texts."""

from __future__ import annotations

from licscan.model import Component, Inventory, Report
from licscan.render import copyrights, identifiers, spdx_common
from licscan.render.context import code_seen, dispute_text, identified_texts
from licscan.render.spdx_common import license_ref_users, present_texts
from licscan.spdx import PUBLIC_DOMAIN_REF, PUBLIC_DOMAIN_TEXT


def package_comment(c: Component, inventory: Inventory, notices: copyrights.Copyright) -> str:
    parts = [f"shipping: {c.shipping.value}", f"kind: {c.kind.value}"]
    if c.used_by:
        parts.append(f"used by: {', '.join(c.used_by)}")
    if seen := code_seen(c):
        parts.append(f"code found in: {', '.join(seen)}")
    if corrections := "; ".join(f"{k.code}: {k.message}" for k in c.corrections):
        parts.append(f"license corrections: {corrections}")
    if identified := identified_texts(c.license_files):
        parts.append(f"license texts identified as: {identified}")
    parts += [dispute_text(d) for d in c.disputes]
    parts.append(f"copyright: {notices.source}")
    if not c.version:
        parts.append(f"version unknown: {identifiers.version_label(c, inventory)} stands for it")
    return "; ".join(parts)


def licensing_texts(report: Report) -> list[tuple[str, str, str]]:
    """(LicenseRef, text, comment) of each licensing text, in order: the archive's texts of the
    components using it, or why licscan names it so."""
    inv = report.inventory
    users = license_ref_users(inv)
    found = []
    for ref in sorted(users):
        names = ", ".join(c.name for c in users[ref])
        public_domain = ref == PUBLIC_DOMAIN_REF
        texts = [PUBLIC_DOMAIN_TEXT] if public_domain else present_texts(inv, users[ref])
        explanation = (
            f"PYTHON.json declares a license for {names} that is not on the SPDX license list; "
            f"licscan refers to it as {ref}."
        )
        found.append((ref, "\n".join(texts) if texts else explanation, f"used by {names}"))
    return found


def distribution_summary(inv: Inventory) -> str:
    """SPDX 2's summary, with the archive's file name."""
    return f"{spdx_common.distribution_summary(inv)}: {inv.archive.file_name}"
