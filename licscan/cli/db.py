"""`--db FILE` for `scan`, `check` and `report`: the run's side of the results store.

Before an input is scanned, `Keeper.stored` looks its SHA-256 up (regular files only, and
hashed only when an input of the same size is stored: a folder's digest is of its contents,
known after the scan; stdin is read once): a stored input
is skipped, and its stored verdicts count for the summary and the exit code. After an input
was scanned and its outputs written, `Keeper.keep` stores it in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from licscan.cli.text import escape
from licscan.render import open_store

if TYPE_CHECKING:
    from rich.console import Console

    from licscan.model import Report
    from licscan.read import InputRef
    from licscan.render import StoredInstallation


class Keeper:
    """The store one command's inputs are looked up in and written to."""

    def __init__(self, path: Path) -> None:
        self.store = open_store(path)
        self.path = path

    def stored(self, ref: InputRef, stderr: Console) -> tuple[StoredInstallation, ...]:
        """The stored installations of `ref` when its bytes are in the store (say so), else ()."""
        sha256, found = self.find(ref)
        self.say(ref, sha256, found, stderr)
        return found

    def find(self, ref: InputRef) -> tuple[str | None, tuple[StoredInstallation, ...]]:
        """(sha256, stored installations) of `ref`, silently: `say` tells it later."""
        return (None, ()) if ref.stdin else self.store.lookup_file(ref.path)

    def say(
        self,
        ref: InputRef,
        sha256: str | None,
        found: tuple[StoredInstallation, ...],
        stderr: Console,
    ) -> None:
        """The line saying an input is in the store and not scanned again (none if not)."""
        if found:
            statuses = ", ".join(sorted({s.verdict for s in found}))
            stderr.print(
                f"{escape(ref.label)}: already in {escape(self.path)} (sha256 "
                f"{sha256[:12] if sha256 else ''}..., stored as {escape(found[0].path)}): "
                f"not scanned again; stored verdict: {escape(statuses)}",
                highlight=False,
                soft_wrap=True,
            )

    def keep(self, ref: InputRef, reports: tuple[Report, ...], stderr: Console) -> None:
        """Store a scanned input's reports; say so when its bytes were already stored."""
        if reports and not self.store.add(reports, ref.label):
            stderr.print(
                f"{escape(ref.label)}: an input with the same sha256 is already in "
                f"{escape(self.path)}: not stored again",
                highlight=False,
                soft_wrap=True,
            )

    def documents(self, stored: tuple[StoredInstallation, ...]) -> list[bytes]:
        """The stored JSON documents, as `scan --json` writes them."""
        return [self.store.document(s) for s in stored]
