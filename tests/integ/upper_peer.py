# upper_peer.py - two kernel sockets talking, for a capture to replay:
#   python3 upper_peer.py srv ADDR PORT        accepts one, answers each
#                                              read in capitals, prints all
#   python3 upper_peer.py cli ADDR PORT [LPORT] says hello, world, then
#                                              half-closes
# ADDR of either family (127.0.0.1, ::1).  t_replay.sh, t_ipv6_files.sh.
import socket, sys, time

role, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
s = socket.socket(fam)
if role == "srv":
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    s.settimeout(60)
    c, _ = s.accept()
    got = b""
    while True:
        d = c.recv(1000)
        if not d:
            break
        got += d
        c.sendall(d.upper())
    c.close()
    print(got.decode())
else:
    if len(sys.argv) > 4:
        s.bind((addr, int(sys.argv[4])))
    s.settimeout(60)
    s.connect((addr, port))
    for m in (b"hello", b"world"):
        s.sendall(m)
        print(s.recv(100).decode())
        time.sleep(0.05)
    s.shutdown(socket.SHUT_WR)
    print(repr(s.recv(100)))
    s.close()
