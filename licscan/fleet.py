"""Many inputs at once: in worker processes on this machine (`--jobs N`) or on an existing Dask
distributed cluster (`--dask-scheduler ADDRESS`, the `licscan[dask]` extra).

Each input (a path or URL; stdin is always read here) is one task: a worker scans and judges
it (`scan_one`) and sends back the pickled `Scanned`: the `Report`s `--jobs 1` builds, or for a
`light` job each installation's summary row and JSON Lines line, rendered in the worker.
`completed` gives the results as they finish (with `helping`, this process scans too, beside
`workers - 1` workers); `scan_many` (also `licscan.scan_many`) gives them in input order. On
Dask, a task whose worker is lost runs again elsewhere; one that raised is retried.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import queue
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from licscan.errors import LicscanError, UsageError
from licscan.read import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from licscan.judge import Policy
    from licscan.model import Report
    from licscan.read import InputRef, Readable
    from licscan.render import Brief

DASK_HINT = "pip install 'licscan[dask]'"
DASK_CONNECT_TIMEOUT = 20.0  # seconds to reach the scheduler
DASK_RETRIES = 2  # a task that raised runs up to this many more times


def default_jobs() -> int:
    """The cores this process may use."""
    counter = getattr(os, "process_cpu_count", None) or os.cpu_count
    return max(1, counter() or 1)


@dataclass(frozen=True)
class Job:
    """One input as a worker gets it: everything it needs to scan and judge it (picklable)."""

    path: str  # a file, folder or URL (never stdin: that is read here)
    name: str | None  # the asset name to read release and platform from (None: the file's)
    policy: Policy
    allow_unknown_format: bool
    today: date  # every input is judged on the same day
    limits: Limits = DEFAULT_LIMITS  # --limit over the policy's [limits]
    light: bool = False  # send back each installation's Brief and JSON line, not its Report


@dataclass(frozen=True)
class Scanned:
    """What one input gave: one report per installation, or the one-line error."""

    reports: tuple[Report, ...] = ()  # none from a light job
    error: str | None = None
    seconds: float = 0.0
    briefs: tuple[Brief, ...] = ()  # a light job's: one per installation
    lines: bytes = b""  # a light job's: the JSON Lines of its installations


def lighten(scanned: Scanned) -> Scanned:
    """What a light job sends back: the summary rows and JSON Lines, rendered here."""
    from licscan.render import brief, json_line

    briefs = tuple(brief(r) for r in scanned.reports)
    lines = b"".join(json_line(r) for r in scanned.reports)
    return Scanned((), scanned.error, scanned.seconds, briefs, lines)


def scan_one(
    job: Job, source: Readable | None = None, progress: Callable[[int, int], None] | None = None
) -> Scanned:
    """Scan and judge one input (`source`: a stream to read instead of `job.path`)."""
    from licscan import api
    from licscan.model import Report

    started = time.monotonic()
    try:
        found = api.scan_all(
            job.path if source is None else source,
            progress=progress,
            allow_unknown_format=job.allow_unknown_format,
            name=job.name,
            limits=job.limits,
        )
        reports = tuple(Report(i, api.judge(i, job.policy, today=job.today)) for i in found)
    except LicscanError as error:
        return Scanned(error=str(error), seconds=time.monotonic() - started)
    return Scanned(reports, seconds=time.monotonic() - started)


def scan_here(job: Job) -> Scanned:
    """`scan_one`, and what a light job sends back of it."""
    scanned = scan_one(job)
    return lighten(scanned) if job.light else scanned


def work(job: Job) -> bytes:
    """A worker's task: `scan_here`, pickled."""
    return dumps(scan_here(job))


def warm() -> None:
    """The pipeline imported: a spawned worker's start (a forked one has it from here)."""
    import licscan.api
    import licscan.inventory
    import licscan.judge  # noqa: F401
    from licscan.render import brief, json_line  # noqa: F401


def _mapping(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


def _reduce_mapping(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return _mapping, (dict(proxy),)


def dumps(value: object) -> bytes:
    """Pickle, with the read-only mappings of the model (which pickle refuses) as dicts."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_mapping}
    pickler.dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Scanned:
    value = pickle.loads(data)
    assert isinstance(value, Scanned)
    return value


Local = Callable[[int], Scanned]  # scans input number i (stdin) in this process
Pending = tuple[int, Job]  # an input's number and job


def completed(
    jobs: Sequence[Job | None],
    *,
    workers: int,
    scheduler: str | None = None,
    local: Local | None = None,
    helping: bool = False,
) -> Iterator[tuple[int, Scanned]]:
    """(input number, what it gave) for every job as it finishes: on `scheduler` (a Dask
    scheduler's address) or in `workers` processes (`helping`: this one and `workers - 1`);
    a None job (stdin) is scanned by `local` in this process while the workers run."""
    if scheduler is not None:
        return _on_dask(jobs, scheduler, local)
    return _in_processes(jobs, workers - helping, local, helping)


def _locally(jobs: Sequence[Job | None], local: Local | None) -> Iterator[tuple[int, Scanned]]:
    for index, job in enumerate(jobs):
        if job is None:
            assert local is not None, "an input to read in this process needs `local`"
            yield index, local(index)


def _in_processes(
    jobs: Sequence[Job | None], workers: int, local: Local | None, helping: bool
) -> Iterator[tuple[int, Scanned]]:
    """A pool of `workers`; when a worker process dies (out of memory, killed), the pool is
    broken: each input it held runs once more, alone in a new process (one that kills that
    one too is a bad input); those it had not taken go to a new pool."""
    todo = {i: job for i, job in enumerate(jobs) if job is not None}
    broken: list[int] = []
    yield from _pool(todo, workers, broken, lambda: _locally(jobs, local), helping)
    for index in sorted(broken):
        again: list[int] = []
        yield from _pool({index: todo[index]}, 1, again)
        if again:
            message = "the worker process scanning it died, twice (out of memory? killed?)"
            yield index, Scanned(error=message)


def _pool(
    todo: dict[int, Job],
    workers: int,
    broken: list[int],
    meanwhile: Callable[[], Iterator[tuple[int, Scanned]]] | None = None,
    helping: bool = False,
) -> Iterator[tuple[int, Scanned]]:
    """`workers` processes scan `todo` (a broken pool's inputs go to `broken`). With `helping`
    this process takes the next input whenever it is free, and the workers get one more as
    one finishes (a callback in the pool's thread), a few ahead: neither waits for the other."""
    pending = deque(sorted(todo.items(), key=_weight))
    if workers < 1 or not pending:
        if meanwhile is not None:
            yield from meanwhile()
        while pending:
            index, job = pending.popleft()
            yield index, scan_here(job)
        return
    from concurrent.futures import ProcessPoolExecutor  # here: one input needs no pool
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(workers, len(todo)))
    pool = ProcessPoolExecutor(max_workers=size, mp_context=_start_method(), initializer=warm)
    handout = _Handout(pool, pending, helping)
    dead = False
    try:
        for _ in range(size + 1 if helping else len(todo)):
            handout.give()
        if meanwhile is not None:
            yield from meanwhile()
        while True:
            with handout.lock:
                if not handout.taken and (dead or not pending):
                    break
                mine = pending.popleft() if helping and pending and not dead else None
            if mine is not None:
                yield mine[0], scan_here(mine[1])
                continue
            index, future = handout.finished.get()  # nothing to do here but wait
            handout.taken.discard(index)
            try:
                data = future.result()
            except BrokenProcessPool:
                broken.append(index)
                dead = True
                continue
            yield index, loads(data)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if pending:  # never given to the pool that broke: a new one
        yield from _pool(dict(pending), workers, broken, helping=helping)


def _weight(item: tuple[int, Job]) -> int:
    """Light jobs (small results) largest file first, so the last to finish are small ones
    and neither side waits long at the end; other jobs in input order (Reports wait here)."""
    job = item[1]
    try:
        return -os.stat(job.path).st_size if job.light and "://" not in job.path else 0
    except OSError:
        return 0


def _start_method() -> multiprocessing.context.BaseContext:
    """fork on Linux when this process runs no other thread: a worker then starts with the
    pipeline already imported here and this process's environment as it is now; else spawn
    (macOS, Windows, or threads that a fork could catch holding a lock)."""
    import multiprocessing

    if sys.platform == "linux" and threading.active_count() == 1:
        warm()  # imported once, here, for every worker
        for stream in (sys.stdout, sys.stderr):  # nothing left in a buffer to write twice
            stream.flush()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Handout:
    """The inputs given to a pool's workers: `taken` (not yet collected from `finished`)."""

    def __init__(self, pool: ProcessPoolExecutor, pending: deque[Pending], more: bool) -> None:
        self.pool, self.pending, self.more = pool, pending, more
        self.lock = threading.Lock()  # `pending` and `taken` change together
        self.taken: set[int] = set()
        self.finished: queue.SimpleQueue[tuple[int, Future[bytes]]] = queue.SimpleQueue()

    def give(self) -> None:
        """The next pending input to the workers, if there is one and the pool takes it."""
        from concurrent.futures.process import BrokenProcessPool

        with self.lock:
            if not self.pending:
                return
            index, job = self.pending.popleft()
            try:
                future = self.pool.submit(work, job)
            except (BrokenProcessPool, RuntimeError):  # broken, or shut down
                self.pending.appendleft((index, job))
                return
            self.taken.add(index)
        future.add_done_callback(lambda done: self._done(index, done))

    def _done(self, index: int, future: Future[bytes]) -> None:  # in the pool's thread
        self.finished.put((index, future))
        if self.more and not future.cancelled() and future.exception() is None:
            self.give()


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(f"--dask-scheduler needs the dask extra: {DASK_HINT}") from None
    try:
        return Client(  # type: ignore[no-untyped-call]
            address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False
        )
    except (OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def _on_dask(
    jobs: Sequence[Job | None], address: str, local: Local | None
) -> Iterator[tuple[int, Scanned]]:
    client = _client(address)
    from distributed import KilledWorker
    from distributed import as_completed as dask_completed

    batch = uuid.uuid4().hex[:12]
    try:
        futures = [
            (
                i,
                client.submit(
                    work, job, key=f"licscan-{batch}-{i}", pure=False, retries=DASK_RETRIES
                ),
            )
            for i, job in enumerate(jobs)
            if job is not None
        ]
        number = {future.key: i for i, future in futures}
        yield from _locally(jobs, local)
        for future in dask_completed([f for _, f in futures], loop=client.loop):  # type: ignore[no-untyped-call]
            try:
                data = future.result()
            except KilledWorker:
                message = "every Dask worker that took it died (out of memory? killed?)"
                yield number[future.key], Scanned(error=message)
                continue
            except Exception as exc:  # raised on the worker, retries spent
                yield number[future.key], Scanned(error=_worker_failed(exc))
                continue
            yield number[future.key], loads(data)
    finally:
        client.close()


def _worker_failed(exc: BaseException) -> str:
    if isinstance(exc, ImportError) and "licscan" in str(exc):
        return "the Dask workers cannot import licscan: install it on every worker"
    reason = " ".join(str(exc).split())[:300]
    return f"failed on the Dask cluster: {type(exc).__name__}: {reason}".rstrip(": ")


def scan_many(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    policy: Policy | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    allow_unknown_format: bool = False,
    today: date | None = None,
) -> list[tuple[InputRef, Scanned]]:
    """Scan and judge many inputs (paths, folders, URLs; expanded as on the command line) in
    `jobs` processes (default: the cores; 1: in this process, one after the other) or on the
    Dask cluster whose scheduler is at `scheduler`; in input order, a bad input's error in
    its `Scanned.error`. stdin (`-`) is read in this process."""
    from licscan import api
    from licscan.judge import default_policy

    refs = api.expand_inputs(inputs)
    workers = default_jobs() if jobs is None else jobs
    if workers < 1:
        raise UsageError(f"jobs must be 1 or more, not {workers}")
    chosen = policy or default_policy()
    day = today or date.today()
    tasks = [None if r.stdin else as_job(r, chosen, allow_unknown_format, day) for r in refs]

    def local(index: int) -> Scanned:
        source = sys.stdin.buffer if refs[index].stdin else None
        return scan_one(as_job(refs[index], chosen, allow_unknown_format, day), source)

    found: dict[int, Scanned] = {}
    if scheduler is None and (workers == 1 or len(refs) < 2):
        found = {i: local(i) for i in range(len(refs))}
    else:
        found = dict(completed(tasks, workers=workers, scheduler=scheduler, local=local))
    return [(ref, found[i]) for i, ref in enumerate(refs)]


def as_job(
    ref: InputRef, policy: Policy, allow_unknown_format: bool, today: date, name: str | None = None
) -> Job:
    """The job of an input (a stdin ref's is run with its stream, in this process)."""
    return Job(ref.path, name, policy, allow_unknown_format, today)
