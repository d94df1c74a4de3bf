"""Worker processes that end with the process they work for, however it ends (kill -9 included).

A pool's workers outlive a parent killed with SIGKILL: nothing tells them, and they hold the pipes
that would let the forkserver and the resource tracker see the end. Each worker therefore asks
Linux to kill it when its parent dies (prctl PR_SET_PDEATHSIG), and, on every system, watches
the process it works for from a daemon thread and exits as soon as that process is gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

__all__ = ["end_with", "WATCH_INTERVAL"]

#: Seconds between two looks at the owner from the watchdog thread.
WATCH_INTERVAL = 0.5
#: prctl option: the signal this process gets when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def _watch(owner: int) -> None:
    while True:
        threading.Event().wait(WATCH_INTERVAL)
        if not _alive(owner) or os.getppid() == 1:
            os._exit(1)


def end_with(owner: int) -> None:
    """Make this (worker) process end when `owner` (the process it works for) ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl here: the watchdog alone
    if not _alive(owner):  # the owner ended before the request took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(owner,), name="newsbot-lifeline", daemon=True).start()
