"""A Runtime API whose side of each connection the test plays itself, one request and one answer at
a time, on 127.0.0.1 (a port chosen by the kernel).

Nothing answers on its own: a test reads what the client sent and writes what the platform would
answer, so it can hold an answer back (to see what the client pipelined behind its request), close a
connection at a chosen moment, or answer with bytes no real server would send. Every wait is bounded
by ``TIMEOUT``: a client that never sends what the test waits for fails the test instead of
hanging it.
"""

import json
import socket

TIMEOUT = 10.0
RUNTIME = "/2018-06-01/runtime"
NEXT = RUNTIME + "/invocation/next"
ACCEPTED = b'{"status":"OK"}'


class Request:
    """One request as the client sent it. ``complete`` is false for a chunked body that ended
    without its last chunk (the connection went first)."""

    def __init__(self, method, path, headers, body, trailers, complete):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.trailers = trailers
        self.complete = complete

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"Request({self.method} {self.path}, {self.headers}, {self.body[:200]!r})"


class Connection:
    def __init__(self, sock):
        self._sock = sock
        self._buf = bytearray()
        self._eof = False

    def read_request(self, timeout=TIMEOUT):
        """The next request on this connection; fails the test (``socket.timeout``) when none comes."""
        self._sock.settimeout(timeout)
        head = self._until(b"\r\n\r\n")
        if head is None:
            raise ConnectionError("the client closed the connection instead of sending a request")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", ""):
            body, trailers, complete = self._chunked()
        else:
            body, trailers, complete = self._exact(int(headers.get("content-length", "0"))), {}, True
        return Request(method, path, headers, body, trailers, complete)

    def answer(self, status=202, body=ACCEPTED, headers=None):
        head = f"HTTP/1.1 {status} {'OK' if status < 300 else 'Error'}\r\n"
        for name, value in (headers or {"Content-Type": "application/json"}).items():
            head += f"{name}: {value}\r\n"
        self.send(head.encode("latin-1") + b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def answer_next(self, request_id, event=b"{}", headers=None, deadline_ms=None):
        """Hands out an invocation, with the headers Lamina's Runtime API sends with one."""
        fields = {
            "Content-Type": "application/json",
            "Lambda-Runtime-Aws-Request-Id": request_id,
            "Lambda-Runtime-Deadline-Ms": str(deadline_ms if deadline_ms is not None else 4102444800000),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:000000000000:function:fn",
        }
        fields.update(headers or {})
        self.answer(200, event, fields)

    def send(self, raw):
        self._sock.sendall(raw)

    def buffered(self):
        """What the client sent beyond the requests read so far (without waiting for more)."""
        return bytes(self._buf)

    def closed_by_client(self, timeout=TIMEOUT):
        """True when the client closed (or reset) this connection with nothing more sent."""
        self._sock.settimeout(timeout)
        try:
            return not self._buf and self._recv() == b""
        except ConnectionResetError:
            return True

    def close(self):
        self._sock.close()

    def _recv(self):
        if self._eof:
            return b""
        try:
            chunk = self._sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self._eof = True
        return chunk

    def _until(self, mark):
        while True:
            end = self._buf.find(mark)
            if end >= 0:
                data = bytes(self._buf[:end])
                del self._buf[:end + len(mark)]
                return data
            chunk = self._recv()
            if not chunk:
                return None
            self._buf += chunk

    def _exact(self, size):
        while len(self._buf) < size:
            chunk = self._recv()
            if not chunk:
                raise ConnectionError(f"the client closed the connection {size - len(self._buf)} bytes short")
            self._buf += chunk
        data = bytes(self._buf[:size])
        del self._buf[:size]
        return data

    def _chunked(self):
        parts = []
        while True:
            line = self._until(b"\r\n")
            if line is None:
                return b"".join(parts), {}, False
            size = int(line.split(b";", 1)[0], 16)
            if size == 0:
                trailers = {}
                while True:
                    line = self._until(b"\r\n")
                    if not line:
                        return b"".join(parts), trailers, line is not None
                    name, _, value = line.decode("latin-1").partition(":")
                    trailers[name.strip().lower()] = value.strip()
            parts.append(self._exact(size))
            self._exact(2)


class FakeRuntimeApi:
    def __init__(self, host="127.0.0.1"):
        """Listens on ``host`` (``::1`` for IPv6; OSError where the host has no such address)."""
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._server = socket.socket(family, socket.SOCK_STREAM)
        try:
            self._server.bind((host, 0))
        except OSError:
            self._server.close()
            raise
        self._server.listen(16)
        port = self._server.getsockname()[1]
        self.address = f"[{host}]:{port}" if family == socket.AF_INET6 else f"{host}:{port}"
        self._connections = []

    def accept(self, timeout=TIMEOUT):
        """The client's next connection; fails the test (``socket.timeout``) when none comes."""
        self._server.settimeout(timeout)
        sock, _ = self._server.accept()
        connection = Connection(sock)
        self._connections.append(connection)
        return connection

    def connection_waiting(self):
        """Whether the client made a connection that ``accept`` has not taken yet (without waiting)."""
        self._server.settimeout(0)
        try:
            sock, _ = self._server.accept()
        except (BlockingIOError, socket.timeout):
            return False
        self._connections.append(Connection(sock))
        return True

    def stop_listening(self):
        """Later connections are refused, as when the platform has gone."""
        self._server.close()

    def close(self):
        self._server.close()
        for connection in self._connections:
            connection.close()
