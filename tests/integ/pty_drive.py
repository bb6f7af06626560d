#!/usr/bin/env python3
# pty_drive.py - runs tcpcraft on a pseudo-terminal, as a user would: the
# readline shell, Ctrl-C from the terminal, a signal to end it.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: pty_drive.py OUT -- TCPCRAFT ARGS...   with steps on stdin:
#   type TEXT          types TEXT and Enter
#   key HEX            writes raw bytes (03 is Ctrl-C)
#   expect REGEX [S]   waits up to S seconds (5) for REGEX in the output
#   sleep S
#   signal NAME        sends SIGNAME to the shell's pid
#   exit               waits (5 s) for the shell to end
# Prints "step N failed: ..." for a step that did not happen and, at the
# end, "exit STATUS" (or "exit signal N", "exit timeout").  Everything the
# terminal showed goes to OUT.
import os
import pty
import re
import select
import signal
import sys
import time


def main():
    out_path = sys.argv[1]
    argv = sys.argv[3:]
    steps = [l.rstrip("\n") for l in sys.stdin if l.strip()]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    buf = b""

    def pump(t):
        nonlocal buf
        end = time.time() + t
        while True:
            left = end - time.time()
            if left <= 0:
                return
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                return
            try:
                d = os.read(fd, 4096)
            except OSError:
                return
            if not d:
                return
            buf += d

    status = None
    for n, st in enumerate(steps, 1):
        op, _, arg = st.partition(" ")
        if op == "type":
            os.write(fd, arg.encode() + b"\r")
            pump(0.05)
        elif op == "key":
            os.write(fd, bytes.fromhex(arg))
            pump(0.05)
        elif op == "sleep":
            pump(float(arg))
        elif op == "expect":
            m = re.match(r"(.*?)(?:\s+(\d+(?:\.\d+)?))?$", arg)
            rx, secs = m.group(1), float(m.group(2) or 5)
            end = time.time() + secs
            while not re.search(rx.encode(), buf) and time.time() < end:
                pump(0.05)
            if not re.search(rx.encode(), buf):
                print("step %d failed: no %r" % (n, rx))
        elif op == "signal":
            os.kill(pid, getattr(signal, "SIG" + arg))
        elif op == "exit":
            end = time.time() + 5
            while time.time() < end:
                pump(0.05)
                w, st_ = os.waitpid(pid, os.WNOHANG)
                if w == pid:
                    status = st_
                    break
    if status is None:
        w, st_ = os.waitpid(pid, os.WNOHANG)
        if w == pid:
            status = st_
    with open(out_path, "wb") as f:
        f.write(buf)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print("exit timeout")
    elif os.WIFSIGNALED(status):
        print("exit signal %d" % os.WTERMSIG(status))
    else:
        print("exit %d" % os.WEXITSTATUS(status))
    return 0


if __name__ == "__main__":
    sys.exit(main())
