"""Children die with their parent.

`xiaoneng serve` starts the web workers, the embedded task worker and the
scheduler as child processes. If `serve` itself dies without cleaning up
(kill -9, the OOM killer, a crash), its children must not live on: orphans
keep the port, keep working and, after a restart, run twice. Two guards:

- on Linux the kernel sends the child SIGTERM when its parent dies
  (`prctl(PR_SET_PDEATHSIG)`), set between fork and exec by `preexec_fn` or
  by the child itself first thing;
- everywhere, a watchdog thread in the child notices that its parent pid has
  changed (it was re-parented to init or a subreaper) and does the same.

Either way the child gets SIGTERM first, so it can finish or abandon its
work cleanly, and is ended with `os._exit` if it is still there `grace`
seconds later. Pure Python, no Django: `cli.main` arms it before Django loads.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

PARENT_ENV = "XIAONENG_PARENT_PID"
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
CHECK_SECONDS = 0.5
GRACE_SECONDS = 10.0

# Loaded once in the parent: a preexec_fn must not load libraries or allocate
# much between fork and exec.
_prctl: Callable[..., int] | None = None
if sys.platform == "linux":
    with contextlib.suppress(OSError, AttributeError):
        _prctl = ctypes.CDLL(None, use_errno=True).prctl


def set_parent_death_signal(sig: int = signal.SIGTERM) -> bool:
    """Ask the kernel to send `sig` to this process when its parent dies
    (Linux only; elsewhere the watchdog does the work)."""
    if _prctl is None:
        return False
    return _prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0


def preexec_die_with_parent() -> None:
    """`subprocess.Popen(preexec_fn=…)`: runs in the child between fork and exec."""
    set_parent_death_signal(signal.SIGTERM)


def child_env(parent_pid: int | None = None) -> dict[str, str]:
    """The environment for a child that should watch this process."""
    return {**os.environ, PARENT_ENV: str(os.getpid() if parent_pid is None else parent_pid)}


def _end(grace: float) -> None:
    with contextlib.suppress(OSError):
        os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(grace)
    os._exit(1)  # still here: whatever handled SIGTERM did not end us


def watch_parent(
    parent_pid: int, *, interval: float = CHECK_SECONDS, grace: float = GRACE_SECONDS
) -> bool:
    """Die with `parent_pid`, which must be our parent now. Returns False (and
    arms nothing) when it is not: then we are not the child it started."""
    if os.getppid() != parent_pid:
        return False
    set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent_pid:  # it died before the signal was armed
        _end(grace)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        _end(grace)

    threading.Thread(target=watch, name="xiaoneng-lifeline", daemon=True).start()
    return True


def watch_parent_from_env(*, grace: float = GRACE_SECONDS) -> bool:
    """Arm the watchdog when `XIAONENG_PARENT_PID` names our parent (set by
    `serve` for the processes it starts)."""
    raw = os.environ.get(PARENT_ENV, "")
    if not raw.isdigit():
        return False
    return watch_parent(int(raw), grace=grace)
