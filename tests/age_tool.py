"""Drive Debian's ``age`` tool, which reads a passphrase only from a terminal.

``age`` opens /dev/tty for the passphrase, so the tests run it under a pseudo-terminal
(``pty.fork``: the child gets the pty as its controlling terminal) and answer each
prompt as it appears. Reads wait for the prompt text or the exit, never a fixed time.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import time

AGE = shutil.which("age")


class AgeToolError(RuntimeError):
    pass


def run_with_passphrase(args: list[str], passphrase: str, *, prompts: int = 1, timeout: float = 120.0) -> str:
    """Run ``age *args`` and type ``passphrase`` at each of ``prompts`` passphrase prompts.

    Returns what age printed on the terminal; raises :class:`AgeToolError` on a
    non-zero exit or when the deadline passes.
    """
    if AGE is None:
        raise AgeToolError("the age tool is not installed")
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is stdin/stdout/stderr and the controlling terminal
        try:
            os.execv(AGE, [AGE, *args])
        finally:
            os._exit(127)
    deadline = time.monotonic() + timeout
    seen = b""
    answered = 0
    status = None
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, 9)
                raise AgeToolError(f"age did not finish in {timeout:.0f} s; terminal said: {seen!r}")
            ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # EIO: the child closed the terminal (it exited)
                    chunk = b""
                if not chunk:
                    break
                seen += chunk
                # A prompt ends with ':' (and maybe a space) after the word passphrase.
                while answered < prompts and seen.lower().count(b"passphrase") > answered and \
                        seen.rstrip().endswith(b":"):
                    os.write(fd, passphrase.encode("utf-8") + b"\n")
                    answered += 1
            else:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
        if status is None:
            _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    text = seen.decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise AgeToolError(f"age exited with {code}: {text.strip()}")
    return text
