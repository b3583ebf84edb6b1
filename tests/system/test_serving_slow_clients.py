"""Issue 18 item 13: slow clients cannot take the embedded server down.

The real `xiaoneng serve` (granian) on a free port; 50 connections send their
request headers one byte a second (slowloris) while a normal client asks for
a page, again and again: every answer comes within a few seconds. Under the
former gunicorn (2 workers × 4 threads) ten such connections were enough to
stop every answer."""

from __future__ import annotations

import socket
import time
from typing import Any

from serving_processes import HOST, get

SLOW_CONNECTIONS = 50


def _open_slow(port: int) -> socket.socket:
    sock = socket.create_connection((HOST, port), timeout=5)
    sock.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return sock


def test_fifty_slow_header_connections_do_not_stop_a_normal_request(serve: Any) -> None:
    server = serve("--no-worker", "--workers", "1", "--threads", "2")
    slow = [_open_slow(server.port) for _ in range(SLOW_CONNECTIONS)]
    try:
        answers: list[float] = []
        for _ in range(6):
            for sock in slow:  # one more header byte each, never the end of the headers
                sock.sendall(b"X")
            started = time.monotonic()
            assert get(server.port, timeout=5) == 200
            answers.append(time.monotonic() - started)
            time.sleep(1)
        assert max(answers) < 3, answers
        # The slow connections were still open all along: the server did not
        # simply drop them to make room.
        still_open = 0
        for sock in slow:
            sock.setblocking(False)
            try:
                still_open += sock.recv(1) != b""
            except BlockingIOError:
                still_open += 1
        assert still_open == SLOW_CONNECTIONS
    finally:
        for sock in slow:
            sock.close()


def test_headers_not_finished_in_time_end_the_connection(serve: Any, product_env: Any) -> None:
    product_env["XIAONENG_HEADER_TIMEOUT"] = "2"
    server = serve("--no-worker", "--workers", "1")
    sock = _open_slow(server.port)
    sock.settimeout(10)
    started = time.monotonic()
    try:
        while sock.recv(4096):  # granian may answer 408 before it closes
            pass
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    assert 1.5 < time.monotonic() - started < 8
