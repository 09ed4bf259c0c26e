"""How one input is read, whatever holds it: the options every reader takes, as one object.

`read_input` (the public entry, `source.py`) builds it once from its keywords; the readers of
images and executables take it whole, so a new option is added in one place."""

from __future__ import annotations

from dataclasses import dataclass

from licscan.read.archive import DEFAULT_LIMITS, Inspector, KeepRule, Limits, Progress
from licscan.read.members import MemberCollector


@dataclass(frozen=True)
class ReadOptions:
    """What to keep, inspect and hash, within which limits, reported to whom, under which name."""

    keep: KeepRule
    inspect: Inspector | None = None
    limits: Limits = DEFAULT_LIMITS
    progress: Progress | None = None
    hash_rule: KeepRule | None = None  # None: hash every file
    name: str | None = None  # the file name the release's asset name is read from

    def collector(self, source: str) -> MemberCollector:
        """A member collector for `source` with these rules."""
        return MemberCollector(source, self.keep, self.inspect, self.limits, self.hash_rule)
