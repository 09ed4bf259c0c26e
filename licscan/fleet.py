"""Many inputs at once: in worker processes on this machine (`--jobs N`) or on an existing Dask
distributed cluster (`--dask-scheduler ADDRESS`, the `licscan[dask]` extra).

Each input (a path or URL; stdin is always read in this process) is one task: a worker scans
and judges it itself (`scan_one`) and sends back the pickled `Scanned`, the same `Report`
objects `--jobs 1` builds, so every output is rendered here, in input order, exactly as for
`--jobs 1`. `completed` gives the results as they finish; `scan_many` (also
`licscan.scan_many`) gives them in input order. On Dask, a task whose worker is lost is run
again on another worker (the scheduler's rule), and one that raised is retried (`retries=`).
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from licscan.errors import LicscanError, UsageError
from licscan.read import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from licscan.judge import Policy
    from licscan.model import Report
    from licscan.read import InputRef, Readable

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


@dataclass(frozen=True)
class Scanned:
    """What one input gave: one report per installation, or the one-line error."""

    reports: tuple[Report, ...] = ()
    error: str | None = None
    seconds: float = 0.0


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


def work(job: Job) -> bytes:
    """A worker's task: `scan_one`, pickled."""
    return dumps(scan_one(job))


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


def completed(
    jobs: Sequence[Job | None],
    *,
    workers: int,
    scheduler: str | None = None,
    local: Local | None = None,
) -> Iterator[tuple[int, Scanned]]:
    """(input number, what it gave) for every job as it finishes: on `scheduler` (a Dask
    scheduler's address) or in `workers` processes; a None job (stdin) is scanned by `local`
    in this process while the workers run."""
    if scheduler is not None:
        return _on_dask(jobs, scheduler, local)
    return _in_processes(jobs, workers, local)


def _locally(jobs: Sequence[Job | None], local: Local | None) -> Iterator[tuple[int, Scanned]]:
    for index, job in enumerate(jobs):
        if job is None:
            assert local is not None, "an input to read in this process needs `local`"
            yield index, local(index)


def _in_processes(
    jobs: Sequence[Job | None], workers: int, local: Local | None
) -> Iterator[tuple[int, Scanned]]:
    """A pool of `workers`; when a worker process dies (out of memory, killed), the pool is
    broken: each input it left unfinished runs once more, alone in a new process, and one
    that kills that one too is a bad input."""
    todo = {i: job for i, job in enumerate(jobs) if job is not None}
    broken: list[int] = []
    yield from _pool(todo, workers, broken, lambda: _locally(jobs, local))
    for index in broken:
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
) -> Iterator[tuple[int, Scanned]]:
    import multiprocessing  # here: one input in this process needs no pool (0.01 s)
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    # spawn: the same on every OS, and safe with the threads this process may have started
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))), mp_context=context)
    try:
        futures = {pool.submit(work, job): i for i, job in todo.items()}
        if meanwhile is not None:
            yield from meanwhile()
        for future in as_completed(futures):
            try:
                data = future.result()
            except BrokenProcessPool:
                broken.append(futures[future])
                continue
            yield futures[future], loads(data)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    broken.sort()


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
    import sys

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
