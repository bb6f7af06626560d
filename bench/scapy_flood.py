# scapy_flood.py PORT COUNT - Scapy's send(count=) to 127.0.0.1:PORT
# (raw IPv4 socket: on lo a link-layer frame to 127.0.0.1 is a martian)
# SPDX-License-Identifier: GPL-3.0-or-later
import sys
import time

from scapy.all import IP, TCP, L3RawSocket, conf, send

conf.verb = 0
conf.L3socket = L3RawSocket
port, count = int(sys.argv[1]), int(sys.argv[2])
p = IP(dst="127.0.0.1") / TCP(sport=40406, dport=port, flags="S",
                               options=[("MSS", 1460)])
t0 = time.monotonic()
send(p, count=count, verbose=0)
t1 = time.monotonic()
print("pps %.0f" % (count / (t1 - t0)))
