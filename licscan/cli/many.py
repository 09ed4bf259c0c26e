"""Many inputs for `scan`, `check` and `report`: each scanned in turn, in order, or in
parallel (`--jobs N` processes, `--dask-scheduler`: `fleet.py`) and handed on in input order.

A bad input gets its error line (stderr) and the others are still scanned and reported; on a
terminal each input gets one line of progress (as it finishes); several inputs end with a
summary table. The exit code is the worst of all inputs. With `--db`, an input already stored
is not scanned again, and each scanned one is stored once its outputs are written.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from licscan import fleet
from licscan.cli import console as console_view
from licscan.cli.text import escape, one_line
from licscan.errors import InputError, LicscanError, UsageError
from licscan.read import same_file
from licscan.render import archive_stem

if TYPE_CHECKING:
    from rich.console import Console

    from licscan.cli.db import Keeper
    from licscan.judge import Policy
    from licscan.model import Report
    from licscan.read import InputRef
    from licscan.render import Brief, StoredInstallation


@dataclass(frozen=True)
class Outcome:
    """What one input gave: its reports (one per installation), or the error that stopped it."""

    ref: InputRef
    stem: str  # its file name's stem, unique among the inputs: its report subfolder
    file_stem: str  # its file name's stem: the names of its report files
    reports: tuple[Report, ...] = ()
    error: str | None = None
    stored: tuple[StoredInstallation, ...] = ()  # --db: found in the store, not scanned
    summary: tuple[Brief, ...] = ()  # from a light job, which sends no reports
    lines: bytes | None = None  # from a light job: its JSON Lines, rendered by the worker

    @property
    def briefs(self) -> tuple[Brief, ...]:
        """Each installation's summary row."""
        from licscan.render import brief

        return self.summary or tuple(brief(r) for r in self.reports)


class Run:
    """The inputs of one command, expanded from its arguments, and what each gave."""

    def __init__(
        self,
        arguments: Sequence[str],
        policy: Path | None,
        allow_unknown_format: bool,
        name: str | None,
        db: Path | None = None,
        jobs: int | None = None,
        scheduler: str | None = None,
        limits: Sequence[str] | None = None,
    ) -> None:
        from licscan import api
        from licscan.judge import default_policy, load_policy

        self.refs = api.expand_inputs(arguments)
        if not self.refs:
            raise UsageError("no input: give an archive, a folder or - (stdin)")
        if name is not None and len(self.refs) > 1 and not any(r.stdin for r in self.refs):
            raise UsageError("--name gives the asset name of stdin (-) or of the only input")
        self.policy: Policy = load_policy(policy) if policy is not None else default_policy()
        self.limits = self.policy.limits.with_options(limits or ())  # --limit over [limits]
        self.allow_unknown_format = allow_unknown_format
        self.name = name
        self.file_stems = [file_stem(r, self._name_for(r)) for r in self.refs]
        self.stems = unique_stems(self.file_stems)
        self.outcomes: list[Outcome] = []
        self.jobs = fleet.default_jobs() if jobs is None else jobs
        if self.jobs < 1:
            raise UsageError(f"--jobs takes 1 or more, not {self.jobs}")
        self.scheduler = scheduler
        self.today = date.today()
        self.keeper: Keeper | None = None
        if db is not None:  # the store (sqlite3) only with --db
            from licscan.cli.db import Keeper

            self.keeper = Keeper(db)
        # workers send back only the summary rows and JSON Lines (scan --json, no --db)
        self.light = False

    def refuse_output(self, output: Path | None) -> None:
        """An `-o FILE` that is one of the inputs would be overwritten by the document."""
        if output is None or str(output) == "-" or not output.exists():
            return
        for ref in self.refs:
            if not ref.url and not ref.stdin and same_file(ref.path, output):
                raise UsageError(f"-o {output} is an input: give another file for the output")

    @property
    def single(self) -> bool:
        """One input (and no --db): every command behaves and writes as it always has."""
        return len(self.refs) == 1 and self.keeper is None

    def _name_for(self, ref: InputRef) -> str | None:
        return self.name if ref.stdin or len(self.refs) == 1 else None

    def job(self, ref: InputRef) -> fleet.Job:
        return fleet.Job(
            ref.path,
            self._name_for(ref),
            self.policy,
            self.allow_unknown_format,
            self.today,
            self.limits,
            self.light,
        )

    def build(self, ref: InputRef, stderr: Console) -> tuple[Report, ...]:
        """Scan and judge one input: one report per installation (raises its error)."""
        if self.scheduler is not None and not ref.stdin:  # the cluster reads it, as for many
            _, scanned = next(fleet.completed([self.job(ref)], workers=1, scheduler=self.scheduler))
        else:
            on_disk = None if ref.stdin or ref.url else Path(ref.path)
            with console_view.progress(stderr, on_disk) as progress:
                # stdin's unbuffered file: a reader thread left blocked on a stalled pipe
                # must not hold the buffer's lock at exit (nothing has read stdin before)
                stdin = sys.stdin.buffer
                source = getattr(stdin, "raw", stdin) if ref.stdin else None
                scanned = fleet.scan_one(self.job(ref), source, progress)
        if scanned.error is not None:
            raise InputError(scanned.error)
        return scanned.reports

    @property
    def parallel(self) -> bool:
        """Whether inputs go to other processes: a scheduler, or --jobs above 1 and more
        than one input to read from a path or URL."""
        others = sum(not ref.stdin for ref in self.refs)
        return self.scheduler is not None or (self.jobs > 1 and others > 1)

    def _stored(self, ref: InputRef, stderr: Console) -> tuple[StoredInstallation, ...]:
        return self.keeper.stored(ref, stderr) if self.keeper else ()

    def each(self, stderr: Console) -> Iterator[Outcome]:
        """Every input's outcome, in input order; a bad input's error is printed, not raised.
        Progress lines come as inputs finish."""
        if self.parallel:
            yield from self._each_parallel(stderr)
            return
        for number, ref in enumerate(self.refs, start=1):
            started = time.monotonic()
            names = self.stems[number - 1], self.file_stems[number - 1]
            stored = self._stored(ref, stderr)
            if stored:
                outcome = Outcome(ref, *names, stored=stored)
            else:
                try:
                    outcome = Outcome(ref, *names, self.build(ref, stderr))
                except LicscanError as error:
                    outcome = Outcome(ref, *names, error=str(error))
            index = self.record(outcome, stderr)
            self._progress(stderr, number, outcome, time.monotonic() - started)
            yield outcome
            self._keep(index, stderr)

    def _each_parallel(self, stderr: Console) -> Iterator[Outcome]:
        """Inputs already stored are looked up here first and not scanned, the others go to
        the workers; all are handed on in input order as they finish."""
        ready: dict[int, Outcome] = {}
        todo: list[int] = []
        digests: dict[int, str | None] = {}  # of the stored ones: said in input order
        for index, ref in enumerate(self.refs):
            digests[index], stored = self.keeper.find(ref) if self.keeper else (None, ())
            names = self.stems[index], self.file_stems[index]
            if stored:
                ready[index] = Outcome(ref, *names, stored=stored)
            else:
                todo.append(index)
        finished = 0

        def local(number: int) -> fleet.Scanned:  # stdin, read in this process
            job = self.job(self.refs[todo[number]])
            scanned = fleet.scan_one(job, sys.stdin.buffer)
            return fleet.lighten(scanned) if job.light else scanned

        def handed_on() -> Iterator[Outcome]:
            nonlocal finished
            while len(self.outcomes) in ready:
                index = len(self.outcomes)
                outcome = ready.pop(index)
                if outcome.stored and self.keeper is not None:
                    self.keeper.say(outcome.ref, digests[index], outcome.stored, stderr)
                    finished += 1
                    self._progress(stderr, finished, outcome, 0.0)
                self.record(outcome, stderr)
                yield outcome
                self._keep(index, stderr)

        yield from handed_on()
        jobs = [None if self.refs[i].stdin else self.job(self.refs[i]) for i in todo]
        results = fleet.completed(
            jobs,
            workers=self.jobs,
            scheduler=self.scheduler,
            local=local,
            helping=True,
        )
        for number, scanned in results if jobs else ():
            index = todo[number]
            names = self.stems[index], self.file_stems[index]
            light = (scanned.briefs, scanned.lines) if self.light else ((), None)
            ready[index] = Outcome(
                self.refs[index], *names, scanned.reports, scanned.error, (), *light
            )
            finished += 1
            self._progress(stderr, finished, ready[index], scanned.seconds)
            yield from handed_on()

    def record(self, outcome: Outcome, stderr: Console) -> int:
        """Every finished input passes here, once, in input order: its error line is printed,
        and it joins `outcomes`; its index there."""
        if outcome.error is not None:
            show_error(stderr, outcome)
        self.outcomes.append(outcome)
        return len(self.outcomes) - 1

    def _keep(self, index: int, stderr: Console) -> None:
        """--db: store a scanned input once its outputs are written (or their writing failed:
        `failed` replaced it with its error)."""
        done = self.outcomes[index]
        if self.keeper is not None and done.error is None and not done.stored:
            self.keeper.keep(done.ref, done.reports, stderr)

    def _progress(self, stderr: Console, number: int, outcome: Outcome, seconds: float) -> None:
        if stderr.is_terminal:
            stderr.print(
                f"[dim]{escape(f'[{number}/{len(self.refs)}]')}[/] {escape(outcome.ref.label)}: "
                f"{escape(_tally(outcome))} ({seconds:.1f} s)",
                highlight=False,
            )

    def failed(self, outcome: Outcome, error: LicscanError, stderr: Console) -> None:
        """Record that writing an input's outputs failed after it was read."""
        index = self.outcomes.index(outcome)
        self.outcomes[index] = Outcome(
            outcome.ref, outcome.stem, outcome.file_stem, error=str(error)
        )
        show_error(stderr, self.outcomes[index])

    @property
    def reports(self) -> list[Report]:
        return [r for o in self.outcomes for r in o.reports]

    def exit_code(self, *, gate: bool) -> int:
        """2 when any input was bad, else (for the gate) 1 when any report fails, else 0."""
        if any(o.error is not None for o in self.outcomes):
            return 2
        passed = all(b.passed for o in self.outcomes for b in o.briefs) and all(
            s.passed for o in self.outcomes for s in o.stored
        )
        return 1 if gate and not passed else 0


def show_error(stderr: Console, outcome: Outcome) -> None:
    message = outcome.error or ""
    label = outcome.ref.label
    shown = message if label in message else f"{label}: {message}"
    stderr.print(f"[bold red]licscan:[/] {one_line(shown)}", highlight=False, soft_wrap=True)


def _tally(outcome: Outcome) -> str:
    if outcome.error is not None:
        return "bad input"
    briefs = outcome.briefs
    statuses = sorted({b.status for b in briefs} | {s.verdict for s in outcome.stored})
    count = len(briefs) + len(outcome.stored)
    stored = "in the store: " if outcome.stored else ""
    return f"{stored}{count} installation{'s' * (count != 1)}, {', '.join(statuses)}"


def file_stem(ref: InputRef, name: str | None) -> str:
    """The stem of an input's file name: `x.tar.zst` -> `x`; stdin: its --name, else stdin."""
    if ref.stdin:
        return archive_stem(name) if name else "stdin"
    return archive_stem(ref.file_name)


def unique_stems(stems: Sequence[str]) -> list[str]:
    """The stems, a repeated one (compared case-insensitively) suffixed -2, -3, ..."""
    seen: set[str] = set()
    unique = []
    for stem in stems:
        candidate, n = stem, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate.casefold())
        unique.append(candidate)
    return unique


def show_summary(console: Console, outcomes: Sequence[Outcome]) -> None:
    """The table after several inputs: one row per installation, one per bad input."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="licscan summary", header_style="bold", title_justify="left")
    for column in ("input", "installation", "python", "triple", "release", "verdict"):
        table.add_column(column, overflow="fold")
    styles = {"pass": "green", "needs review": "yellow", "fails policy": "bold red"}
    for outcome in outcomes:
        label = escape(outcome.ref.label)
        if outcome.error is not None:
            table.add_row(label, "-", "-", "-", "-", "[bold red]bad input[/]")
        for brief in outcome.briefs:
            status = brief.status
            table.add_row(
                label,
                escape(brief.root or "."),
                escape(brief.python_version or "?"),
                escape(brief.target_triple or "?"),
                escape(brief.release),
                f"[{styles.get(status, 'yellow')}]{escape(status)}[/]",
            )
        for stored in outcome.stored:
            table.add_row(
                label,
                escape(stored.root or "."),
                escape(stored.python_version or "?"),
                escape(stored.target_triple or "?"),
                escape(stored.release_text),
                f"[{styles.get(stored.verdict, 'yellow')}]{escape(stored.verdict)}[/] (stored)",
            )
    if not console.is_terminal:  # a log or a pipe has no width to keep to: fold nothing
        console = Console(file=console.file, width=max(console.width, 240), color_system=None)
    console.print(table)


def json_lines(documents: Sequence[bytes]) -> bytes:
    """JSON documents (as `render_report(r, "json")` writes them) as JSON Lines."""
    return b"".join(
        json.dumps(json.loads(doc), ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "backslashreplace"
        )
        + b"\n"
        for doc in documents
    )
