"""Real processes, as tests watch them: whether one still runs, which are its children."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path
from typing import Callable

PROC = Path("/proc")
# What asks a command or the app to stop: kill's default, Ctrl-C, a closed terminal.
STOP_SIGNALS = [signal.SIGTERM, signal.SIGINT, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]


def running(pid: int) -> bool:
    """Whether process `pid` still runs; an exited child not yet reaped (a zombie) does not."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # the state follows the command's name


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, running."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def wait_until(condition: Callable[[], object], timeout: float = 15.0) -> object:
    """The condition's value once true, or its last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def linux_only() -> bool:
    return PROC.joinpath(str(os.getpid()), "stat").exists()


def free_port() -> int:
    """A loopback port free now, for a server that must come back on the same one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def running_with(text: str) -> list[int]:
    """The running processes whose command line holds `text`."""
    found = []
    for entry in PROC.iterdir():
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except (FileNotFoundError, NotADirectoryError, ProcessLookupError):
            continue
        if entry.name.isdigit() and text in command and running(int(entry.name)):
            found.append(int(entry.name))
    return found
