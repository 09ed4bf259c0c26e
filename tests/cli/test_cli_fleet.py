"""Many inputs at once: `--jobs N` worker processes, `--dask-scheduler` (a LocalCluster on
127.0.0.1), URLs on the command line, and `licscan.scan_many` (`licscan/fleet.py`)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import licscan
from licscan import fleet
from licscan.errors import UsageError
from tests.builders import era_archive, write_archive
from tests.read.http_server import serve

LICSCAN = [sys.executable, "-m", "licscan"]
CLEAN = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
GPL = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
MACOS = "cpython-3.11.9+20240726-aarch64-apple-darwin-pgo+lto-full.tar.zst"


def run(
    *args: str | Path,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*LICSCAN, *map(str, args)],
        capture_output=True,
        input=stdin,
        timeout=300,
        env=env,
        cwd=cwd,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four archives and a corrupt one: sorted, the corrupt one comes between."""
    found = tmp_path_factory.mktemp("fleet")
    write_archive(era_archive("linux-3.10-20221220"), found / CLEAN)
    write_archive(era_archive("linux-3.9-20221220"), found / GPL)
    write_archive(era_archive("macos-3.11.9-real"), found / MACOS)
    gz = found / "more" / CLEAN.replace(".tar.zst", ".tar.gz")
    gz.parent.mkdir()
    write_archive(era_archive("linux-3.10-20221220"), gz, container="gz")
    data = (found / CLEAN).read_bytes()
    (found / "cpython-corrupt.tar.zst").write_bytes(data[: len(data) // 2])
    return found


def same_run(
    a: subprocess.CompletedProcess[str], b: subprocess.CompletedProcess[str], folder: Path
) -> None:
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


@pytest.mark.parametrize(
    "command",
    [("scan", "--json"), ("check",), ("check", "-f", "json"), ("check", "-f", "sarif")],
    ids=lambda c: "-".join(c),
)
def test_jobs_2_writes_exactly_what_jobs_1_writes(folder: Path, command: tuple[str, ...]) -> None:
    one = run(*command, folder, "--jobs", "1")
    two = run(*command, folder, "--jobs", "2")
    assert one.returncode == 2  # the corrupt input; the others are still reported
    assert one.stdout.count("cpython-3.") >= 4
    same_run(one, two, folder)


def test_check_exit_code_is_the_worst_in_parallel_too(folder: Path) -> None:
    good = [folder / CLEAN, folder / GPL, folder / MACOS]
    one, two = run("check", *good, "-j", "1"), run("check", *good, "-j", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout


def test_report_in_parallel_writes_the_same_files(folder: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("report", folder, "-o", one, "-j", "1").returncode == 2
    assert run("report", folder, "-o", two, "-j", "2").returncode == 2
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert len(files) >= 4 * 5 + 1  # five formats per good input, and index.html
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for name in files:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_stdin_is_read_in_the_main_process_among_parallel_inputs(folder: Path) -> None:
    args = ("check", "-f", "json", folder / CLEAN, "-", folder / MACOS, "--name", GPL)
    data = (folder / GPL).read_bytes()
    one, two = run(*args, "-j", "1", stdin=data), run(*args, "-j", "2", stdin=data)
    assert one.returncode == 1 and "gpl-in-interpreter" in one.stdout
    assert one.stdout == two.stdout


def test_progress_lines_come_as_inputs_finish(folder: Path) -> None:
    env = {**os.environ, "TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "250"}
    result = run("scan", "--json", folder, "-j", "2", env=env)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)
    lines = [x for x in plain.splitlines() if re.match(r"\[\d/5\] ", x)]
    assert [x[:5] for x in lines] == [f"[{n}/5]" for n in range(1, 6)]
    labels = {x.split(" ", 1)[1].split(": ", 1)[0] for x in lines}
    assert labels == {str(p) for p in folder.rglob("*.tar.*")}


def crashing_work(job: fleet.Job) -> bytes:
    """In a spawned worker: the GPL input kills its process, the first time (a marker file
    in $FLEET_CRASH_DIR says it did) or every time ($FLEET_CRASH_ALWAYS)."""
    if Path(job.path).name == GPL:
        marker = Path(os.environ["FLEET_CRASH_DIR"]) / "crashed"
        if os.environ.get("FLEET_CRASH_ALWAYS") or not marker.exists():
            marker.touch()
            os._exit(9)
    return fleet.dumps(fleet.scan_one(job))


@pytest.mark.parametrize("always", [False, True], ids=["once", "always"])
def test_a_worker_process_that_dies_costs_at_most_its_own_input(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, always: bool
) -> None:
    monkeypatch.setenv("FLEET_CRASH_DIR", str(tmp_path))
    if always:
        monkeypatch.setenv("FLEET_CRASH_ALWAYS", "1")
    monkeypatch.setattr(fleet, "work", crashing_work)
    paths = [folder / CLEAN, folder / GPL, folder / MACOS]
    results = licscan.scan_many(paths, jobs=2)
    assert (tmp_path / "crashed").exists()  # a worker did die
    errors = [s.error for _, s in results]
    if always:
        assert errors == [
            None,
            "the worker process scanning it died, twice (out of memory? killed?)",
            None,
        ]
    else:  # run again alone, in a new process: nothing lost
        assert errors == [None, None, None]
        assert results[1][1].reports[0].inventory.python_version == "3.9.16"
    assert all(len(s.reports) == 1 for _, s in results if s.error is None)


def test_jobs_must_be_at_least_one(folder: Path) -> None:
    result = run("scan", folder, "--jobs", "0")
    assert result.returncode == 2 and "--jobs" in result.stderr
    with pytest.raises(UsageError, match="1 or more"):
        licscan.scan_many([folder], jobs=0)


def test_scan_many_gives_every_input_in_order(folder: Path) -> None:
    results = licscan.scan_many([folder], jobs=2)
    names = [Path(ref.path).name for ref, _ in results]
    assert names == [*sorted(names[:4]), CLEAN.replace(".tar.zst", ".tar.gz")]
    errors = {Path(ref.path).name: s.error for ref, s in results if s.error}
    assert list(errors) == ["cpython-corrupt.tar.zst"]
    assert "truncated" in errors["cpython-corrupt.tar.zst"]
    statuses = [r.verdict.status for _, s in results for r in s.reports]
    alone = licscan.scan_many([folder], jobs=1)
    assert statuses == [r.verdict.status for _, s in alone for r in s.reports]
    assert "fails policy" in statuses


def test_urls_on_the_command_line_run_in_parallel(folder: Path, tmp_path: Path) -> None:
    files = {name: (folder / name).read_bytes() for name in (CLEAN, GPL)}
    with serve(files) as server:
        urls = [server.url(name.replace("+", "%2B")) for name in files]
        result = run("check", *urls, server.url("nope.tar.zst"), "-j", "2")
        assert result.returncode == 2
        assert f"licscan: cannot read {server.url('nope.tar.zst')}: not found" in result.stderr
        assert "gpl-in-interpreter" in result.stdout
        assert result.stdout.index(urls[0]) < result.stdout.index(urls[1])  # input order
        diff = run("diff", urls[0], urls[1], "--json")  # 3.10 -> 3.9: GNU readline comes
        assert diff.returncode == 1, diff.stderr
        assert "readline" in diff.stdout
        single = run("report", urls[1], "-f", "json", cwd=tmp_path)
        assert single.returncode == 0, single.stderr
        assert (tmp_path / f"{GPL.removesuffix('.tar.zst')}.licscan").is_dir()


# --------------------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A LocalCluster of 2 threads' workers in this process, on the loopback address."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=":0",  # any free port: never a fixed one
    ) as local:
        yield local.scheduler_address


def test_a_dask_cluster_gives_what_jobs_1_gives(folder: Path, cluster: str) -> None:
    here = licscan.scan_many([folder], jobs=1)
    there = licscan.scan_many([folder], scheduler=cluster)
    assert [ref for ref, _ in there] == [ref for ref, _ in here]
    assert [s.error for _, s in there] == [s.error for _, s in here]
    for (_, a), (_, b) in zip(here, there, strict=True):
        assert [licscan.render_report(r, "json") for r in a.reports] == [
            licscan.render_report(r, "json") for r in b.reports
        ]


def test_the_cli_submits_to_the_scheduler(folder: Path, cluster: str) -> None:
    one = run("check", "-f", "json", folder, "-j", "1")
    dask = run("check", "-f", "json", folder, "--dask-scheduler", cluster)
    same_run(one, dask, folder)
    alone = run("check", folder / GPL, "--dask-scheduler", cluster)  # one input: there too
    assert alone.returncode == 1 and "gpl-in-interpreter" in alone.stdout
    assert alone.stdout == run("check", folder / GPL).stdout


TRIED: list[str] = []  # module level: the workers (threads of this process) share it


def flaky_work(job: fleet.Job) -> bytes:
    """The first attempt at each input fails (an error no scan raises: a broken worker)."""
    TRIED.append(job.path)
    if TRIED.count(job.path) == 1:
        raise ConnectionResetError("the worker's link to the shared storage broke")
    return REAL_WORK(job)


REAL_WORK = fleet.work


def test_a_task_that_failed_is_retried_not_lost(
    folder: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    TRIED.clear()
    monkeypatch.setattr(fleet, "work", flaky_work)
    results = licscan.scan_many([folder / CLEAN, folder / GPL], scheduler=cluster)
    assert [s.error for _, s in results] == [None, None]
    assert [len(s.reports) for _, s in results] == [1, 1]
    assert sorted(TRIED) == sorted([str(folder / CLEAN), str(folder / GPL)] * 2)


def counted_work(job: fleet.Job) -> bytes:
    TRIED.append(job.path)
    return REAL_WORK(job)


def test_one_input_with_a_scheduler_runs_on_the_cluster(
    folder: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    from licscan.cli.many import Run

    TRIED.clear()
    monkeypatch.setattr(fleet, "work", counted_work)
    run_ = Run([str(folder / GPL)], None, False, None, scheduler=cluster)
    [report] = run_.build(run_.refs[0], Console(stderr=True))
    assert list(TRIED) == [str(folder / GPL)]
    assert report.inventory.python_version == "3.9.16" and not report.verdict.passed


def broken_work(job: fleet.Job) -> bytes:
    TRIED.append(job.path)
    raise ConnectionResetError("the shared storage is gone")


def test_a_task_that_keeps_failing_is_a_bad_input_not_a_crash(
    folder: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    TRIED.clear()
    monkeypatch.setattr(fleet, "work", broken_work)
    [(_, scanned)] = licscan.scan_many([folder / CLEAN], scheduler=cluster)
    assert scanned.error == (
        "failed on the Dask cluster: ConnectionResetError: the shared storage is gone"
    )
    assert len(TRIED) == 1 + fleet.DASK_RETRIES


def test_a_lost_worker_s_input_is_run_again_elsewhere(folder: Path) -> None:
    """Two worker processes; the one reading the input is killed mid-read; the scheduler
    gives the input to the other, which reads it whole."""
    distributed = pytest.importorskip("distributed")
    import signal
    import threading

    with (
        serve({CLEAN: (folder / CLEAN).read_bytes()}) as server,
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # any free port: never a fixed one
        ) as local,
        distributed.Client(local) as client,
    ):
        url = server.url(f"once-stalled/{CLEAN.replace('+', '%2B')}")

        def kill_the_reader() -> None:
            assert server.stalled.wait(120), "no worker started reading"
            busy = [w for w, keys in client.processing().items() if keys]
            assert len(busy) == 1
            pid = client.run(os.getpid, workers=busy)[busy[0]]
            os.kill(pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_the_reader)
        killer.start()
        results = fleet.scan_many([url], scheduler=local.scheduler_address, jobs=1)
        killer.join()
    [(_, scanned)] = results
    assert scanned.error is None and len(scanned.reports) == 1
    assert scanned.reports[0].inventory.python_version == "3.10.9"
    assert sum(m == "GET" for m, _, _ in server.requests) == 2  # read again, not lost


def test_without_distributed_the_cli_says_what_to_install(folder: Path, tmp_path: Path) -> None:
    fake = tmp_path / "hide" / "distributed"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no distributed here')\n")
    env = {**os.environ, "PYTHONPATH": str(fake.parent)}
    result = run("check", folder, "--dask-scheduler", "tcp://127.0.0.1:8786", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "licscan: --dask-scheduler needs the dask extra: pip install 'licscan[dask]'"
    )


def test_an_unreachable_scheduler_is_a_usage_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(fleet, "DASK_CONNECT_TIMEOUT", 1.0)
    with pytest.raises(
        UsageError, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"
    ):
        licscan.scan_many([folder / CLEAN, folder / GPL], scheduler=f"tcp://127.0.0.1:{port}")


def test_a_results_store_fills_and_resumes_the_same_in_parallel(
    folder: Path, tmp_path: Path
) -> None:
    import sqlite3

    def stored(db: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(db) as connection:
            rows = connection.execute("SELECT path, sha256 FROM inputs ORDER BY id")
            return [(Path(p).name, s) for p, s in rows]

    def both() -> list[subprocess.CompletedProcess[str]]:
        runs = [run("check", folder, "--db", db, "-j", j) for db, j in ((one, "1"), (two, "2"))]
        runs[1].stderr = runs[1].stderr.replace(str(two), str(one))  # the store's name
        return runs

    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = both()
    assert first[0].returncode == 2  # the corrupt input
    same_run(first[0], first[1], folder)
    assert stored(one) == stored(two) and len(stored(one)) == 4  # in input order, not the bad one
    again = both()
    assert again[0].stderr.count("not scanned again") == 4
    same_run(again[0], again[1], folder)  # the same lines in the same order
    assert stored(two) == stored(one)
