"""A loopback server that speaks each source's API from fixture files, with injectable faults.

Tests, `skillgap demo` and bench/crawl.py use it: `with SampleServer() as server:` then point
sources at `server.url` (see sample_config()). Faults (status codes, Retry-After, delays,
truncated bodies, wrong content types, huge bodies) are set per path on `server.faults`.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

SAMPLE_DATA = Path(__file__).with_name("sample_data")
WWR_FEED = "remote-back-end-programming-jobs.rss"
TYPES = {".json": "application/json; charset=utf-8", ".rss": "application/rss+xml; charset=utf-8",
         ".xml": "application/xml; charset=utf-8", ".html": "text/html; charset=utf-8",
         ".txt": "text/plain; charset=utf-8"}  # fmt: skip


@dataclass
class Fault:
    """What to do instead of (or on top of) serving the file, for the next `times` requests."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body: bytes | None = None
    content_type: str | None = None
    truncate: int | None = None  # serve only the first N bytes (a complete, short response)
    huge: int | None = None  # serve N bytes of padding instead
    times: int = -1  # -1: always
    hold: threading.Event | None = None  # wait for the test to set it (at most 60 s)

    def use(self) -> bool:
        if self.times == 0:
            return False
        if self.times > 0:
            self.times -= 1
        return True


def route(path: str, query: dict[str, list[str]]) -> tuple[str, bool] | None:
    """(fixture path relative to the data dir, strip Greenhouse content) for a request path."""
    parts = [p for p in path.split("/") if p]
    if path == "/robots.txt":
        return "robots.txt", False
    if path == "/sitemap.xml":
        return "jsonld/sitemap.xml", False
    if parts[:1] == ["careers"]:
        return "jsonld/" + "/".join(parts), False
    if len(parts) == 4 and parts[:2] == ["v1", "boards"] and parts[3] == "jobs":
        return f"greenhouse/{parts[2]}.json", query.get("content") != ["true"]
    if len(parts) == 3 and parts[:2] == ["v0", "postings"]:
        return f"lever/{parts[2]}.json", False
    if len(parts) == 3 and parts[:2] == ["posting-api", "job-board"]:
        return f"ashby/{parts[2]}.json", False
    if len(parts) == 5 and parts[:4] == ["api", "v1", "widget", "accounts"]:
        return f"workable/{parts[4]}.json", False
    if len(parts) == 4 and parts[0] == "recruitee" and parts[2:] == ["api", "offers"]:
        return f"recruitee/{parts[1]}.json", False
    if len(parts) == 3 and parts[0] == "personio" and parts[2] == "xml":
        return f"personio/{parts[1]}.xml", False
    if len(parts) == 3 and parts[0] == "teamtailor" and parts[2] == "jobs.rss":
        return f"teamtailor/{parts[1]}.rss", False
    if parts == ["api", "public", "jobs"]:
        return f"themuse/jobs-{_number(query, 'page')}.json", False
    if parts == ["jobs", "api"]:
        return f"himalayas/jobs-{_number(query, 'offset')}.json", False
    if parts == ["api", "remote-jobs"]:
        return "remotive/remote-jobs.json", False
    if parts == ["api"]:  # RemoteOK: /api, and /api?tag=TAG
        tag = "".join(c for c in (query.get("tag") or [""])[0] if c.isalnum() or c == "-")
        return (f"remoteok/api-{tag}.json" if tag else "remoteok/api.json"), False
    if len(parts) == 2 and parts[0] == "categories":
        return f"rss/{parts[1]}", False
    if parts == ["api", "v1", "search_by_date"]:
        return "hackernews/search_by_date.json", False
    if len(parts) == 4 and parts[:3] == ["api", "v1", "items"]:
        return f"hackernews/items/{parts[3]}.json", False
    return None


def _number(query: dict[str, list[str]], key: str) -> int:
    """A page number or offset from the query string (0 when absent or not a number)."""
    value = (query.get(key) or ["0"])[0]
    return int(value) if value.isdigit() else 0


def _strip_content(body: bytes) -> bytes:
    """The Greenhouse list without `?content=true` omits each job's content."""
    data = json.loads(body)
    for job in data.get("jobs", []):
        job.pop("content", None)
    return json.dumps(data).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        parsed = urlparse(self.path)
        owner.record(parsed.path, self.headers.get("User-Agent", ""))
        if owner.delay:
            time.sleep(owner.delay)
        fault = owner.faults.get(parsed.path)
        if fault is not None and fault.use():
            self._fault(fault, parsed.path, parse_qs(parsed.query))
            return
        found = self._load(parsed.path, parse_qs(parsed.query))
        if found is None:
            self._send(404, b"not found", "text/plain")
            return
        self._send(200, *found)

    def _load(self, path: str, query: dict[str, list[str]]) -> tuple[bytes, str] | None:
        r = route(path, query)
        if r is None or ".." in r[0]:
            return None
        file = self.server.owner.data_dir / r[0]
        if not file.is_file():
            return None
        body = file.read_bytes().replace(b"{{BASE}}", self.server.owner.url.encode())
        if r[1]:
            body = _strip_content(body)
        return body, TYPES.get(file.suffix, "application/octet-stream")

    def _fault(self, fault: Fault, path: str, query: dict[str, list[str]]) -> None:
        if fault.delay:
            time.sleep(fault.delay)
        if fault.hold is not None:
            fault.hold.wait(60)
        found = self._load(path, query) or (b"", "text/plain")
        body, ctype = found
        if fault.body is not None:
            body = fault.body
        if fault.huge:
            body = b"[" + b" " * fault.huge + b"]"
        if fault.truncate is not None:
            body = body[: fault.truncate]
        self._send(fault.status or 200, body, fault.content_type or ctype, fault.headers)

    def _send(
        self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, maxsize)
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: SampleServer


class SampleServer:
    """Serve `data_dir` on 127.0.0.1 in a background thread."""

    def __init__(self, data_dir: Path = SAMPLE_DATA, port: int = 0) -> None:
        self.data_dir = Path(data_dir)
        self.faults: dict[str, Fault] = {}
        self.delay = 0.0
        self.requests: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def record(self, path: str, user_agent: str) -> None:
        with self._lock:
            self.requests.append((time.monotonic(), path, user_agent))

    def hits(self, path: str) -> list[float]:
        """Times at which `path` was requested."""
        with self._lock:
            return [t for t, p, _ in self.requests if p == path]

    def start(self) -> SampleServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def sample_sources(base_url: str) -> list[dict[str, Any]]:
    """Source tables (as SKILLGAP_SOURCES holds them) for every sample source at `base_url`."""
    return [
        {"type": "greenhouse", "base_url": base_url, "boards": ["quillfeather", "harborline"]},
        {"type": "lever", "base_url": base_url, "companies": ["nimbusforge", "tallowtech"],
         "company_names": {"nimbusforge": "Nimbusforge", "tallowtech": "Tallow Tech"}},
        {"type": "ashby", "base_url": base_url, "boards": ["orbitcart"],
         "company_names": {"orbitcart": "Orbitcart"}},
        {"type": "workable", "base_url": base_url, "boards": ["pinecrest"]},
        {"type": "recruitee", "base_url": base_url + "/recruitee/{board}", "boards": ["dunelight"]},
        {"type": "personio", "base_url": base_url + "/personio/{board}", "boards": ["kestrelwerk"]},
        {"type": "teamtailor", "base_url": base_url + "/teamtailor/{board}",
         "boards": ["lumenfjord"]},
        {"type": "remoteok", "base_url": base_url},
        {"type": "remotive", "base_url": base_url, "refresh_hours": 0},  # call (within quota)
        {"type": "himalayas", "base_url": base_url, "max_pages": 5},
        {"type": "themuse", "base_url": base_url, "max_pages": 5},
        {"type": "rss", "name": "weworkremotely", "remote": True,
         "urls": [f"{base_url}/categories/{WWR_FEED}"]},
        {"type": "hackernews", "base_url": base_url + "/api/v1", "months": 2},
        {"type": "jsonld", "name": "careers", "sitemaps": [f"{base_url}/sitemap.xml"],
         "urls": [f"{base_url}/careers/tidewater/scala-engineer.html",
                  f"{base_url}/careers/tidewater/kotlin-backend.html"]},
    ]  # fmt: skip


def _toml(value: Any) -> str:
    """A TOML value for the plain values a config holds."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


def sample_config(
    base_url: str, store_url: str | None = None, crawl: dict[str, Any] | None = None
) -> str:
    """A skillgap config TOML with every sample source pointed at `base_url`."""
    lines = []
    if store_url:
        lines += ["[store]", f"url = {_toml(store_url)}", ""]
    lines += ["[crawl]", *[f"{k} = {_toml(v)}" for k, v in (crawl or {}).items()], ""]
    for table in sample_sources(base_url):
        lines += ["[[sources]]", *[f"{k} = {_toml(v)}" for k, v in table.items()], ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve skillgap's sample job sources on loopback.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data", type=Path, default=SAMPLE_DATA, help="fixture folder")
    parser.add_argument("--print-config", action="store_true", help="print a config TOML")
    args = parser.parse_args(argv)
    server = SampleServer(args.data, args.port).start()
    print(server.url if not args.print_config else sample_config(server.url), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
