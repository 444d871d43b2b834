#!/usr/bin/env python3
"""Serves the built site (www/) on 127.0.0.1: `make run`, `make serve` and the
browser tests (tests/e2e/harness.mjs) all use this one server.

It is Python's own http.server with two additions:

- Where `make site` left a gzipped twin of a file (`pkg/cnn_playground_bg.wasm.gz`
  beside the wasm, and so on), a browser that accepts gzip gets the twin with
  `Content-Encoding: gzip` and `Vary: Accept-Encoding`, under the plain file's
  Content-Type, as any production host would compress it. The data files are
  gzipped IDX files of their own (`*.gz`, no twin): they go as they are, and
  the app inflates them.
- With `--log-bytes`, every response adds one line to standard output:
  `SENT <bytes> <status> <path>`, where bytes counts everything written to the
  socket (status line, headers and body). The browser tests add these up to
  measure a first visit on the server's side, the service worker's downloads
  included.

Usage: serve.py [--port PORT] [--dir DIR] [--log-bytes]
(port 0 picks a free one; the first line printed is the URL)
"""

import argparse
import email.utils
import functools
import http.server
import os
import sys
import threading

LOG_LOCK = threading.Lock()


class CountingWriter:
    """Wraps the socket writer and counts the bytes written through it."""

    def __init__(self, inner):
        self.inner = inner
        self.count = 0

    def write(self, data):
        n = self.inner.write(data)
        self.count += len(data) if n is None else n
        return n

    def __getattr__(self, name):
        return getattr(self.inner, name)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".html": "text/html",
        ".gz": "application/gzip",
    }
    log_bytes = False

    def setup(self):
        super().setup()
        self.wfile = CountingWriter(self.wfile)

    def handle_one_request(self):
        self.wfile.count = 0
        self.requestline = ""
        self.counted_status = 0
        try:
            super().handle_one_request()
        finally:
            # Also after a client hung up half-way: what was written counts.
            if self.log_bytes and self.requestline:
                path = self.path.split("?", 1)[0] if hasattr(self, "path") else "-"
                line = f"SENT {self.wfile.count} {self.counted_status} {path}\n"
                # One write per line under a lock: threads answering at once
                # must not interleave their lines (print writes the text and
                # the newline separately).
                with LOG_LOCK:
                    sys.stdout.write(line)
                    sys.stdout.flush()

    def send_response(self, code, message=None):
        self.counted_status = code
        super().send_response(code, message)

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        twin = path + ".gz"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        # A twin older than its file is stale (the file was edited after
        # `make site`): the plain file goes instead.
        if not (accepts and os.path.isfile(path) and os.path.isfile(twin)
                and os.path.getmtime(twin) >= os.path.getmtime(path)):
            return super().send_head()
        try:
            f = open(twin, "rb")
        except OSError:
            return super().send_head()
        fs = os.fstat(f.fileno())
        # Revalidation as http.server does it, on the twin's time.
        ims = self.headers.get("If-Modified-Since")
        if ims and "If-None-Match" not in self.headers:
            try:
                since = email.utils.parsedate_to_datetime(ims)
                if int(fs.st_mtime) <= since.timestamp():
                    f.close()
                    self.send_response(304)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
            except (TypeError, ValueError, OverflowError, IndexError):
                pass
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(fs.st_size))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(fs.st_mtime))
        self.end_headers()
        return f

    def log_message(self, fmt, *args):
        if not self.log_bytes:
            super().log_message(fmt, *args)


def main():
    parser = argparse.ArgumentParser(description="Serve the built site.")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--dir", default="www")
    parser.add_argument("--log-bytes", action="store_true",
                        help="print SENT <bytes> <status> <path> for every response")
    args = parser.parse_args()
    handler = functools.partial(
        type("LoggingHandler", (Handler,), {"log_bytes": args.log_bytes}),
        directory=args.dir,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
