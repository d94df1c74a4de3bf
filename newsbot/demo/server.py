"""Serve the demo site on 127.0.0.1 from a background thread."""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .site import DemoSite, load_site

__all__ = ["DemoServer"]


class _Handler(BaseHTTPRequestHandler):
    site: DemoSite
    delay: float = 0.0
    server_version = "PortAlderCourier/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.delay:
            time.sleep(self.delay)  # a slow site: a crawl that lasts long enough to interrupt
        page = self.site.page(self.path, self.headers.get("Host") or "127.0.0.1")
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        self.wfile.write(page.body)

    def log_message(self, format: str, *args: object) -> None:  # keep the crawl's output readable
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # a client that went away mid-answer (a crawl stopped or killed) is not the site's error
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class DemoServer:
    """The demo site on a free loopback port; use as a context manager. `delay` seconds pass
    before each answer (0: none)."""

    def __init__(self, site: DemoSite | None = None, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0) -> None:
        handler = type("DemoHandler", (_Handler,), {"site": site or load_site(), "delay": delay})
        self.httpd = _Server((host, port), handler)
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="demo-site", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> "DemoServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
