# lab_peer.py - a kernel TCP server the test steers, for the lab tests
#
#   python3 tests/integ/lab_peer.py PORT CTL [RCVBUF [MSS]]
#
# Listens on 127.0.0.1:PORT (SO_RCVBUF RCVBUF and TCP_MAXSEG MSS when given
# and not 0, set on the listener so the accepted socket has them too),
# accepts one connection and then does what each line appended to the file
# CTL says, in order:
#   read         read what is queued (non-blocking), print "read N"
#   write TEXT   send TEXT
#   shutdown     shutdown(SHUT_WR): our FIN, the socket stays open
#   close        close the socket
# Prints "listening", "accepted", and one line per command done, flushed.
# Gives up after 60 s whatever happens: a test never leaves it behind.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import socket
import sys
import time

DEADLINE = time.time() + 60


def main():
    port = int(sys.argv[1])
    ctl = sys.argv[2]
    rcvbuf = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    mss = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    if mss:
        ls.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
    ls.bind(("127.0.0.1", port))
    ls.listen(4)
    ls.settimeout(max(1, DEADLINE - time.time()))
    print("listening", flush=True)
    c, _ = ls.accept()
    print("accepted", flush=True)
    done = 0
    while time.time() < DEADLINE:
        try:
            with open(ctl) as f:
                lines = f.read().splitlines()
        except OSError:
            lines = []
        for line in lines[done:]:
            cmd, _, arg = line.partition(" ")
            if cmd == "read":
                c.setblocking(False)
                n = 0
                try:
                    while True:
                        b = c.recv(65536)
                        if not b:
                            break
                        n += len(b)
                except BlockingIOError:
                    pass
                c.setblocking(True)
                print("read", n, flush=True)
            elif cmd == "write":
                c.sendall(arg.encode())
                print("wrote", len(arg), flush=True)
            elif cmd == "shutdown":
                c.shutdown(socket.SHUT_WR)
                print("shut down", flush=True)
            elif cmd == "close":
                c.close()
                print("closed", flush=True)
            done += 1
        time.sleep(0.02)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the test reads this
        print("error", e, flush=True)
        sys.exit(1)
