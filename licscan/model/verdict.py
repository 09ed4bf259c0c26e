"""The judgement: findings, waivers, the verdict, and the report renderers take."""

from __future__ import annotations

from dataclasses import dataclass

from licscan.model.base import StrEnum
from licscan.model.inventory import Inventory


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Waiver:
    """A policy's accepted finding for one component, with its reason and expiry."""

    component: str
    finding: str
    reason: str
    expires: str | None = None  # ISO date


@dataclass(frozen=True)
class Finding:
    """One verdict with the evidence behind it and what to do."""

    id: str  # stable kind, e.g. "gpl-in-interpreter"
    severity: Severity
    component: str | None  # component key, or None for distribution-wide findings
    message: str
    evidence: tuple[str, ...] = ()
    remedy: str = ""
    license: str | None = None  # the SPDX expression involved, if any
    waiver: Waiver | None = None  # set when a policy waiver covers it
    violates_policy: bool = False  # set by the policy stage


@dataclass(frozen=True)
class NoticeSettings:
    """The policy's `[notice]` table: who distributes, and the written offer for source code."""

    distributor: str = ""  # named in the NOTICE header
    offer_from: str = ""  # who offers the source code
    offer_contact: str = ""  # where to ask for it (postal or e-mail address)
    offer_url: str = ""  # where it is published
    offer_years: int = 3  # how long the offer is valid

    @property
    def offer_configured(self) -> bool:
        """Enough to write the offer: who offers it, and where to get the source."""
        return bool(self.offer_from and (self.offer_contact or self.offer_url))


@dataclass(frozen=True)
class Verdict:
    """The outcome of judging an inventory against a policy."""

    findings: tuple[Finding, ...]
    policy_name: str = "default"
    expired_waivers: tuple[Waiver, ...] = ()
    notice: NoticeSettings = NoticeSettings()  # the policy's [notice] table, for the NOTICE

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.violates_policy and f.waiver is None)

    @property
    def passed(self) -> bool:
        return not self.violations

    @property
    def status(self) -> str:
        """ "fails policy", "needs review" or "pass" (the HTML banner)."""
        if self.violations:
            return "fails policy"
        if any(f.severity is not Severity.INFO and f.waiver is None for f in self.findings):
            return "needs review"
        return "pass"


@dataclass(frozen=True)
class Report:
    """What renderers take: the inventory and its verdict."""

    inventory: Inventory
    verdict: Verdict
