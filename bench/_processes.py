"""The servers the benchmarks start on loopback: a free port for one, and
stopping one (TERM, then KILL if it will not go)."""

from __future__ import annotations

import signal
import socket
import subprocess

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM, `timeout` seconds to exit, then SIGKILL."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
