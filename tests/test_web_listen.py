"""The web mode listens on loopback only, started the way the README says (`uv run flet run --web`).

The app is started in its own process group; the OS's socket tables (/proc/net/tcp, tcp6)
say which addresses the processes of that group listen on and talk to.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from interviewpal.serving import LOOPBACK, OPT_IN, is_loopback, web_host

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket tables")


# -- the rule --------------------------------------------------------------------------------


def test_web_host_is_loopback_unless_the_user_opts_in():
    assert web_host({}) == (LOOPBACK, None)
    assert web_host({"FLET_SERVER_IP": "127.0.0.1"}) == ("127.0.0.1", None)
    assert web_host({"FLET_SERVER_IP": "::1"}) == ("::1", None)
    host, warning = web_host({"FLET_SERVER_IP": "0.0.0.0"})  # `flet run --host 0.0.0.0` alone
    assert host == LOOPBACK and OPT_IN in warning and "read your journal" in warning
    assert web_host({"FLET_SERVER_IP": "*"})[0] == LOOPBACK
    assert web_host({OPT_IN: "0.0.0.0"}) == ("0.0.0.0", None)
    assert web_host({OPT_IN: "*", "FLET_SERVER_IP": "127.0.0.1"}) == ("0.0.0.0", None)
    assert is_loopback("localhost") and is_loopback("127.0.0.2") and not is_loopback("192.168.1.5")


# -- reading the OS's socket tables ---------------------------------------------------------------


def _addr(hex_addr: str) -> tuple[str, int]:
    host, port = hex_addr.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        ip = ipaddress.IPv4Address(struct.pack("<I", struct.unpack(">I", raw)[0]))
    else:  # four little-endian 32-bit words
        ip = ipaddress.IPv6Address(b"".join(struct.pack("<I", w) for w in struct.unpack(">4I", raw)))
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
    return str(ip), int(port, 16)


def sockets() -> list[dict]:
    """Every TCP socket of the machine: local, remote, state ('0A' = LISTEN), inode."""
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            f = line.split()
            out.append({"local": _addr(f[1]), "remote": _addr(f[2]), "state": f[3], "inode": f[9]})
    return out


def group_socket_inodes(pgid: int) -> set[str]:
    inodes: set[str] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for fd in (proc / "fd").iterdir():
                link = os.readlink(fd)
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return inodes


# -- the app started as the README says --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tmp_path: Path, port: int, extra_args: list[str], env: dict[str, str]) -> subprocess.Popen:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    full_env = {**os.environ, "INTERVIEWPAL_DATA_DIR": str(tmp_path / "data"), "BROWSER": "true", **env}
    for k in ("FLET_SERVER_IP", "FLET_SERVER_PORT", "FLET_FORCE_WEB_SERVER", OPT_IN):
        if k not in env:
            full_env.pop(k, None)
    log = open(tmp_path / "server.log", "wb")
    return subprocess.Popen([uv, "run", "flet", "run", "--web", "--port", str(port), *extra_args], cwd=ROOT,
                            env=full_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_listening(proc: subprocess.Popen, port: int, log: Path, timeout: float = 120) -> list[dict]:
    """Wait until a process of the group listens on ``port``; returns the group's listening sockets."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the app exited with {proc.returncode}: {log.read_text()[-2000:]}")
        inodes = group_socket_inodes(proc.pid)
        listening = [s for s in sockets() if s["inode"] in inodes and s["state"] == "0A"]
        if any(s["local"][1] == port for s in listening):
            return listening
        time.sleep(0.2)  # polling for a condition (the socket), not waiting a fixed time
    raise AssertionError(f"nothing listened on port {port} within {timeout} s: {log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(15)


@pytest.mark.parametrize("extra_args, env, expect", [
    ([], {}, "loopback"),  # the README's command
    (["--host", "0.0.0.0"], {}, "loopback"),  # a --host without the opt-in is not enough
    ([], {OPT_IN: "0.0.0.0"}, "all"),  # the documented opt-in
], ids=["readme-command", "host-flag-without-opt-in", "opt-in"])
def test_flet_run_web_listens_where_expected(tmp_path, extra_args, env, expect):
    port = free_port()
    proc = start(tmp_path, port, extra_args, env)
    try:
        listening = wait_listening(proc, port, tmp_path / "server.log")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as resp:
            assert resp.status == 200  # it serves the app on loopback
        hosts = {s["local"][0] for s in listening}
        if expect == "loopback":
            assert hosts and all(ipaddress.ip_address(h).is_loopback for h in hosts), listening
            # and it talks to nothing but loopback
            inodes = group_socket_inodes(proc.pid)
            remote = {s["remote"][0] for s in sockets() if s["inode"] in inodes and s["state"] != "0A"}
            assert all(ipaddress.ip_address(h).is_loopback for h in remote), remote
        else:
            assert hosts & {"0.0.0.0", "::"}, listening
    finally:
        stop(proc)
