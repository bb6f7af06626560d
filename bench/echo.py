# echo.py PORT - a kernel-socket echo server on 127.0.0.1:PORT for the
# latency and Scapy rows (tcpcraft uses its own --peer echo)
# SPDX-License-Identifier: GPL-3.0-or-later
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


Server(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
