# echo.py PORT [HOST] - a kernel-socket echo server on HOST:PORT
# (127.0.0.1 by default, ::1 for the IPv6 rows) for the latency and
# Scapy rows (tcpcraft uses its own --peer echo)
# SPDX-License-Identifier: GPL-3.0-or-later
import socket
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            b = self.request.recv(4096)
            if not b:
                return
            self.request.sendall(b)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 4096


host = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
if ":" in host:
    Server.address_family = socket.AF_INET6
Server((host, int(sys.argv[1])), Echo).serve_forever()
