"""A local HTTP server on 127.0.0.1, in a thread of the test, for URL inputs.

`serve(files)` serves `files` (name -> bytes; `+` may come percent-encoded) and records every
request. Special paths misbehave on purpose: `/error` (HTTP 500), `/short/NAME` (promises
NAME's length, sends half, hangs up), `/stall/NAME` (sends 1 KiB of NAME, then nothing until
the server stops) and `/once-stalled/NAME` (stalls the first time, serves NAME after)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Served:
    files: dict[str, bytes]
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    base: str = ""
    stopping: threading.Event = field(default_factory=threading.Event)
    stalled: threading.Event = field(default_factory=threading.Event)  # a stall began

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


class _Handler(http.server.BaseHTTPRequestHandler):
    served: Served

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self.served.requests.append(("HEAD", self.path, dict(self.headers)))
        self.send_response(405)
        self.end_headers()

    def _stall(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[:1024])
        self.wfile.flush()
        self.served.stalled.set()
        self.served.stopping.wait(60)

    def do_GET(self) -> None:
        served = self.served
        served.requests.append(("GET", self.path, dict(self.headers)))
        path = self.path.split("?", 1)[0].replace("%2B", "+").lstrip("/")
        if path == "error":
            self.send_error(500, "Internal Server Error")
            return
        kind, _, name = path.partition("/")
        data = served.files.get(name if name else kind)
        if data is None:
            self.send_error(404, "Not Found")
            return
        if kind == "short":
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        earlier = sum(p == self.path for m, p, _ in served.requests if m == "GET")
        if kind == "stall" or (kind == "once-stalled" and earlier == 1):
            self._stall(data)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def serve(files: dict[str, bytes]) -> Iterator[Served]:
    served = Served(dict(files))
    handler = type("Handler", (_Handler,), {"served": served})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    served.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield served
    finally:
        served.stopping.set()
        httpd.shutdown()
        httpd.server_close()
