"""Findings where a license text is another license than the one its component declares.

The inventory identified every license text it attaches (`LicenseFile.identified`); only a
text whose recognized licenses cover it (`identified_whole`) says what it is, so a text that
quotes another license (CPython's history section names the GPL) never raises a finding.
"""

from __future__ import annotations

from licscan.judge.categories import PUBLIC_DOMAIN, UNKNOWN, canonical_id, classify
from licscan.model import Component, Finding, LicenseFile, Severity
from licscan.spdx import expression_ids

# Different SPDX ids for one license text: the PSF agreement as CPython ships it (whose first
# part is what packages declare as PSF-2.0).
_SAME_TEXT = {"python-2.0.1": "python-2.0", "psf-2.0": "python-2.0"}
_BENIGN = frozenset({"Permissive", PUBLIC_DOMAIN})


def _text_family(spdx_id: str) -> str:
    """One key per license text: GPL-3.0-only and GPL-3.0-or-later share the GPL v3 text."""
    key = canonical_id(spdx_id).lower().removesuffix("-only").removesuffix("-or-later")
    key = key.removesuffix("+")
    return _SAME_TEXT.get(key, key)


def _category(spdx_id: str) -> str:
    """ScanCode category; an id newer than the index (BSD-3-Clause-Tso) takes its base's."""
    parts = spdx_id.split("-")
    for end in range(len(parts), 0, -1):
        category = classify("-".join(parts[:end]))
        if category != UNKNOWN:
            return category
    return UNKNOWN


def text_matches(file: LicenseFile, declared_ids: tuple[str, ...]) -> bool:
    """Some license the text is recognized as is a declared one (or the same text)."""
    families = {_text_family(i) for i in declared_ids}
    return any(_text_family(i) in families for i in file.identified)


def find(component: Component) -> list[Finding]:
    """One finding per license text of `component` identified as another license."""
    declared = expression_ids(component.concluded.expression)
    if not declared:
        return []
    found: list[Finding] = []
    for file in component.license_files:
        if not file.identified_whole or text_matches(file, declared):
            continue
        identified = " AND ".join(file.identified)
        categories = {_category(i) for i in (*file.identified, *declared)}
        severity = Severity.INFO if categories <= _BENIGN else Severity.WARNING
        found.append(
            Finding(
                "license-text-mismatch",
                severity,
                component.key,
                f"{file.path} is the {identified} text, while {component.name} is declared "
                f"{component.concluded.expression}.",
                (
                    f"licenseclassifier identifies {file.member} as {identified}",
                    f"{component.name}: concluded {component.concluded.expression}"
                    + (
                        f" (declared {component.declared.expression})"
                        if component.declared.expression != component.concluded.expression
                        else ""
                    ),
                ),
                f"Attribute {component.name} under the text it ships ({identified}); check "
                "the upstream project's license if the two differ in substance.",
                license=identified,
            )
        )
    return found
