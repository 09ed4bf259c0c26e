"""Stage 4, judge: findings about an inventory, and a policy applied to them.

Takes an `Inventory`; gives `Finding`s (copyleft, source offers, license-file integrity,
unknown licenses, corrections), each with evidence and a remedy, and a `Verdict` under a
`Policy` (deny/allow by SPDX id or category, severity threshold, waivers); and a `Diff` of
two judged reports (`licscan diff`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from licscan.judge.categories import terms
from licscan.judge.disputes import READINGS, dispute_phrase
from licscan.judge.disputes import sources_text as dispute_sources
from licscan.judge.findings import FINDING_IDS, find
from licscan.judge.offer import OfferItem, needs_offer, offer_items
from licscan.judge.policy import Policy, apply_policy, default_policy, load_policy, parse_policy

if TYPE_CHECKING:
    from licscan.judge.diff import (
        Comparison,
        ComponentChange,
        ComponentState,
        Diff,
        FieldChange,
        NewLicense,
        Side,
        diff_reports,
        new_license_ids,
        pair_reports,
    )

# `licscan diff`'s names load on first use (PEP 562): a scan or a check never needs them.
_DIFF = frozenset(
    {
        "Comparison",
        "ComponentChange",
        "ComponentState",
        "Diff",
        "FieldChange",
        "NewLicense",
        "Side",
        "diff_reports",
        "new_license_ids",
        "pair_reports",
    }
)


def __getattr__(name: str) -> Any:
    if name not in _DIFF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from licscan.judge import diff

    value = getattr(diff, name)
    globals()[name] = value
    return value


__all__ = [
    "FINDING_IDS",
    "READINGS",
    "Comparison",
    "ComponentChange",
    "ComponentState",
    "Diff",
    "FieldChange",
    "NewLicense",
    "OfferItem",
    "Policy",
    "Side",
    "apply_policy",
    "default_policy",
    "diff_reports",
    "dispute_phrase",
    "dispute_sources",
    "find",
    "load_policy",
    "needs_offer",
    "new_license_ids",
    "offer_items",
    "pair_reports",
    "parse_policy",
    "terms",
]
