"""Start the real app in web mode on a free port with its own data folder."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """The app served by ``main.py`` in web mode, in its own process group."""

    def __init__(self, data_dir: Path, port: int | None = None, env: dict | None = None):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self.log = self.data_dir.parent / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "AppServer":
        """Start the app and wait until it answers on its port.

        Several test runs share this machine: the free port picked here can be taken by
        another run before the app binds it. Then the app exits with "address already in
        use" (it is started again on a new port), or another run's app would answer: the
        port only counts as ready when this process listens on it.
        """
        for _attempt in range(3):
            try:
                return self._start_once(timeout)
            except _PortTaken:
                self.port = free_port()
        return self._start_once(timeout)

    def _start_once(self, timeout: float) -> "AppServer":
        env = {**os.environ, "INTERVIEWPAL_DATA_DIR": str(self.data_dir), "FLET_FORCE_WEB_SERVER": "true",
               "FLET_SERVER_PORT": str(self.port), "FLET_SERVER_IP": "127.0.0.1", **self.extra_env}
        env.pop("FLET_APP_STORAGE_DATA", None)
        self._logf = open(self.log, "ab")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                                     stdout=self._logf, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._logf.close()
                tail = self.log.read_text(errors="replace")[-2000:]
                if "address already in use" in tail.lower():
                    raise _PortTaken(self.port)
                raise RuntimeError(f"the app exited with {self.proc.returncode}: {tail}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.25).close()
                if _listens(self.proc.pid, self.port) is not False:
                    return self
            except OSError:
                pass
            time.sleep(0.2)  # polling the condition above
        self.stop()
        raise RuntimeError(f"the app did not answer on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if getattr(self, "_logf", None):
            self._logf.close()

    def peak_memory_kb(self) -> int | None:
        """Peak resident memory of the server process (Linux), in KiB."""
        if not self.proc:
            return None
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None


class _PortTaken(Exception):
    pass


def _listens(pid: int, port: int) -> bool | None:
    """Whether process ``pid`` has a socket listening on ``port`` (None where /proc cannot tell)."""
    try:
        inodes = set()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue  # closed meanwhile
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                f = line.split()
                if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port and f[9] in inodes:
                    return True
    except OSError:
        return None
    return False
