"""Lamina's runtime interface client (RIC) for Python functions.

Runs one Python function against the Lambda Runtime API (2018-06-01) and reproduces what a handler
observes under AWS's managed ``python3.x`` runtimes: handler resolution, the ``context`` object,
event/response marshalling, error documents, log formats and exit behaviour.

Launch (Lamina does this; the working directory is the unzipped function code)::

    /usr/bin/python3 -u /path/to/bootstrap.py

Environment it reads:
    AWS_LAMBDA_RUNTIME_API   ``host:port`` (``[v6addr]:port`` also accepted) of the Runtime API
    _HANDLER                 ``module.function``; ``/`` in the module part becomes ``.``
    LAMBDA_TASK_ROOT         function code directory (first on ``sys.path``)
    AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_VERSION, AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME    copied into every context
    AWS_LAMBDA_LOG_LEVEL     optional root logger level (TRACE/DEBUG/INFO/WARN/ERROR/FATAL);
                             unset leaves Python's default (WARNING), as Lambda does
    AWS_LAMBDA_LOG_FORMAT    optional ``JSON`` for structured logging records and error lines
    _LAMBDA_TELEMETRY_LOG_FD optional fd for framed log records (removed from the environment)

Exit status 1 means: init failed (already reported through ``/runtime/init/error``) or the Runtime
API misbehaved (non-2xx answer, broken connection). The platform then reports Runtime.ExitError.

Why it looks the way it does:
  * Cold start is the budget. Up front it imports only what the interpreter has already loaded
    (os, sys, time) and the built-ins ``_socket`` and ``_thread``. Not ``http.client`` (about 20 ms
    with its email and ssl imports), ``logging`` (about 8 ms) or ``json`` (see below): HTTP/1.1 is
    spoken over one raw keep-alive socket, and the Lambda log handler is attached by a one-shot
    import hook the moment user code imports ``logging`` (so ``logging.basicConfig`` is a no-op,
    exactly as in Lambda).
  * A script is compiled on every run (about 4 ms for this file; only imported modules get cached
    bytecode). Lamina byte-compiles it with each Python it runs when the node starts and runs that
    copy (``python3 -u bootstrap.python3.X.pyc``): it behaves identically, without the compile.
  * Events and results go through the C accelerator ``_json`` directly, with the settings the
    ``json`` package would give it: importing ``json`` pulls in ``re`` and ``enum`` (about 10 ms).
    Anything unusual (another text encoding, a parse error, a Python without ``_json``) takes
    ``json`` itself, so results and error messages stay exactly json's.
  * Modules this client loads lazily come from the standard library even if the function code ships
    a file of the same name (see ``_stdlib``), because AWS's client imports them before user code.
"""

import os
import sys
import time
import _socket
import _thread


def _own_code():
    pass


_SELF = _own_code.__code__.co_filename  # how this file's frames are named, also when run as a .pyc
_RUNTIME = "/2018-06-01/runtime"
_TEXT_LOG_FORMAT = "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n"
_LOG_LEVELS = {"TRACE": 0, "DEBUG": 10, "INFO": 20, "WARN": 30, "WARNING": 30, "ERROR": 40,
               "FATAL": 50, "CRITICAL": 50}
_JSON_LOGS = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON"
_TEXT_FRAME = (0xA55A0003).to_bytes(4, "big")

_request_id = ""          # invocation in progress (the last one between invocations); for log records
_log_fd = None            # _LAMBDA_TELEMETRY_LOG_FD, or None for stdout
_stdlib_path = sys.path   # interpreter's own sys.path, snapshotted before the code dirs are prepended
_own_modules = {}         # stdlib modules loaded for this client's own use
_stdlib_lock = _thread.allocate_lock()


# ---------------------------------------------------------------------------------------------
# Runtime API transport: HTTP/1.1 over one kept-alive TCP connection, no timeouts (/next is a
# long poll). Lamina identifies the environment by its connection, so one socket is reused for
# the whole life of the process; it is replaced only if the server closes it.

class RuntimeAPIError(Exception):
    """The Runtime API could not be reached or answered outside 2xx; the runtime must exit."""


class _StaleConnection(Exception):
    """A reused connection was closed by the server before any byte of the answer arrived."""


class RuntimeAPIClient:
    def __init__(self, address):
        if address.startswith("["):
            host, _, port = address[1:].partition("]:")
        else:
            host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise RuntimeAPIError(f"AWS_LAMBDA_RUNTIME_API must be host:port, got {address!r}")
        self._address = (host, int(port))
        self._host_header = address
        self._sock = None
        self._buf = bytearray()
        self._next_sent = False  # a GET /next went out behind the last POST, unanswered yet

    def next_invocation(self):
        """Blocks until the platform hands out an event; returns (headers, body)."""
        if self._next_sent:
            self._next_sent = False
            try:
                status, headers, body = self._read_response()
            except _StaleConnection:
                self.close()
                status, headers, body = self._request("GET", _RUNTIME + "/invocation/next")
            except (OSError, ValueError) as e:
                self.close()
                raise RuntimeAPIError(f"GET /runtime/invocation/next: {e}") from e
        else:
            status, headers, body = self._request("GET", _RUNTIME + "/invocation/next")
        if status != 200:
            raise RuntimeAPIError(f"GET /runtime/invocation/next answered {status}: {bytes(body[:300])!r}")
        return headers, body

    def post(self, path, body, content_type, error_type=None, then_next=False):
        """Posts; with then_next, the next GET /next goes out in the same write (pipelined)."""
        headers = {"Content-Type": content_type}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = _header_value(error_type)
        status, _, answer = self._request("POST", _RUNTIME + path, body, headers, then_next)
        if not 200 <= status < 300:
            raise RuntimeAPIError(f"POST /runtime{path} answered {status}: {bytes(answer[:300])!r}")

    def close(self):
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._buf.clear()
        self._next_sent = False  # asked on the connection that is gone: asked again on the next

    def _request(self, method, path, body=None, headers=None, then_next=False):
        head = f"{method} {path} HTTP/1.1\r\nHost: {self._host_header}\r\n"
        if headers:
            for name, value in headers.items():
                head += f"{name}: {value}\r\n"
        if body is not None:
            head += f"Content-Length: {len(body)}\r\n"
        head = (head + "\r\n").encode("latin-1")
        behind = f"GET {_RUNTIME}/invocation/next HTTP/1.1\r\nHost: {self._host_header}\r\n\r\n".encode(
            "latin-1") if then_next else b""
        # A kept-alive connection may have been closed by the server while idle; like curl (which
        # AWS's clients use), retry exactly once on a fresh connection when nothing was answered.
        for attempt in (1, 2):
            reused = self._sock is not None
            try:
                if not reused:
                    self._connect()
                try:
                    if body is None:
                        self._sock.sendall(head + behind)
                    elif len(body) < 65536:
                        self._sock.sendall(head + body + behind)
                    else:
                        self._sock.sendall(head)
                        self._sock.sendall(body + behind)
                except (BrokenPipeError, ConnectionResetError) as e:
                    raise _StaleConnection() from e
                answer = self._read_response()
                self._next_sent = bool(behind) and self._sock is not None
                return answer
            except _StaleConnection as e:
                self.close()
                if not reused or attempt == 2:
                    raise RuntimeAPIError(f"{method} {path}: connection closed by the Runtime API") from e
            except (OSError, ValueError) as e:  # ValueError: unparsable length or chunk size
                self.close()
                raise RuntimeAPIError(f"{method} {path}: {e}") from e

    def _connect(self):
        host, port = self._address
        if host.isascii():
            host = host.encode("ascii")  # a str host makes getaddrinfo load the idna codec (+4 ms)
        error = None
        for family, kind, proto, _, sockaddr in _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM):
            sock = _socket.socket(family, kind, proto)
            try:
                sock.settimeout(None)  # immune to a user's socket.setdefaulttimeout()
                sock.connect(sockaddr)
            except OSError as e:
                sock.close()
                error = e
                continue
            if family != _socket.AF_UNIX:
                sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            self._sock = sock
            self._buf.clear()
            return
        raise error or OSError(f"cannot resolve {host}")

    def _fill(self, answered):
        """Reads more bytes into the buffer; EOF or reset before any answer byte means stale."""
        try:
            chunk = self._sock.recv(65536)
        except ConnectionResetError:
            if not answered:
                raise _StaleConnection() from None
            raise
        if not chunk:
            if not answered:
                raise _StaleConnection()
            raise ConnectionResetError("Runtime API closed the connection mid-answer")
        self._buf += chunk

    def _read_response(self):
        buf = self._buf
        while True:  # skips interim 1xx answers
            end = buf.find(b"\r\n\r\n")
            while end < 0:
                self._fill(answered=bool(buf))
                end = buf.find(b"\r\n\r\n")
            lines = bytes(buf[:end]).split(b"\r\n")
            del buf[:end + 4]
            parts = lines[0].split(None, 2)
            if len(parts) < 2 or not parts[1].isdigit():
                raise ConnectionResetError(f"malformed status line {lines[0][:100]!r}")
            version, status = parts[0], int(parts[1])
            headers = {}
            for line in lines[1:]:
                name, sep, value = line.partition(b":")
                if sep:
                    headers[name.strip().lower().decode("latin-1")] = _decode_header(value.strip())
            if not 100 <= status < 200:
                break
        keep_alive = True
        if status in (204, 304):
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._read_chunked()
        elif "content-length" in headers:
            body = self._read_exact(int(headers["content-length"]))
        else:
            body = self._read_to_eof()
            keep_alive = False
        connection = headers.get("connection", "").lower()
        if "close" in connection or (version == b"HTTP/1.0" and "keep-alive" not in connection):
            keep_alive = False
        if not keep_alive:
            self.close()
        return status, headers, body

    def _read_exact(self, size):
        buf = self._buf
        if len(buf) >= size:
            data = bytes(buf[:size])
            del buf[:size]
            return data
        data = bytearray(size)
        have = len(buf)
        data[:have] = buf
        buf.clear()
        view = memoryview(data)
        while have < size:
            got = self._sock.recv_into(view[have:])
            if not got:
                raise ConnectionResetError("Runtime API closed the connection mid-body")
            have += got
        view.release()
        return data

    def _read_line(self):
        buf = self._buf
        end = buf.find(b"\r\n")
        while end < 0:
            self._fill(answered=True)
            end = buf.find(b"\r\n")
        line = bytes(buf[:end])
        del buf[:end + 2]
        return line

    def _read_chunked(self):
        parts = []
        while True:
            size = int(self._read_line().split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self._read_line():  # trailers, ended by an empty line
                    pass
                return b"".join(parts)
            parts.append(self._read_exact(size))
            self._read_exact(2)

    def _read_to_eof(self):
        while True:
            chunk = self._sock.recv(65536)
            if not chunk:
                data = bytes(self._buf)
                self._buf.clear()
                return data
            self._buf += chunk


def _decode_header(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _header_value(text):
    return "".join(c if " " <= c <= "~" else "?" for c in text)


def _path_segment(text):
    plain = text.replace("-", "")
    if plain.isascii() and plain.isalnum():
        return text  # request ids are UUIDs
    return "".join(c if c.isascii() and (c.isalnum() or c in "-._~")
                   else "".join("%%%02X" % b for b in c.encode("utf-8")) for c in text)


# ---------------------------------------------------------------------------------------------
# Lazily loaded standard-library modules.

def _stdlib(name):
    """Returns the standard-library module ``name`` for this client's own use; thread-safe.

    AWS's client imports json, logging and traceback before any user code, so a function that
    ships a ``json.py`` still gets the real one. This client loads them on first use instead, and
    keeps that guarantee: if ``import name`` would not load the standard-library module, a copy is
    loaded from the interpreter's own path (and shared through ``sys.modules`` only if the function
    has not imported its own module of that name yet)."""
    with _stdlib_lock:
        module = _own_modules.get(name)
        if module is None:
            module = _own_modules[name] = _load_stdlib(name)
        return module


def _load_stdlib(name):
    module = sys.modules.get(name)
    if module is not None and _is_stdlib(module):
        return module
    from importlib.machinery import PathFinder
    if module is None:
        spec = PathFinder.find_spec(name, sys.path)
        if spec is not None and _is_stdlib_origin(spec.origin):
            import importlib
            return importlib.import_module(name)  # the normal way, with the import system's locks
    from importlib.util import module_from_spec
    spec = PathFinder.find_spec(name, _stdlib_path)
    if spec is None:
        raise ImportError(f"standard library module {name!r} not found")
    shadow = sys.modules.get(name)
    module = module_from_spec(spec)
    sys.modules[name] = module  # relative imports inside a package resolve through sys.modules
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    finally:
        if shadow is not None:
            sys.modules[name] = shadow
    return module


def _is_stdlib(module):
    spec = getattr(module, "__spec__", None)
    return _is_stdlib_origin(getattr(spec, "origin", None) or getattr(module, "__file__", None))


def _is_stdlib_origin(origin):
    return origin in ("built-in", "frozen") or (origin or "").startswith(os.path.dirname(os.__file__) + os.sep)


# ---------------------------------------------------------------------------------------------
# Logs. Every record goes to stdout (one line per record; error reports are joined with \r so they
# stay one log event) or, when the platform passes _LAMBDA_TELEMETRY_LOG_FD, to that fd as frames
# ``0xa55a0003 | length u32 | timestamp µs u64 | utf-8 text``.

def _write_log(text):
    if _log_fd is None:
        sys.stdout.write(text)
        return
    data = text.encode("utf-8", "replace")
    frame = memoryview(_TEXT_FRAME + len(data).to_bytes(4, "big")
                       + (time.time_ns() // 1000).to_bytes(8, "big") + data)
    while frame:
        frame = frame[os.write(_log_fd, frame):]


def _log_error(doc):
    """Logs an error document the way AWS's client does: ``[ERROR] Type: message``, then the
    traceback header and frames."""
    try:
        if _JSON_LOGS:
            record = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "log_level": "ERROR"}
            record.update(doc)
            _write_log(_to_json(record).decode("utf-8") + "\n")
            return
        description = "[ERROR]"
        if doc["errorType"]:
            description += " " + doc["errorType"]
        if doc["errorMessage"]:
            description += (":" if doc["errorType"] else "") + " " + doc["errorMessage"]
        lines = [description, "Traceback (most recent call last):"]
        for element in doc["stackTrace"]:
            lines.extend(element.splitlines() or [""])
        separator = "\n" if _log_fd is not None else "\r"
        _write_log(separator.join(lines).replace("\n", separator) + "\n")
    except (OSError, ValueError):
        pass  # a broken log pipe must not stop the error from being reported


class _AfterImport:
    """One-shot meta-path finder: runs ``then(module)`` right after module ``name`` has executed,
    before any code that imported it can use it. ``accept(origin)`` tells whether the module found is
    the one meant (a function may ship its own module of that name; it is then left alone)."""

    def __init__(self, name, then, accept):
        self.name, self.then, self.accept = name, then, accept

    def find_spec(self, name, path=None, target=None):
        if name != self.name:
            return None
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass
        try:
            for finder in sys.meta_path:
                find_spec = getattr(finder, "find_spec", None)
                spec = find_spec(name, path, target) if find_spec else None
                if spec is not None:
                    break
            else:
                return None
        except Exception:
            return None  # let the import system try (and report) it the normal way
        loader = spec.loader
        if not self.accept(spec.origin) or not hasattr(loader, "exec_module"):
            return spec

        def exec_module(module, _exec_module=loader.exec_module, then=self.then):
            del loader.exec_module  # one-shot: a reload() runs the loader's own method
            _exec_module(module)
            then(module)

        loader.exec_module = exec_module
        return spec


# botocore reads AWS_ENDPOINT_URL[_<SERVICE>] itself from this version on (decision 34)
_BOTOCORE_WITH_ENDPOINT_URL = (1, 31, 57)


def _bridge_endpoint_url(session_module):
    """Gives an older botocore (e.g. Debian's 1.29) what newer ones do: a client with no endpoint of
    its own uses ``AWS_ENDPOINT_URL_<SERVICE>``, else ``AWS_ENDPOINT_URL``."""
    try:
        import botocore
        version = tuple(int(part) for part in botocore.__version__.split(".")[:3])
    except (ImportError, ValueError):
        return
    if version >= _BOTOCORE_WITH_ENDPOINT_URL:
        return
    create_client = session_module.Session.create_client

    def with_endpoint(self, service_name, *args, **kwargs):
        if len(args) < 5 and kwargs.get("endpoint_url") is None:  # endpoint_url is its 6th parameter
            own = os.environ.get("AWS_ENDPOINT_URL_" + service_name.upper().replace("-", "_"))
            url = own or os.environ.get("AWS_ENDPOINT_URL")
            if url:
                kwargs["endpoint_url"] = url
        return create_client(self, service_name, *args, **kwargs)

    session_module.Session.create_client = with_endpoint


def _install_log_handler(logging):
    root = logging.getLogger()
    if any(getattr(h, "_lamina", False) for h in root.handlers):
        return
    logging.Formatter.converter = time.gmtime  # AWS's client makes all logging timestamps UTC

    class LambdaLoggerHandler(logging.Handler):
        _lamina = True

        def emit(self, record):
            try:
                message = self.format(record)
                _write_log(message if message.endswith("\n") else message + "\n")
            except Exception:
                self.handleError(record)

    def tag(record):
        record.aws_request_id = _request_id
        return True

    handler = LambdaLoggerHandler()
    handler.setFormatter(_json_formatter(logging)() if _JSON_LOGS
                         else logging.Formatter(_TEXT_LOG_FORMAT, "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(tag)
    level = _LOG_LEVELS.get(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper())
    if level is not None:
        root.setLevel(level)
    root.addHandler(handler)


def _json_formatter(logging):
    reserved = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__)
    reserved.update(("message", "asctime", "aws_request_id"))

    class JsonFormatter(logging.Formatter):
        def format(self, record):
            doc = {
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                + ".%03dZ" % record.msecs,
                "level": record.levelname,
                "message": record.getMessage(),
                "logger": record.name,
            }
            if record.exc_info and record.exc_info[0] is not None:
                error_type, error, tb = record.exc_info
                doc["stackTrace"] = _stdlib("traceback").format_tb(tb)
                doc["errorType"] = error_type.__name__
                doc["errorMessage"] = _safe_str(error)
            doc["requestId"] = getattr(record, "aws_request_id", _request_id)
            if record.exc_info:
                doc["location"] = f"{record.pathname}:{record.funcName}:{record.lineno}"
            for key, value in record.__dict__.items():
                if key not in reserved:
                    doc[key] = value
            return _stdlib("json").dumps(doc, default=str, ensure_ascii=False) + "\n"

    return JsonFormatter


# ---------------------------------------------------------------------------------------------
# Errors.

class _Fault(Exception):
    """A runtime-detected failure with a Lambda error type (Runtime.*)."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


def _error_doc(message, error_type, trace, request_id):
    return {"errorMessage": message or "", "errorType": error_type or "",
            "requestId": request_id or "", "stackTrace": trace or []}


def _exception_doc(error, request_id):
    """Error document for an exception raised by user code: this file's own frames are cut from
    the front of the traceback; the rest is formatted like traceback.format_list (no carets)."""
    traceback = _stdlib("traceback")
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(error.__traceback__)]
    first = 0
    while first < len(frames) and frames[first][0] == _SELF:
        first += 1
    if first < len(frames):
        frames = frames[first:]
    return _error_doc(_safe_str(error), type(error).__name__, traceback.format_list(frames), request_id)


def _safe_str(value):
    try:
        return str(value)
    except Exception:
        return f"<unprintable {type(value).__name__} object>"


# ---------------------------------------------------------------------------------------------
# Marshalling.

_encoder = None


def _to_json(value):
    """Serialises like AWS's client: UTF-8, ``", "``/``": "`` separators, NaN/Infinity allowed,
    ``decimal.Decimal`` written as the exact number it holds."""
    global _encoder
    if _encoder is None:
        _encoder = _c_encoder() or _stdlib("json").JSONEncoder(ensure_ascii=False, allow_nan=True,
                                                               default=_default).encode
    try:
        text = _encoder(value)
    except _HasDecimal:
        text = _encode_with_decimals(value, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: fall back to \u escapes, still valid JSON
        return _encode_with_decimals(value, ensure_ascii=True).encode("ascii")


def _c_encoder():
    """What ``JSONEncoder(ensure_ascii=False, allow_nan=True, default=_default).encode`` runs, built
    from ``_json`` without importing ``json``; ``None`` where this Python's ``_json`` differs."""
    try:
        import _json
        escape = _json.encode_basestring
        _json.make_encoder({}, _default, escape, None, ": ", ", ", False, False, True)
    except (ImportError, AttributeError, TypeError):
        return None

    def encode(value):
        if isinstance(value, str):
            return escape(value)
        # A fresh encoder per value, as json does: a failed encode leaves its markers behind.
        return "".join(_json.make_encoder({}, _default, escape, None, ": ", ", ", False, False, True)(value, 0))
    return encode


class _HasDecimal(BaseException):
    """Raised out of the C encoder's fast path when a Decimal shows up."""


def _default(value):
    if _is_decimal(value):
        raise _HasDecimal()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _is_decimal(value):
    decimal = sys.modules.get("decimal")  # not imported here: without the module no Decimal exists
    return decimal is not None and isinstance(value, decimal.Decimal)


class _DecimalText(float):
    """Placeholder the pure-Python encoder writes as the Decimal's own digits."""


def _encode_with_decimals(value, ensure_ascii):
    json = _stdlib("json")
    encoder = json.encoder

    def default(obj):
        if not _is_decimal(obj):
            _default(obj)  # raises TypeError
        if obj.is_nan():
            return float("nan")
        placeholder = _DecimalText(0.0)
        placeholder.text = str(obj)
        return placeholder

    def floatstr(number):
        if type(number) is _DecimalText:
            return number.text
        if number != number:
            return "NaN"
        if number in (float("inf"), float("-inf")):
            return "Infinity" if number > 0 else "-Infinity"
        return float.__repr__(number)

    make = getattr(encoder, "_make_iterencode", None)
    if make is None:  # a Python without this private helper: Decimals become binary floats
        return json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=True,
                          default=lambda o: float(o) if _is_decimal(o) else _default(o))
    escape = encoder.encode_basestring_ascii if ensure_ascii else encoder.encode_basestring
    return "".join(make({}, default, escape, None, floatstr, ": ", ", ", False, False, True)(value, 0))


def _unmarshal(body, content_type):
    if content_type is not None and content_type.split(";", 1)[0].strip().lower() != "application/json":
        return bytes(body)
    try:
        return _loads(body)
    except Exception as e:
        raise _Fault("Runtime.UnmarshalError", f"Unable to unmarshal input: {e}") from None


class _ScannerSettings:
    """The attributes ``json.JSONDecoder()`` hands the C scanner (strict, float, int, constants)."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__


_scan = None
_JSON_SPACE = " \t\n\r"


def _loads(data):
    """``json.loads(data)`` for UTF-8 bytes or str. The common case runs the C scanner that
    json.loads would run, with the same settings; anything else, and every failure, goes to
    json.loads itself, which gives the same result or raises the same error."""
    global _scan
    if _scan is None:
        try:
            import _json
            _scan = _json.make_scanner(_ScannerSettings())
        except (ImportError, AttributeError, TypeError):
            _scan = False
    text = None
    if _scan and data:
        if isinstance(data, str):
            if data[0] != "\ufeff":
                text = data
        elif data[0] not in (0, 0xEF, 0xFE, 0xFF) and (len(data) < 2 or data[1] != 0):
            try:
                text = bytes(data).decode("utf-8", "surrogatepass")  # json.detect_encoding's "utf-8"
            except UnicodeDecodeError:
                text = None
    if text is not None:
        start = len(text) - len(text.lstrip(_JSON_SPACE))
        try:
            value, end = _scan(text, start)
        except Exception:
            pass
        else:
            if end == len(text) or not text[end:].strip(_JSON_SPACE):
                return value
    return _stdlib("json").loads(data)


def _marshal(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return _to_json(result), "application/json"
    except Exception as e:
        raise _Fault("Runtime.MarshalError", f"Unable to marshal response: {e}") from None


# ---------------------------------------------------------------------------------------------
# Context.

class CognitoIdentity:
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(self, cognito_identity_id=None, cognito_identity_pool_id=None):
        self.cognito_identity_id = cognito_identity_id
        self.cognito_identity_pool_id = cognito_identity_pool_id

    def __repr__(self):
        return _slots_repr(self)


class Client:
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")

    def __init__(self, fields):
        for name in self.__slots__:
            setattr(self, name, fields.get(name))

    def __repr__(self):
        return _slots_repr(self)


class ClientContext:
    __slots__ = ("custom", "env", "client")

    def __init__(self, fields):
        client = fields.get("client")
        self.client = None if client is None else Client(client)
        self.custom = fields.get("custom")
        self.env = fields.get("env")

    def __repr__(self):
        return _slots_repr(self)


def _slots_repr(obj):
    return f"{type(obj).__name__}([" + ",".join(f"{n}={getattr(obj, n)}" for n in obj.__slots__) + "])"


class LambdaContext:
    """The ``context`` argument, with the attribute names of AWS's Python runtime."""

    def __init__(self, request_id, deadline_ms, invoked_function_arn, client_context, cognito_identity,
                 tenant_id):
        env = os.environ
        self.aws_request_id = request_id
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = None
        if client_context:
            self.client_context = ClientContext(_loads(client_context))
        self.identity = CognitoIdentity()
        if cognito_identity:
            identity = _loads(cognito_identity)
            self.identity = CognitoIdentity(identity.get("cognitoIdentityId"), identity.get("cognitoIdentityPoolId"))
        self._epoch_deadline_time_in_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._epoch_deadline_time_in_ms - time.time_ns() // 1_000_000
        return remaining if remaining > 0 else 0

    def log(self, msg):
        _write_log(str(msg))

    def __repr__(self):
        fields = ("aws_request_id", "log_group_name", "log_stream_name", "function_name", "memory_limit_in_mb",
                  "function_version", "invoked_function_arn", "client_context", "identity", "tenant_id")
        return "LambdaContext([" + ",".join(f"{n}={getattr(self, n)}" for n in fields) + "])"


# ---------------------------------------------------------------------------------------------
# Handler loading (the Init phase) and the invocation loop.

def _load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError:
        raise _Fault("Runtime.MalformedHandlerName",
                     f"Bad handler '{handler}': not enough values to unpack (expected 2, got 1)") from None
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise _Fault("Runtime.BuiltInModuleConflict",
                         f"Cannot use built-in module {module_name} as a handler module")
        import importlib
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise _Fault("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {e}") from None
    except SyntaxError as e:
        raise _Fault("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {e}",
                     ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]) from None
    try:
        return getattr(module, function_name)
    except AttributeError:
        # Like AWS's client: not an init failure; every invocation fails with this error instead.
        fault = _Fault("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")

        def missing_handler(event, context):
            raise fault
        return missing_handler


def _invoke(api, handler, headers, body):
    global _request_id
    request_id = headers.get("lambda-runtime-aws-request-id")
    if not request_id:
        raise RuntimeAPIError("/next answered without Lambda-Runtime-Aws-Request-Id")
    _request_id = request_id
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    try:
        deadline_ms = int(headers.get("lambda-runtime-deadline-ms") or 0)
    except ValueError:
        deadline_ms = 0
    try:
        context = LambdaContext(request_id, deadline_ms, headers.get("lambda-runtime-invoked-function-arn"),
                                headers.get("lambda-runtime-client-context"),
                                headers.get("lambda-runtime-cognito-identity"),
                                headers.get("lambda-runtime-aws-tenant-id"))
        event = _unmarshal(body, headers.get("content-type"))
        payload, content_type = _marshal(handler(event, context))
    except _Fault as fault:
        doc = _error_doc(fault.message, fault.error_type, fault.trace, request_id)
    except Exception as error:
        doc = _exception_doc(error, request_id)
    else:
        api.post(f"/invocation/{_path_segment(request_id)}/response", payload, content_type, then_next=True)
        return
    _log_error(doc)
    api.post(f"/invocation/{_path_segment(request_id)}/error", _to_json(doc),
             "application/vnd.aws.lambda.error+json", doc["errorType"], then_next=True)


def _fatal(message):
    try:
        sys.stderr.write(f"lamina-runtime: fatal: {message}\n")
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(1)  # not sys.exit: a user's non-daemon thread must not keep a broken runtime alive


def _prepare_sys_path(task_root):
    global _stdlib_path
    own_dir = os.path.dirname(os.path.abspath(__file__))
    own_dirs = {own_dir, os.path.realpath(own_dir)}
    path = [p for p in sys.path if (os.path.abspath(p) if p else os.getcwd()) not in own_dirs]
    _stdlib_path = list(path)
    version = "%d.%d" % sys.version_info[:2]
    extra = [task_root] + [p for p in (f"/opt/python/lib/python{version}/site-packages", "/opt/python")
                           if os.path.isdir(p)]
    sys.path[:] = extra + [p for p in path if p not in extra]


def main():
    global _log_fd
    for stream in (sys.stdout, sys.stderr):  # launched without -u: at least flush print() per line
        if not getattr(stream, "write_through", True):
            try:
                stream.reconfigure(line_buffering=True)
            except (AttributeError, ValueError):
                pass
    env = os.environ
    task_root = env.get("LAMBDA_TASK_ROOT") or os.getcwd()
    _prepare_sys_path(task_root)
    log_fd = env.pop("_LAMBDA_TELEMETRY_LOG_FD", None)
    if log_fd:
        _log_fd = int(log_fd)
    if "logging" in sys.modules:
        _install_log_handler(sys.modules["logging"])
    else:
        sys.meta_path.insert(0, _AfterImport("logging", _install_log_handler, _is_stdlib_origin))
    if env.get("AWS_ENDPOINT_URL") and "botocore.session" not in sys.modules:
        sys.meta_path.insert(0, _AfterImport("botocore.session", _bridge_endpoint_url, lambda origin: True))

    try:
        api = RuntimeAPIClient(env.get("AWS_LAMBDA_RUNTIME_API", ""))
    except RuntimeAPIError as e:
        _fatal(str(e))

    try:
        handler = _load_handler(env.get("_HANDLER", ""))
    except _Fault as fault:
        init_error = _error_doc(fault.message, fault.error_type, fault.trace, "")
    except Exception as error:
        init_error = _exception_doc(error, "")
    else:
        init_error = None
    if init_error is not None:
        _log_error(init_error)
        try:
            api.post("/init/error", _to_json(init_error), "application/vnd.aws.lambda.error+json",
                     init_error["errorType"])
        except RuntimeAPIError as e:
            _fatal(str(e))
        sys.stdout.flush()
        os._exit(1)

    try:
        while True:
            headers, body = api.next_invocation()
            _invoke(api, handler, headers, body)
    except RuntimeAPIError as e:
        _fatal(str(e))
    except Exception:
        _fatal("internal error in the runtime client\n" + _stdlib("traceback").format_exc())


if __name__ == "__main__":
    main()
