"""`--jobs N` as the CLI runs it: `N - 1` worker processes and this one scanning too
(`helping`), each worker sending back what the command renders (`light` jobs), not Reports."""

from __future__ import annotations

import multiprocessing
import os
from datetime import date
from pathlib import Path

import pytest

from licscan import fleet
from licscan.judge import default_policy
from licscan.render import brief, json_line
from tests.cli.test_cli_fleet import (  # noqa: F401
    CLEAN,
    GPL,
    MACOS,
    cluster,
    crashing_work,
    folder,
    run,
    same_run,
)


def jobs_of(paths: list[Path], light: bool = False) -> list[fleet.Job | None]:
    policy, today = default_policy(), date(2026, 1, 1)
    return [fleet.Job(str(p), None, policy, False, today, light=light) for p in paths]


def inputs(folder: Path) -> list[Path]:  # noqa: F811
    return [folder / GPL, folder / CLEAN, folder / MACOS, *sorted(folder.rglob("*.tar.gz"))]


def test_a_light_job_sends_summary_rows_and_json_lines_not_reports(folder: Path) -> None:  # noqa: F811
    [full, light] = [*jobs_of([folder / GPL]), *jobs_of([folder / GPL], light=True)]
    assert full is not None and light is not None
    whole, sent = fleet.work(full), fleet.work(light)
    [report] = fleet.loads(whole).reports
    scanned = fleet.loads(sent)
    assert scanned.reports == () and scanned.error is None
    assert scanned.briefs == (brief(report),)
    assert scanned.lines == json_line(report)
    assert len(sent) < len(whole) / 4  # bytes and a row, not the object graph


@pytest.fixture(params=["fork", "spawn"])
def start(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Workers forked (Linux, no other thread here) or spawned (elsewhere), both tried."""
    method = str(request.param)
    monkeypatch.setattr(fleet, "_start_method", lambda: multiprocessing.get_context(method))
    return method


def test_the_workers_start_method(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import threading

    expected = "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"
    assert fleet._start_method().get_start_method() == expected
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a thread could hold a lock
    assert fleet._start_method().get_start_method() == "spawn"


def probe_work(job: fleet.Job) -> bytes:
    """In a worker: what $FLEET_PROBE says there, as the error."""
    return fleet.dumps(fleet.Scanned(error=os.environ.get("FLEET_PROBE", "unset")))


def test_workers_see_the_environment_as_it_is_when_they_are_given_inputs(
    folder: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    start: str,
) -> None:
    monkeypatch.setattr(fleet, "work", probe_work)
    jobs = jobs_of(inputs(folder)[:2])
    for value in ("first", "second"):  # e.g. SOURCE_DATE_EPOCH, LICSCAN_URL_TIMEOUT
        monkeypatch.setenv("FLEET_PROBE", value)
        found = dict(fleet.completed(jobs, workers=2))
        assert [found[i].error for i in range(2)] == [value, value]


def test_this_process_scans_too_beside_its_workers(
    folder: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    start: str,
) -> None:
    here: list[str] = []
    scan_here = fleet.scan_here

    def counted(job: fleet.Job) -> fleet.Scanned:  # only this process's scans pass here
        here.append(job.path)
        return scan_here(job)

    monkeypatch.setattr(fleet, "scan_here", counted)
    paths = inputs(folder) * 2
    found = dict(fleet.completed(jobs_of(paths, light=True), workers=2, helping=True))
    assert sorted(found) == list(range(len(paths)))  # each input once
    assert 1 <= len(here) < len(paths)  # this process and the worker both scanned
    assert os.getpid() and all(s.error is None for s in found.values())
    versions = [found[i].briefs[0].python_version for i in range(len(paths))]
    assert versions == ["3.9.16", "3.10.9", "3.11.9", "3.10.9"] * 2


@pytest.mark.parametrize("always", [False, True], ids=["once", "always"])
def test_a_dying_worker_costs_at_most_its_input_while_this_process_helps(
    folder: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    always: bool,
    start: str,
) -> None:
    monkeypatch.setenv("FLEET_CRASH_DIR", str(tmp_path))
    if always:
        monkeypatch.setenv("FLEET_CRASH_ALWAYS", "1")
    monkeypatch.setattr(fleet, "work", crashing_work)
    paths = inputs(folder)  # GPL first: a worker takes it before this process takes any
    found = dict(fleet.completed(jobs_of(paths), workers=2, helping=True))
    assert (tmp_path / "crashed").exists()  # a worker did die
    assert sorted(found) == list(range(len(paths)))
    errors = [found[i].error for i in range(len(paths))]
    died = "the worker process scanning it died, twice (out of memory? killed?)"
    assert errors == [died if always else None, None, None, None]
    assert all(len(found[i].reports) == 1 for i in range(1 if always else 0, len(paths)))


def test_light_inputs_go_largest_first_others_in_input_order(folder: Path) -> None:  # noqa: F811
    paths = inputs(folder)
    sizes = [p.stat().st_size for p in paths]
    assert len(set(sizes)) > 1
    for light, expected in (
        (True, sorted(range(4), key=lambda i: -sizes[i])),
        (False, [0, 1, 2, 3]),
    ):
        jobs = jobs_of(paths, light=light)
        order = sorted(((i, j) for i, j in enumerate(jobs) if j is not None), key=fleet._weight)
        assert [i for i, _ in order] == expected


# last: the cluster's threads stay in this process until the module ends (no fork after it)
def test_dask_workers_send_the_json_lines_of_scan_json(folder: Path, cluster: str) -> None:  # noqa: F811
    one = run("scan", "--json", folder, "-j", "1")
    dask = run("scan", "--json", folder, "--dask-scheduler", cluster)
    assert one.returncode == 2 and one.stdout.count("\n") == 4  # a line per good input
    same_run(one, dask, folder)
