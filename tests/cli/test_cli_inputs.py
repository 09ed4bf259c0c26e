"""Many inputs: `licscan scan|check|report A B DIR -` (README "Many inputs")."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.builders import era_archive, write_archive

LICSCAN = [sys.executable, "-m", "licscan"]
CLEAN = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
GPL = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"


def run(
    *args: str | Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*LICSCAN, *map(str, args)], capture_output=True, input=stdin, timeout=300, env=env
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def summary_rows(text: str) -> list[list[str]]:
    """The rows of the summary table: its cells, stripped."""
    rows = []
    for line in text.split("licscan summary", 1)[1].splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line)[1:-1]]
        if cells and cells[0] not in ("", "input"):
            rows.append(cells)
    return rows


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    a = write_archive(era_archive("linux-3.10-20221220"), folder / CLEAN)
    b = write_archive(era_archive("linux-3.9-20221220"), folder / GPL)
    corrupt = folder / "corrupt.tar.zst"
    data = a.read_bytes()
    corrupt.write_bytes(data[: len(data) // 2])
    downloads = folder / "downloads"
    (downloads / "gpl").mkdir(parents=True)
    write_archive(
        era_archive("linux-3.10-20221220"), downloads / CLEAN.replace(".zst", ".gz"), container="gz"
    )
    write_archive(era_archive("linux-3.9-20221220"), downloads / "gpl" / GPL)
    return {"a": a, "b": b, "c": corrupt, "downloads": downloads}


def test_check_of_a_passing_and_a_failing_archive_exits_1_and_reports_both(
    inputs: dict[str, Path],
) -> None:
    result = run("check", inputs["a"], inputs["b"])
    assert result.returncode == 1, result.stderr
    assert result.stdout.index(CLEAN) < result.stdout.index(GPL)
    assert "gpl-in-interpreter" in result.stdout
    rows = summary_rows(result.stdout)
    assert [(Path(r[0]).name, r[2], r[5]) for r in rows] == [
        (CLEAN, "3.10.9", "needs review"),
        (GPL, "3.9.16", "fails policy"),
    ]
    assert rows[0][1:5] == ["python", "3.10.9", "x86_64-unknown-linux-gnu", "20221220"]
    assert result.stderr == ""  # not a terminal: no progress lines


def test_a_corrupt_input_exits_2_after_the_others_were_checked(inputs: dict[str, Path]) -> None:
    result = run("check", inputs["a"], inputs["c"], inputs["b"])
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("licscan:") and "corrupt.tar.zst" in errors[0]
    assert "Traceback" not in result.stderr
    assert "gpl-in-interpreter" in result.stdout  # B was still checked, after C
    rows = summary_rows(result.stdout)
    assert [(Path(r[0]).name, r[5]) for r in rows] == [
        (CLEAN, "needs review"),
        ("corrupt.tar.zst", "bad input"),
        (GPL, "fails policy"),
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_check_format_writes_one_document_for_all_inputs(
    fmt: str, inputs: dict[str, Path], tmp_path: Path
) -> None:
    result = run("check", inputs["a"], inputs["b"], "-f", fmt)
    assert result.returncode == 1, result.stderr
    if fmt == "junit":
        suites = ET.fromstring(result.stdout.encode())
        assert len(suites.findall("testsuite")) == 2 and suites.get("failures") == "1"
    else:
        document = json.loads(result.stdout)  # stdout is the document alone
        if fmt == "json":
            names = [d["distribution"]["file_name"] for d in document["distributions"]]
            assert names == [CLEAN, GPL] and document["passed"] is False
        else:
            assert len(document["runs"]) == 2
    assert "licscan summary" in result.stderr  # the summary goes beside the document
    out = tmp_path / f"gate.{fmt}"
    written = run("check", inputs["a"], inputs["b"], "-f", fmt, "-o", out)
    assert written.returncode == 1
    assert out.read_text() == result.stdout
    assert "gpl-in-interpreter" in written.stdout and "licscan summary" in written.stdout


def test_a_folder_of_archives_is_searched_recursively_in_sorted_order(
    inputs: dict[str, Path],
) -> None:
    result = run("check", inputs["downloads"])
    assert result.returncode == 1, result.stderr
    rows = summary_rows(result.stdout)
    assert [Path(r[0]).relative_to(inputs["downloads"]).as_posix() for r in rows] == [
        CLEAN.replace(".zst", ".gz"),
        f"gpl/{GPL}",
    ]


def test_scan_reads_an_archive_from_stdin_once(inputs: dict[str, Path]) -> None:
    data = inputs["a"].read_bytes()
    for argument in ("-", "/dev/stdin"):
        result = run("scan", argument, "--json", stdin=data)
        assert result.returncode == 0, (argument, result.stderr)
        archive = json.loads(result.stdout)["distribution"]["archive"]
        assert archive["sha256"] == hashlib.sha256(data).hexdigest()
        assert archive["file_name"] == "stdin" and archive["size"] == len(data)
    named = json.loads(run("scan", "-", "--json", "--name", CLEAN, stdin=data).stdout)
    assert named["distribution"]["archive"]["file_name"] == CLEAN
    assert named["distribution"]["release"] == {
        **named["distribution"]["release"],
        "tag": "20221220",
    }
    table = run("scan", "-", stdin=inputs["b"].read_bytes())
    assert table.returncode == 0 and "CPython 3.9.16" in table.stdout


def test_stdin_with_other_inputs_and_a_bad_stdin(inputs: dict[str, Path]) -> None:
    result = run("check", inputs["a"], "-", "--name", GPL, stdin=inputs["b"].read_bytes())
    assert result.returncode == 1, result.stderr
    assert [r[0] for r in summary_rows(result.stdout)][1] == "stdin"
    empty = run("check", "-", inputs["a"], stdin=b"")
    assert empty.returncode == 2 and "stdin is empty" in empty.stderr
    assert run("scan", "-", "-", stdin=b"").returncode == 2


def test_scan_json_with_several_inputs_writes_json_lines(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    result = run("scan", inputs["a"], inputs["c"], inputs["b"], "--json")
    assert result.returncode == 2  # C is bad; A and B are still written
    lines = result.stdout.splitlines()
    documents = [json.loads(line) for line in lines]
    assert [d["distribution"]["python_version"] for d in documents] == ["3.10.9", "3.9.16"]
    single = json.loads(run("scan", inputs["a"], "--json").stdout)
    assert documents[0] == single  # the same document as for one input, on one line
    out = tmp_path / "all.jsonl"
    assert run("scan", inputs["a"], inputs["b"], "--json", "-o", out).returncode == 0
    assert out.read_text().splitlines() == [lines[0], lines[1]]


def test_report_of_several_inputs_writes_a_subfolder_each_and_an_index(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    hostile = tmp_path / "<b>&x.tar.zst"
    hostile.write_bytes(inputs["b"].read_bytes())
    out = tmp_path / "reports"
    result = run("report", inputs["a"], inputs["a"], hostile, inputs["c"], "-o", out)
    assert result.returncode == 2  # the corrupt one
    stem = CLEAN.removesuffix(".tar.zst")
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == sorted([stem, f"{stem}-2", "<b>&x"])
    assert (out / stem / f"{stem}.review.html").is_file()
    assert (out / f"{stem}-2" / f"{stem}.NOTICE.txt").is_file()
    page = (out / "index.html").read_text()
    assert "<b>" not in page and "&lt;b&gt;&amp;x.tar.zst" in page
    assert "corrupt.tar.zst" in page and "bad input" in page
    links = re.findall(r'href="([^"]+)"', page)
    assert len(links) == 3
    from urllib.parse import unquote

    for link in links:
        assert (out / unquote(link)).is_file(), link
    assert "Content-Security-Policy" in page and "<script" not in page
    assert (out / "index.html").read_bytes() == _index_again(inputs, hostile, tmp_path)


def _index_again(inputs: dict[str, Path], hostile: Path, tmp_path: Path) -> bytes:
    out = tmp_path / "again"
    run("report", inputs["a"], inputs["a"], hostile, inputs["c"], "-o", out)
    return (out / "index.html").read_bytes()


def test_report_of_several_inputs_needs_a_folder(inputs: dict[str, Path]) -> None:
    for extra in ((), ("-o", "-", "-f", "json")):
        result = run("report", inputs["a"], inputs["b"], *extra)
        assert result.returncode == 2 and "-o DIR" in result.stderr, result.stderr


def test_report_from_stdin_is_named_after_name(inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "one"
    result = run(
        "report", "-", "--name", CLEAN, "-o", out, "-f", "json", stdin=inputs["a"].read_bytes()
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == [CLEAN.removesuffix(".tar.zst") + ".licscan.json"]


def test_a_terminal_gets_one_progress_line_per_input(inputs: dict[str, Path]) -> None:
    env = {**os.environ, "TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "200"}
    result = run("check", inputs["a"], inputs["c"], inputs["b"], "--jobs", "1", env=env)
    assert result.returncode == 2
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)
    progress = [line for line in plain.splitlines() if re.match(r"\[\d/3\] ", line)]
    assert len(progress) == 3, result.stderr
    assert progress[0].startswith(f"[1/3] {inputs['a']}: 1 installation, needs review (")
    assert progress[1].startswith(f"[2/3] {inputs['c']}: bad input")
    assert "fails policy" in progress[2]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "text"])
def test_a_bad_input_is_in_the_gate_document_not_only_on_stderr(
    fmt: str, inputs: dict[str, Path], tmp_path: Path
) -> None:
    """A passing archive and a corrupt one: exit 2, and the document CI keeps says so too (it
    said `"passed": true`, SARIF `executionSuccessful: true`, JUnit `errors="0"`), valid
    against the SARIF 2.1.0 schema and junit-10.xsd."""
    from tests.render.test_gate_junit import XSD
    from tests.render.test_gate_sarif import _validator

    out = tmp_path / f"gate.{fmt}"
    result = run("check", inputs["a"], inputs["c"], "-f", fmt, "-o", out)
    assert result.returncode == 2, result.stderr
    (error,) = [line for line in result.stderr.splitlines() if line.strip()]
    message = error.removeprefix("licscan: ")
    label = str(inputs["c"])
    if fmt == "json":
        document = json.loads(out.read_text())
        assert document["passed"] is False and document["status"] == "bad input"
        assert document["bad_inputs"] == [{"input": label, "error": message}]
        assert [d["passed"] for d in document["distributions"]] == [True]
    elif fmt == "sarif":
        document = json.loads(out.read_text())
        assert not list(_validator().iter_errors(document))
        good, bad = document["runs"]
        assert good["invocations"] == [{"executionSuccessful": True}]
        (invocation,) = bad["invocations"]
        assert invocation["executionSuccessful"] is False
        (note,) = invocation["toolExecutionNotifications"]
        assert note["level"] == "error" and note["message"]["text"] == message
        assert bad["results"] == [] and bad["properties"]["input"] == label
    elif fmt == "junit":
        from lxml import etree

        root = etree.fromstring(out.read_bytes())
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        assert schema.validate(root), schema.error_log
        assert root.get("errors") == "1" and root.get("failures") == "0"
        suite = root.findall("testsuite")[-1]
        assert suite.get("name") == f"licscan check: {label}" and suite.get("errors") == "1"
        assert suite.find("testcase/error").get("message") == message  # type: ignore[union-attr]
    else:
        assert f"bad input {label}: " in out.read_text()


@pytest.mark.parametrize(
    "args",
    [("check", "-f", "sarif"), ("check",), ("scan", "--json")],
)
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
    args: tuple[str, ...], inputs: dict[str, Path], tmp_path: Path
) -> None:
    """`licscan check dist.tar.zst -f sarif -o dist.tar.zst` (a slip of tab completion)
    replaced the distribution with the SARIF log; now exit 2, one line, nothing written."""
    given = tmp_path / CLEAN
    given.write_bytes(inputs["a"].read_bytes())
    before = given.read_bytes()
    for extra in ((), (inputs["b"],)):  # one input, and one of several
        result = run(args[0], given, *extra, *args[1:], "-o", given)
        assert result.returncode == 2, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith("licscan: ") and "is an input" in line and CLEAN in line
        assert given.read_bytes() == before
