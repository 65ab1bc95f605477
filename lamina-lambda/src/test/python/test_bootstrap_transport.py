"""The Python client's HTTP/1.1 transport against a fake Runtime API: one kept-alive connection,
``GET /next`` pipelined behind each posted outcome, and the retry rules (a request on a kept
connection that the server closed before answering goes once more on a new one). The client
blocks, so each call runs on a thread of its own while the test plays the server."""

import threading
import unittest

from fake_runtime_api import NEXT, RUNTIME, TIMEOUT, FakeRuntimeApi
from runtime_clients import BOOTSTRAP, load

bootstrap = load(BOOTSTRAP, "lamina_bootstrap_transport")


class Call:
    """A client call running on its own thread."""

    def __init__(self, function, *args, **kwargs):
        self._outcome = None
        self._thread = threading.Thread(target=self._run, args=(function, args, kwargs), daemon=True)
        self._thread.start()

    def _run(self, function, args, kwargs):
        try:
            self._outcome = (True, function(*args, **kwargs))
        except BaseException as e:  # handed to the test thread
            self._outcome = (False, e)

    def result(self):
        self._thread.join(TIMEOUT)
        if self._thread.is_alive():
            raise AssertionError("the client call did not return")
        ok, value = self._outcome
        if not ok:
            raise value
        return value


class TransportTestCase(unittest.TestCase):
    def setUp(self):
        self.api = FakeRuntimeApi()
        self.addCleanup(self.api.close)
        self.client = bootstrap.RuntimeAPIClient(self.api.address)
        self.addCleanup(self.client.close)

    def first_invocation(self, request_id="id-1"):
        """The client's first GET /next, answered; returns the connection it came on."""
        call = Call(self.client.next_invocation)
        connection = self.api.accept()
        self.assertEqual(("GET", NEXT), self.method_and_path(connection.read_request()))
        connection.answer_next(request_id)
        call.result()
        return connection

    def post_response(self, request_id="id-1", body=b'"ok"'):
        return Call(self.client.post, f"/invocation/{request_id}/response", body, "application/json",
                    then_next=True)

    def assert_no_new_connection(self):
        self.assertFalse(self.api.connection_waiting())

    @staticmethod
    def method_and_path(request):
        return request.method, request.path


class ConversationTest(TransportTestCase):
    def test_next_returns_the_invocations_headers_and_event(self):
        call = Call(self.client.next_invocation)
        connection = self.api.accept()
        request = connection.read_request()
        connection.answer_next("id-1", b'{"a": 1}', {"Lambda-Runtime-Trace-Id": "Root=1-abc"})

        headers, body = call.result()

        self.assertEqual(self.api.address, request.headers["host"])
        self.assertEqual("id-1", headers["lambda-runtime-aws-request-id"])
        self.assertEqual("Root=1-abc", headers["lambda-runtime-trace-id"])
        self.assertEqual(b'{"a": 1}', bytes(body))

    def test_a_posted_outcome_has_the_next_get_behind_it_before_it_is_answered(self):
        connection = self.first_invocation()
        call = self.post_response(body=b'{"r": 1}')

        post = connection.read_request()
        behind = connection.read_request(timeout=2)  # the POST has no answer yet
        connection.answer()
        call.result()
        next_call = Call(self.client.next_invocation)
        connection.answer_next("id-2", b"[2]")

        self.assertEqual(("POST", RUNTIME + "/invocation/id-1/response"), self.method_and_path(post))
        self.assertEqual("application/json", post.headers["content-type"])
        self.assertEqual(b'{"r": 1}', post.body)
        self.assertEqual(("GET", NEXT), self.method_and_path(behind))
        self.assertEqual(b"[2]", bytes(next_call.result()[1]))
        self.assert_no_new_connection()

    def test_a_large_body_and_the_get_behind_it_arrive_whole(self):
        connection = self.first_invocation()
        body = b"x" * 200_000
        call = self.post_response(body=body)

        post = connection.read_request()
        behind = connection.read_request()
        connection.answer()
        call.result()

        self.assertEqual(body, post.body)
        self.assertEqual(("GET", NEXT), self.method_and_path(behind))

    def test_an_error_is_posted_with_its_type_in_a_header_of_visible_ascii(self):
        connection = self.first_invocation()
        call = Call(self.client.post, "/invocation/id-1/error", b"{}", "application/vnd.aws.lambda.error+json",
                    "Fehlerä\n", then_next=True)

        post = connection.read_request()
        connection.read_request()
        connection.answer()
        call.result()

        self.assertEqual("application/vnd.aws.lambda.error+json", post.headers["content-type"])
        self.assertEqual("Fehler??", post.headers["lambda-runtime-function-error-type"])

    def test_an_init_error_is_posted_without_a_get_behind_it(self):
        call = Call(self.client.post, "/init/error", b"{}", "application/vnd.aws.lambda.error+json",
                    "Runtime.ImportModuleError")
        connection = self.api.accept()

        post = connection.read_request()
        connection.answer()
        call.result()

        self.assertEqual(("POST", RUNTIME + "/init/error"), self.method_and_path(post))
        self.assertEqual("Runtime.ImportModuleError", post.headers["lambda-runtime-function-error-type"])
        self.assertEqual(b"", connection.buffered())  # nothing went out behind it


class AnswerParsingTest(TransportTestCase):
    def next_answered_with(self, raw):
        call = Call(self.client.next_invocation)
        connection = self.api.accept()
        connection.read_request()
        connection.send(raw)
        return call, connection

    def test_interim_answers_are_skipped(self):
        call, _ = self.next_answered_with(
            b"HTTP/1.1 100 Continue\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: id-1\r\nContent-Length: 2\r\n\r\n{}")

        headers, body = call.result()

        self.assertEqual(("id-1", b"{}"), (headers["lambda-runtime-aws-request-id"], bytes(body)))

    def test_a_chunked_answer_is_joined_and_its_trailers_skipped(self):
        call, connection = self.next_answered_with(
            b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: id-1\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"3;ext=1\r\n{\"a\r\n5\r\n\": 1}\r\n0\r\nX-Trailer: t\r\n\r\n")

        self.assertEqual(b'{"a": 1}', call.result()[1])
        self.post_response()
        self.assertEqual("POST", connection.read_request().method)  # still in step on the same connection

    def test_an_answer_without_a_length_ends_with_its_connection(self):
        call, connection = self.next_answered_with(
            b"HTTP/1.0 200 OK\r\nLambda-Runtime-Aws-Request-Id: id-1\r\n\r\n{\"event\": 1}")
        connection.close()

        self.assertEqual(b'{"event": 1}', call.result()[1])
        self.post_response()
        self.assertEqual("POST", self.api.accept().read_request().method)

    def test_header_values_are_utf8_or_else_latin1(self):
        call, _ = self.next_answered_with(
            "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: id-1\r\nX-A: café\r\nContent-Length: 0\r\n".encode()
            + b"X-B: caf\xe9\r\n\r\n")

        headers, _ = call.result()

        self.assertEqual(("café", "café"), (headers["x-a"], headers["x-b"]))

    def test_a_malformed_status_line_is_an_error(self):
        call, _ = self.next_answered_with(b"SPDY/3 ok\r\n\r\n")

        with self.assertRaises(bootstrap.RuntimeAPIError):
            call.result()


class RetryTest(TransportTestCase):
    def test_the_pipelined_get_goes_again_on_a_new_connection_when_the_server_closes_before_answering(self):
        connection = self.first_invocation()
        call = self.post_response()
        connection.read_request()
        connection.read_request()
        connection.answer()
        call.result()
        connection.close()

        next_call = Call(self.client.next_invocation)
        fresh = self.api.accept()
        request = fresh.read_request()
        fresh.answer_next("id-2")

        self.assertEqual(("GET", NEXT), self.method_and_path(request))
        self.assertEqual("id-2", next_call.result()[0]["lambda-runtime-aws-request-id"])

    def test_an_answer_with_connection_close_sends_the_next_get_on_a_new_connection(self):
        connection = self.first_invocation()
        call = self.post_response()
        connection.read_request()
        connection.read_request()
        connection.answer(headers={"Content-Type": "application/json", "Connection": "close"})
        call.result()
        connection.close()

        next_call = Call(self.client.next_invocation)
        fresh = self.api.accept()
        self.assertEqual(("GET", NEXT), self.method_and_path(fresh.read_request()))
        fresh.answer_next("id-2")
        next_call.result()

    def test_a_request_on_a_kept_connection_that_the_server_closed_is_sent_once_more_on_a_new_one(self):
        connection = self.first_invocation()
        connection.close()  # the server let the idle connection go while the function ran

        call = self.post_response()
        fresh = self.api.accept()
        post = fresh.read_request()
        behind = fresh.read_request()
        fresh.answer()
        call.result()

        self.assertEqual(("POST", RUNTIME + "/invocation/id-1/response"), self.method_and_path(post))
        self.assertEqual(("GET", NEXT), self.method_and_path(behind))

    def test_it_is_sent_once_more_only(self):
        connection = self.first_invocation()
        connection.close()

        call = self.post_response()
        fresh = self.api.accept()
        fresh.read_request()
        fresh.close()

        with self.assertRaisesRegex(bootstrap.RuntimeAPIError, "connection closed by the Runtime API"):
            call.result()
        self.assert_no_new_connection()

    def test_a_new_connection_closed_without_an_answer_is_not_retried(self):
        call = Call(self.client.next_invocation)
        connection = self.api.accept()
        connection.read_request()
        connection.close()

        with self.assertRaises(bootstrap.RuntimeAPIError):
            call.result()
        self.assert_no_new_connection()

    def test_an_answer_cut_off_midway_is_an_error_not_a_retry(self):
        connection = self.first_invocation()
        call = self.post_response()
        connection.read_request()
        connection.send(b"HTTP/1.1 202 Accepted\r\nContent-Length: 10\r\n\r\n{\"st")
        connection.close()

        with self.assertRaises(bootstrap.RuntimeAPIError):
            call.result()
        self.assert_no_new_connection()

    def test_a_refused_connection_is_an_error(self):
        self.api.stop_listening()

        with self.assertRaises(bootstrap.RuntimeAPIError):
            self.client.next_invocation()


class RefusalTest(TransportTestCase):
    def test_next_answered_outside_200_is_an_error(self):
        call = Call(self.client.next_invocation)
        connection = self.api.accept()
        connection.read_request()
        connection.answer(500, b'{"errorType":"ServiceException"}')

        with self.assertRaisesRegex(bootstrap.RuntimeAPIError, "answered 500"):
            call.result()

    def test_a_post_answered_outside_2xx_is_an_error(self):
        connection = self.first_invocation()
        call = self.post_response()
        connection.read_request()
        connection.answer(400, b'{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID"}',
                          {"Connection": "close"})

        with self.assertRaisesRegex(bootstrap.RuntimeAPIError, "answered 400.*InvalidRequestID"):
            call.result()


class AddressTest(unittest.TestCase):
    def test_host_and_port(self):
        self.assertEqual(("127.0.0.1", 9001), bootstrap.RuntimeAPIClient("127.0.0.1:9001")._address)
        self.assertEqual(("localhost", 80), bootstrap.RuntimeAPIClient("localhost:80")._address)

    def test_an_ipv6_address_in_brackets(self):
        client = bootstrap.RuntimeAPIClient("[::1]:9001")

        self.assertEqual(("::1", 9001), client._address)
        self.assertEqual("[::1]:9001", client._host_header)

    def test_a_runtime_api_at_an_ipv6_address(self):
        try:
            api = FakeRuntimeApi("::1")
        except OSError as e:
            self.skipTest(f"this host has no IPv6 loopback address: {e}")
        self.addCleanup(api.close)
        client = bootstrap.RuntimeAPIClient(api.address)
        self.addCleanup(client.close)

        call = Call(client.next_invocation)
        connection = api.accept()
        request = connection.read_request()
        connection.answer_next("id-1")

        self.assertEqual("id-1", call.result()[0]["lambda-runtime-aws-request-id"])
        self.assertEqual(api.address, request.headers["host"])

    def test_anything_else_is_refused(self):
        for address in ("", "127.0.0.1", "127.0.0.1:", ":9001", "host:port", "[::1]"):
            with self.subTest(address=address), self.assertRaises(bootstrap.RuntimeAPIError):
                bootstrap.RuntimeAPIClient(address)


if __name__ == "__main__":
    unittest.main()
