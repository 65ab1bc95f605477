"""The Python client as Lamina runs it (``python -u bootstrap.py`` in the task root) against a fake
Runtime API: init, the invocation loop, init errors, fatal answers, and the log formats."""

import json
import os
import re
import unittest

from fake_runtime_api import NEXT, RUNTIME, FakeRuntimeApi
from runtime_clients import ClientProcess, temporary_dir, write

ERROR_CONTENT_TYPE = "application/vnd.aws.lambda.error+json"


class ProcessTestCase(unittest.TestCase):
    def setUp(self):
        self.api = FakeRuntimeApi()
        self.addCleanup(self.api.close)
        self.task_root = temporary_dir(self)

    def start(self, handler="app.handler", env=None, pass_fds=()):
        return ClientProcess(self, self.api, self.task_root, handler, env, pass_fds)

    def first_request(self):
        connection = self.api.accept()
        return connection, connection.read_request()

    def invoke(self, connection, request_id, event=b"{}", headers=None):
        """Answers the pending GET /next; returns the outcome the client posts (next is pipelined)."""
        connection.answer_next(request_id, event, headers)
        outcome = connection.read_request()
        behind = connection.read_request(timeout=2)
        self.assertEqual(("GET", NEXT), (behind.method, behind.path))
        connection.answer()
        return outcome


class InvocationLoopTest(ProcessTestCase):
    def test_serves_invocations_one_after_another_on_one_connection(self):
        write(self.task_root, "app.py",
              "loads = []\nloads.append(1)\n"
              "def handler(event, context):\n"
              "    return {'event': event, 'id': context.aws_request_id, 'loads': len(loads)}\n")
        self.start()
        connection, request = self.first_request()

        first = self.invoke(connection, "id-1", b'{"n": 1}')
        second = self.invoke(connection, "id-2", b'{"n": 2}')

        self.assertEqual(("GET", NEXT), (request.method, request.path))
        self.assertEqual(RUNTIME + "/invocation/id-1/response", first.path)
        self.assertEqual("application/json", first.headers["content-type"])
        self.assertEqual({"event": {"n": 1}, "id": "id-1", "loads": 1}, first.json())
        self.assertEqual(RUNTIME + "/invocation/id-2/response", second.path)
        self.assertEqual({"event": {"n": 2}, "id": "id-2", "loads": 1}, second.json())

    def test_an_exception_is_posted_as_the_invocations_error_and_the_loop_goes_on(self):
        path = write(self.task_root, "app.py",
                     "def handler(event, context):\n"
                     "    if event.get('fail'):\n"
                     "        raise ValueError('bad ' + event['fail'])\n"
                     "    return 'fine'\n")
        client = self.start()
        connection, _ = self.first_request()

        error = self.invoke(connection, "id-1", b'{"fail": "input"}')
        response = self.invoke(connection, "id-2")

        self.assertEqual(RUNTIME + "/invocation/id-1/error", error.path)
        self.assertEqual(ERROR_CONTENT_TYPE, error.headers["content-type"])
        self.assertEqual("ValueError", error.headers["lambda-runtime-function-error-type"])
        self.assertEqual({"errorMessage": "bad input", "errorType": "ValueError", "requestId": "id-1",
                          "stackTrace": ['  File "%s", line 3, in handler\n    raise ValueError(\'bad \' + '
                                         "event['fail'])\n" % path]}, error.json())
        self.assertEqual(b'"fine"', response.body)
        self.assertIn("[ERROR] ValueError: bad input\rTraceback (most recent call last):\r  File \"%s\", line 3, "
                      "in handler\r    raise ValueError('bad ' + event['fail'])\n" % path, client.stop())

    def test_a_missing_function_fails_each_invocation_but_not_the_init(self):
        write(self.task_root, "app.py", "def other(event, context):\n    pass\n")
        self.start("app.handler")
        connection, request = self.first_request()

        error = self.invoke(connection, "id-1")

        self.assertEqual(("GET", NEXT), (request.method, request.path))
        self.assertEqual({"errorMessage": "Handler 'handler' missing on module 'app'",
                          "errorType": "Runtime.HandlerNotFound", "requestId": "id-1", "stackTrace": []},
                         error.json())

    def test_the_environment_is_what_a_function_expects(self):
        write(self.task_root, "app.py",
              "import os, sys\n"
              "def handler(event, context):\n"
              "    return {'path0': sys.path[0], 'cwd': os.getcwd(), 'trace': os.environ.get('_X_AMZN_TRACE_ID'),\n"
              "            'client_dir_on_path': any(p.endswith('runtime/python') for p in sys.path),\n"
              "            'main': sys.modules['__main__'].__name__}\n")
        self.start()
        connection, _ = self.first_request()

        traced = self.invoke(connection, "id-1", headers={"Lambda-Runtime-Trace-Id": "Root=1-a;Sampled=1"})
        untraced = self.invoke(connection, "id-2")

        self.assertEqual({"path0": self.task_root, "cwd": self.task_root, "trace": "Root=1-a;Sampled=1",
                          "client_dir_on_path": False, "main": "__main__"}, traced.json())
        self.assertIsNone(untraced.json()["trace"])

    def test_the_functions_own_json_module_does_not_stand_in_for_the_clients(self):
        write(self.task_root, "json.py", "def loads(*args, **kwargs):\n    return 'not json'\n"
                                         "def dumps(*args, **kwargs):\n    return 'not json'\n")
        write(self.task_root, "app.py",
              "import decimal, json\n"
              "def handler(event, context):\n"
              "    return {'event': event, 'price': decimal.Decimal('1.10'), 'theirs': json.dumps(1)}\n")
        self.start()
        connection, _ = self.first_request()

        # A byte order mark sends the event through json.loads; the Decimal through json's encoder.
        outcome = self.invoke(connection, "id-1", b'\xef\xbb\xbf{"a": 1}')

        self.assertEqual(b'{"event": {"a": 1}, "price": 1.10, "theirs": "not json"}', outcome.body)


class InitFailureTest(ProcessTestCase):
    def test_a_missing_module_is_posted_to_init_error_and_the_client_exits_with_status_1(self):
        client = self.start("missing.handler")
        connection, request = self.first_request()
        connection.answer()

        self.assertEqual(1, client.exit_status())
        self.assertEqual(("POST", RUNTIME + "/init/error"), (request.method, request.path))
        self.assertEqual(ERROR_CONTENT_TYPE, request.headers["content-type"])
        self.assertEqual("Runtime.ImportModuleError", request.headers["lambda-runtime-function-error-type"])
        self.assertEqual({"errorMessage": "Unable to import module 'missing': No module named 'missing'",
                          "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []},
                         request.json())
        self.assertEqual("[ERROR] Runtime.ImportModuleError: Unable to import module 'missing': No module named "
                         "'missing'\rTraceback (most recent call last):\n", client.stdout)
        self.assertTrue(connection.closed_by_client())

    def test_an_exception_while_the_module_loads_is_an_init_error_of_its_own_type(self):
        path = write(self.task_root, "app.py", "import os\nraise LookupError('NOT_SET')\n")
        client = self.start()
        connection, request = self.first_request()
        connection.answer()

        self.assertEqual(1, client.exit_status())
        doc = request.json()
        self.assertEqual(("LookupError", "NOT_SET", ""), (doc["errorType"], doc["errorMessage"], doc["requestId"]))
        self.assertEqual('  File "%s", line 2, in <module>\n    raise LookupError(\'NOT_SET\')\n' % path,
                         doc["stackTrace"][-1])
        self.assertFalse(any("bootstrap.py" in frame for frame in doc["stackTrace"]), doc["stackTrace"])

    def test_a_syntax_error(self):
        write(self.task_root, "app.py", "def handler(:\n")
        client = self.start()
        connection, request = self.first_request()
        connection.answer()

        self.assertEqual(1, client.exit_status())
        self.assertEqual("Runtime.UserCodeSyntaxError", request.json()["errorType"])

    def test_a_malformed_handler(self):
        client = self.start("nodot")
        connection, request = self.first_request()
        connection.answer()

        self.assertEqual(1, client.exit_status())
        self.assertEqual("Runtime.MalformedHandlerName", request.json()["errorType"])


class FatalTest(ProcessTestCase):
    def test_a_refused_response_ends_the_client_with_status_1(self):
        write(self.task_root, "app.py", "def handler(event, context):\n    return 1\n")
        client = self.start()
        connection, _ = self.first_request()
        connection.answer_next("id-1")
        connection.read_request()
        connection.answer(400, b'{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID"}',
                          {"Connection": "close"})

        self.assertEqual(1, client.exit_status())
        self.assertIn("lamina-runtime: fatal: POST /runtime/invocation/id-1/response answered 400", client.stderr)

    def test_next_answered_500_ends_the_client_with_status_1(self):
        write(self.task_root, "app.py", "def handler(event, context):\n    return 1\n")
        client = self.start()
        connection, _ = self.first_request()
        connection.answer(500, b'{"errorType":"ServiceException"}')

        self.assertEqual(1, client.exit_status())
        self.assertIn("GET /runtime/invocation/next answered 500", client.stderr)

    def test_a_runtime_api_that_went_away_ends_the_client_with_status_1(self):
        write(self.task_root, "app.py", "def handler(event, context):\n    return 1\n")
        client = self.start()
        connection, _ = self.first_request()
        self.api.stop_listening()
        connection.close()

        self.assertEqual(1, client.exit_status())
        self.assertIn("lamina-runtime: fatal: ", client.stderr)

    def test_an_unusable_runtime_api_address_ends_the_client_with_status_1(self):
        write(self.task_root, "app.py", "def handler(event, context):\n    return 1\n")
        client = self.start(env={"AWS_LAMBDA_RUNTIME_API": "no-port"})

        self.assertEqual(1, client.exit_status())
        self.assertIn("AWS_LAMBDA_RUNTIME_API must be host:port, got 'no-port'", client.stderr)

    def test_a_user_thread_does_not_keep_a_failed_client_alive(self):
        write(self.task_root, "app.py",
              "import threading, time\n"
              "threading.Thread(target=lambda: time.sleep(600)).start()\n"
              "def handler(event, context):\n    return 1\n")
        client = self.start()
        connection, _ = self.first_request()
        connection.answer(500, b"{}")

        self.assertEqual(1, client.exit_status())


class LoggingTest(ProcessTestCase):
    LOGGING_HANDLER = (
        "import logging\n"
        "logging.basicConfig(level=logging.DEBUG, format='%(message)s')  # a no-op under Lambda\n"
        "logger = logging.getLogger('orders')\n"
        "def handler(event, context):\n"
        "    logger.debug('debug line')\n"
        "    logger.info('info line')\n"
        "    logger.warning('two\\nlines', extra={'order': 7})\n"
        "    print('printed')\n"
        "    return 1\n")

    def test_logging_records_carry_the_level_utc_time_and_request_id(self):
        write(self.task_root, "app.py", self.LOGGING_HANDLER)
        client = self.start()
        connection, _ = self.first_request()
        self.invoke(connection, "id-1")

        out = client.stop()

        self.assertRegex(out, r"^\[WARNING\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tid-1\ttwo\nlines\nprinted\n$")

    def test_the_log_level_variable_sets_the_root_loggers_level(self):
        write(self.task_root, "app.py", self.LOGGING_HANDLER)
        client = self.start(env={"AWS_LAMBDA_LOG_LEVEL": "debug"})
        connection, _ = self.first_request()
        self.invoke(connection, "id-1")

        levels = re.findall(r"^\[(\w+)\]\t", client.stop(), re.MULTILINE)

        self.assertEqual(["DEBUG", "INFO", "WARNING"], levels)

    def test_json_format_writes_one_object_per_record(self):
        write(self.task_root, "app.py", self.LOGGING_HANDLER)
        client = self.start(env={"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"})
        connection, _ = self.first_request()
        self.invoke(connection, "id-1")

        lines = client.stop().splitlines()

        records = [json.loads(line) for line in lines[:2]]
        self.assertEqual([("INFO", "info line"), ("WARNING", "two\nlines")],
                         [(r["level"], r["message"]) for r in records])
        self.assertEqual({"logger": "orders", "requestId": "id-1", "order": 7},
                         {k: records[1][k] for k in ("logger", "requestId", "order")})
        self.assertRegex(records[0]["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(["printed"], lines[2:])

    def test_records_go_to_the_telemetry_fd_as_frames_and_the_variable_is_removed(self):
        write(self.task_root, "app.py",
              "import logging, os\n"
              "def handler(event, context):\n"
              "    logging.getLogger().error('first\\nsecond')\n"
              "    return os.environ.get('_LAMBDA_TELEMETRY_LOG_FD')\n")
        read_end, write_end = os.pipe()
        self.addCleanup(os.close, read_end)
        client = self.start(env={"_LAMBDA_TELEMETRY_LOG_FD": str(write_end)}, pass_fds=(write_end,))
        os.close(write_end)
        connection, _ = self.first_request()

        outcome = self.invoke(connection, "id-1")
        client.stop()
        frames = os.read(read_end, 65536)

        self.assertEqual(b"null", outcome.body)
        self.assertEqual(bytes.fromhex("a55a0003"), frames[:4])
        length = int.from_bytes(frames[4:8], "big")
        self.assertEqual(len(frames) - 16, length)  # one frame, the record kept whole
        self.assertRegex(frames[16:].decode(), r"^\[ERROR\]\t\S+Z\tid-1\tfirst\nsecond\n$")


if __name__ == "__main__":
    unittest.main()
