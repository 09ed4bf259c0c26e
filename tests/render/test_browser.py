"""The review page in a real headless Chromium, driven over the DevTools protocol.

No extra Python package: Chromium's `--remote-debugging-pipe` speaks NUL-separated JSON on
file descriptors 3 (commands in) and 4 (replies and events out).  Skipped when Chromium is not
installed, except under CI=true, where these tests must run.  Screenshots go to
$LICSCAN_ARTIFACTS (default tests/artifacts/, git-ignored).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from licscan.model import Report
from licscan.render import html as html_renderer
from tests.render.test_render_html import (
    CONTEXT,
    PAYLOAD,
    hostile_report,
    make_report,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0  # seconds to wait for any one reply: a hang guard, not a timing assertion
JSON = dict[str, Any]


def chromium_path() -> str | None:
    candidates = (
        os.environ.get("LICSCAN_CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    )
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


class DevToolsError(RuntimeError):
    pass


class Chromium:
    """A headless Chromium and its DevTools pipe."""

    def __init__(self, executable: str, profile: Path, log: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def wire_pipes() -> None:  # in the child: fds 3 and 4 are where Chromium looks
            high_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 10)
            high_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        with log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
                preexec_fn=wire_pipes,
                close_fds=False,
            )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._last_id = 0
        self.events: list[JSON] = []

    def _receive(self, deadline: float) -> JSON:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DevToolsError("no reply from Chromium")
            if select.select([self._replies], [], [], remaining)[0]:
                chunk = os.read(self._replies, 1 << 20)
                if not chunk:
                    raise DevToolsError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        decoded: JSON = json.loads(message)
        return decoded

    def _note(self, event: JSON) -> None:
        self.events.append(event)
        if event.get("method") == "Page.javascriptDialogOpening":  # never leave a page blocked
            self.call("Page.handleJavaScriptDialog", {"accept": False}, event.get("sessionId"))

    def call(self, method: str, params: JSON | None = None, session: str | None = None) -> JSON:
        self._last_id += 1
        ident = self._last_id
        message: JSON = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._commands, data) :]
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") != ident:
                self._note(reply)
            elif "error" in reply:
                raise DevToolsError(f"{method}: {reply['error']}")
            else:
                result: JSON = reply.get("result", {})
                return result

    def wait_for(self, method: str, session: str) -> JSON:
        deadline = time.monotonic() + TIMEOUT
        seen = 0
        while True:
            for event in self.events[seen:]:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            seen = len(self.events)
            self._note(self._receive(deadline))

    def close(self) -> None:
        with contextlib.suppress(DevToolsError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)


class Page:
    """One tab: load a file, evaluate script, collect console errors and dialogs."""

    def __init__(self, browser: Chromium, width: int = 1200, height: int = 900) -> None:
        self.browser = browser
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session: str = browser.call(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def call(self, method: str, params: JSON | None = None) -> JSON:
        return self.browser.call(method, params, self.session)

    def open(self, path: Path, fragment: str = "") -> None:
        self.call("Page.navigate", {"url": path.as_uri() + fragment})
        self.browser.wait_for("Page.loadEventFired", self.session)

    def eval(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise DevToolsError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def _events(self, *methods: str) -> list[JSON]:
        return [
            e.get("params", {})
            for e in self.browser.events
            if e.get("sessionId") == self.session and e.get("method") in methods
        ]

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (CSP violations too)."""
        found = [
            json.dumps(p["entry"])
            for p in self._events("Log.entryAdded")
            if p["entry"].get("level") == "error"
        ]
        found += [
            json.dumps(p)
            for p in self._events("Runtime.consoleAPICalled")
            if p.get("type") in ("error", "assert")
        ]
        return found + [json.dumps(p) for p in self._events("Runtime.exceptionThrown")]

    def dialogs(self) -> list[str]:
        return [p.get("message", "") for p in self._events("Page.javascriptDialogOpening")]

    def type_into(self, selector: str, text: str) -> None:
        self.eval(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", {"text": text})

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser tests: install Debian's chromium package")
        pytest.skip("no chromium executable (apt-get install chromium, or set LICSCAN_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="licscan-chromium-") as profile:
        browser = Chromium(executable, Path(profile), artifacts_dir() / "chromium.log")
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Chromium) -> Iterator[Page]:
    tab = Page(chromium)
    try:
        yield tab
    finally:
        tab.call("Page.close")


def artifacts_dir() -> Path:
    configured = os.environ.get("LICSCAN_ARTIFACTS")
    path = Path(configured) if configured else REPO / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)  # tests/artifacts/ is in .gitignore
    return path


def write_page(report: Report, directory: Path) -> Path:
    path = directory / "review.html"
    path.write_bytes(html_renderer.render(report, CONTEXT))
    return path


def visible_rows(page: Page) -> list[str]:
    return list(
        page.eval(
            "Array.from(document.querySelectorAll('tr.component'))"
            ".filter(r => r.offsetParent !== null).map(r => r.dataset.key)"
        )
    )


def test_review_page_renders_banner_findings_and_components(page: Page, tmp_path: Path) -> None:
    report = make_report()
    page.open(write_page(report, tmp_path))
    assert (
        page.eval("document.querySelector('#verdict .banner-status').textContent") == "Fails policy"
    )
    assert page.eval("document.querySelectorAll('#findings li.finding').length") == 5
    assert page.eval("document.querySelectorAll('#findings li.waived').length") == 1
    assert visible_rows(page) == [c.key for c in report.inventory.components]
    assert page.eval("document.getElementById('component-search-box').hidden") is False
    assert page.eval("document.getElementById('component-count').textContent") == "17 components"
    page.screenshot(artifacts_dir() / "review.png")
    assert page.errors() == []
    assert page.dialogs() == []


def test_hostile_report_runs_no_script(page: Page, tmp_path: Path) -> None:
    report = hostile_report()
    page.open(write_page(report, tmp_path))
    page.eval("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.screenshot(artifacts_dir() / "review-hostile.png")
    assert page.dialogs() == []
    assert page.eval("typeof window.__pwned") == "undefined"
    assert page.eval("document.title") == f"License review: {report.inventory.archive.file_name}"
    assert page.eval("document.scripts.length") == 1
    assert page.eval("document.images.length") == 0
    names = page.eval(
        "Array.from(document.querySelectorAll('tr.component .name'), e => e.textContent)"
    )
    assert PAYLOAD in names  # shown as text, exactly
    assert (
        page.eval("document.querySelector('#verdict .banner-status').textContent") == "Fails policy"
    )
    assert page.errors() == []  # a blocked inline script would be reported as a CSP error


def test_search_box_filters_component_rows(page: Page, tmp_path: Path) -> None:
    page.open(write_page(make_report(), tmp_path))
    page.type_into("#component-search", "openssl")
    assert visible_rows(page) == ["openssl-3"]
    assert (
        page.eval("document.getElementById('component-count').textContent") == "1 of 17 components"
    )
    assert page.eval("document.querySelector('tbody[data-group=python]').hidden") is True
    page.eval(
        "const i = document.getElementById('component-search'); i.value = '';"
        "i.dispatchEvent(new Event('input'))"
    )
    page.type_into("#component-search", "mit pypi")  # every word must match
    assert visible_rows(page) == ["pypi/pip", "pypi/setuptools"]
    page.eval(
        "const j = document.getElementById('component-search'); j.value = 'no-such-thing';"
        "j.dispatchEvent(new Event('input'))"
    )
    assert visible_rows(page) == []
    assert page.eval("document.getElementById('component-nomatch').hidden") is False
    assert page.errors() == []


def test_column_header_sorts_rows_within_each_group(page: Page, tmp_path: Path) -> None:
    page.open(write_page(make_report(), tmp_path))
    bundled = (
        "Array.from(document.querySelectorAll('tbody[data-group=bundled] tr.component'),"
        " r => r.dataset.key)"
    )
    before = page.eval(bundled)
    page.eval("document.querySelector('button[data-sort-col=\"2\"]').click()")  # license
    by_license = page.eval(bundled)
    assert sorted(by_license) == sorted(before) and by_license != before
    assert by_license[:2] == ["xz", "openssl-3"]  # 0BSD, Apache-2.0, ...
    page.eval("document.querySelector('button[data-sort-col=\"0\"]').click()")
    page.eval("document.querySelector('button[data-sort-col=\"0\"]').click()")
    assert page.eval(bundled)[0] == "zlib"  # name, descending
    assert (
        page.eval("document.querySelector('th.col-name').getAttribute('aria-sort')") == "descending"
    )
    assert page.errors() == []


def test_print_layout_expands_texts_and_hides_the_search_box(page: Page, tmp_path: Path) -> None:
    page.open(write_page(make_report(), tmp_path))
    page.type_into("#component-search", "zlib")
    zlib = "document.getElementById('license-LICENSE.zlib.txt')"
    shown = f"{zlib}.querySelector('pre').checkVisibility()"
    height = f"{zlib}.getBoundingClientRect().height"
    assert page.eval(shown) is False  # collapsed on screen
    collapsed = page.eval(height)
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    assert page.eval(shown) is True
    assert page.eval(height) > collapsed + 100
    assert page.eval(f"{zlib}.open") is False  # CSS alone expands it
    assert (
        page.eval("getComputedStyle(document.getElementById('component-search-box')).display")
        == "none"
    )
    assert len(visible_rows(page)) == 17  # a filter does not shorten the printout
    page.call("Emulation.setEmulatedMedia", {"media": ""})
    assert page.errors() == []


def test_link_to_a_license_text_opens_it(page: Page, tmp_path: Path) -> None:
    page.open(write_page(make_report(), tmp_path), "#license-LICENSE.cpython.txt")
    assert page.eval("document.getElementById('license-LICENSE.cpython.txt').open") is True
    page.eval(
        "document.querySelector('tr[data-key=zlib] a[href=\"#license-LICENSE.zlib.txt\"]').click()"
    )
    assert page.eval("document.getElementById('license-LICENSE.zlib.txt').open") is True
    assert page.errors() == []


@pytest.mark.parametrize(
    ("era", "banner"),
    [("linux-3.9-20221220", "Fails policy"), ("linux-3.14-20260814", "Needs review")],
)
def test_pipeline_report_of_an_era_archive_in_the_browser(
    page: Page, tmp_path: Path, era: str, banner: str
) -> None:
    """End to end: archive -> licscan.report -> HTML page -> Chromium."""
    from licscan import api
    from tests.builders import era_archive, write_archive

    report = api.report(write_archive(era_archive(era), tmp_path / f"{era}.tar.zst"))
    page.open(write_page(report, tmp_path))
    assert page.eval("document.querySelector('#verdict .banner-status').textContent") == banner
    rows = page.eval("document.querySelectorAll('tr.component').length")
    assert rows == len(report.inventory.components)
    findings = page.eval("document.querySelectorAll('#findings .finding').length")
    assert findings == len(report.verdict.findings)
    page.screenshot(artifacts_dir() / f"review-{era}.png")
    assert page.errors() == [] and page.dialogs() == []
