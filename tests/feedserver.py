"""A real HTTP server on 127.0.0.1 for the feed tests: it serves what a test
puts at each path, answers conditional requests, and injects faults (slow
answers, errors with Retry-After, redirects, truncated bodies, gzip), recording
every request it saw."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer starts
    etag: str | None = None  # sent; a request whose If-None-Match matches gets 304
    gzip: bool = False  # sent gzip-compressed (Content-Encoding: gzip)
    raw: bytes | None = None  # sent as is (already compressed, say), no Content-Length fixed
    truncate_to: int | None = None  # declares the whole length but sends only this much
    drip: float = 0.0  # seconds between the body's bytes, sent one at a time


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Answer | list[Answer]] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def put(self, path: str, *answers: Answer | str | bytes) -> str:
        """Serves the answers at path, one a request, the last again and again."""
        made = [a if isinstance(a, Answer) else Answer(a) for a in answers]
        self.routes[path] = made if len(made) > 1 else made[0]
        return self.url(path)

    def requests(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def _pick(self, path: str) -> Answer | None:
        with self.lock:
            found = self.routes.get(path)
            if isinstance(found, list):
                return found.pop(0) if len(found) > 1 else found[0]
            return found

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        answer = self._pick(handler.path) or Answer(b"not here", status=404)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        status = answer.status
        if answer.etag is not None and headers.get("if-none-match") == answer.etag:
            status = 304
        with self.lock:
            self.seen.append(Seen(handler.path, headers, status))
        if answer.delay:
            time.sleep(answer.delay)
        body = answer.body.encode("utf-8") if isinstance(answer.body, str) else answer.body
        if answer.gzip:
            body = gzip.compress(body)
        if answer.raw is not None:
            body = answer.raw
        if status == 304:
            body = b""
        try:
            handler.send_response(status)
            for name, value in answer.headers.items():
                handler.send_header(name, value)
            if answer.etag is not None:
                handler.send_header("ETag", answer.etag)
            if answer.gzip or (answer.raw is not None and "Content-Encoding" not in answer.headers):
                handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            sent = body if answer.truncate_to is None else body[: answer.truncate_to]
            _send(handler, sent, answer.drip)
            if answer.truncate_to is not None:
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout, a size limit): as it should

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _send(handler: BaseHTTPRequestHandler, body: bytes, drip: float) -> None:
    """The body at once, or (drip) a byte at a time, drip seconds apart."""
    if not drip:
        handler.wfile.write(body)
        return
    for byte in body:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(drip)


class _QuietServer(ThreadingHTTPServer):
    """A client that gives up mid-answer (a timeout, a size limit) is what the fault
    tests cause: socketserver would print its traceback to the stderr under test."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass
