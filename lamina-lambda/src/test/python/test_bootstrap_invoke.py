"""One invocation of the Python client, from the headers and body of a ``GET /next`` to what it
posts: the context object, event and result marshalling, error documents and their log lines.
``_invoke`` talks to the Runtime API through one method, ``post``; here a recorder stands in."""

import contextlib
import decimal
import io
import json
import os
import time
import unittest
from unittest import mock

from runtime_clients import BOOTSTRAP, load, temporary_dir, write

bootstrap = load(BOOTSTRAP, "lamina_bootstrap_invoke")

ARN = "arn:aws:lambda:us-east-1:000000000000:function:fn:live"
ENVIRONMENT = {
    "AWS_LAMBDA_FUNCTION_NAME": "fn",
    "AWS_LAMBDA_FUNCTION_VERSION": "7",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
    "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/fn",
    "AWS_LAMBDA_LOG_STREAM_NAME": "2025/01/01/[7]0123456789abcdef0123456789abcdef",
}


class Post:
    def __init__(self, path, body, content_type, error_type, then_next):
        self.path = path
        self.body = body
        self.content_type = content_type
        self.error_type = error_type
        self.then_next = then_next

    def json(self):
        return json.loads(self.body)


class RecordingApi:
    def __init__(self):
        self.posts = []

    def post(self, path, body, content_type, error_type=None, then_next=False):
        self.posts.append(Post(path, bytes(body), content_type, error_type, then_next))


def headers(request_id="8476a536-e9f4-11e8-9739-2dfe598c3fcd", **extra):
    fields = {
        "lambda-runtime-aws-request-id": request_id,
        "lambda-runtime-deadline-ms": str(time.time_ns() // 1_000_000 + 60_000),
        "lambda-runtime-invoked-function-arn": ARN,
        "content-type": "application/json",
    }
    fields.update({k.replace("_", "-"): v for k, v in extra.items()})
    return fields


class InvokeTestCase(unittest.TestCase):
    def setUp(self):
        self.api = RecordingApi()
        patcher = mock.patch.dict(os.environ, ENVIRONMENT)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(os.environ.pop, "_X_AMZN_TRACE_ID", None)

    def invoke(self, handler, body=b"{}", **header_fields):
        """Runs one invocation; returns (the one post, what the client printed)."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            bootstrap._invoke(self.api, handler, headers(**header_fields), body)
        self.assertEqual(1, len(self.api.posts))
        return self.api.posts[0], out.getvalue()

    def user_module(self, source):
        """Function code in a file of its own, so that its frames look like a function's."""
        path = write(temporary_dir(self), "fn_module.py", source)
        return load(path, "fn_module_%d" % id(self)), path


class ContextTest(InvokeTestCase):
    def context_of(self, **header_fields):
        seen = []
        self.invoke(lambda event, context: seen.append(context), **header_fields)
        return seen[0]

    def test_carries_the_invocations_ids_and_the_functions_configuration(self):
        context = self.context_of(request_id="req-1")

        self.assertEqual("req-1", context.aws_request_id)
        self.assertEqual(ARN, context.invoked_function_arn)
        self.assertEqual("fn", context.function_name)
        self.assertEqual("7", context.function_version)
        self.assertEqual("256", context.memory_limit_in_mb)  # a string, as in AWS's runtime
        self.assertEqual("/aws/lambda/fn", context.log_group_name)
        self.assertEqual(ENVIRONMENT["AWS_LAMBDA_LOG_STREAM_NAME"], context.log_stream_name)
        self.assertIsNone(context.client_context)
        self.assertIsNone(context.identity.cognito_identity_id)
        self.assertIsNone(context.identity.cognito_identity_pool_id)
        self.assertIsNone(context.tenant_id)

    def test_remaining_time_counts_down_to_the_deadline(self):
        deadline = time.time_ns() // 1_000_000 + 30_000
        context = self.context_of(lambda_runtime_deadline_ms=str(deadline))

        remaining = context.get_remaining_time_in_millis()

        self.assertIsInstance(remaining, int)
        self.assertLessEqual(remaining, 30_000)
        self.assertGreater(remaining, 20_000)

    def test_remaining_time_after_the_deadline_is_zero(self):
        context = self.context_of(lambda_runtime_deadline_ms=str(time.time_ns() // 1_000_000 - 5_000))

        self.assertEqual(0, context.get_remaining_time_in_millis())

    def test_a_missing_or_unreadable_deadline_leaves_no_time(self):
        self.assertEqual(0, self.context_of(lambda_runtime_deadline_ms="").get_remaining_time_in_millis())
        self.api.posts.clear()
        self.assertEqual(0, self.context_of(lambda_runtime_deadline_ms="soon").get_remaining_time_in_millis())

    def test_client_context_has_the_mobile_sdks_fields(self):
        client_context = {
            "client": {"installation_id": "inst", "app_title": "Title", "app_version_name": "1.0",
                       "app_version_code": "100", "app_package_name": "com.example"},
            "custom": {"k": "v"},
            "env": {"platform": "Android"},
        }

        context = self.context_of(lambda_runtime_client_context=json.dumps(client_context))

        self.assertEqual("inst", context.client_context.client.installation_id)
        self.assertEqual("Title", context.client_context.client.app_title)
        self.assertEqual("1.0", context.client_context.client.app_version_name)
        self.assertEqual("100", context.client_context.client.app_version_code)
        self.assertEqual("com.example", context.client_context.client.app_package_name)
        self.assertEqual({"k": "v"}, context.client_context.custom)
        self.assertEqual({"platform": "Android"}, context.client_context.env)

    def test_client_context_without_a_client(self):
        context = self.context_of(lambda_runtime_client_context='{"custom": {"a": 1}}')

        self.assertIsNone(context.client_context.client)
        self.assertEqual({"a": 1}, context.client_context.custom)
        self.assertIsNone(context.client_context.env)

    def test_identity_comes_from_the_cognito_header(self):
        context = self.context_of(
            lambda_runtime_cognito_identity='{"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}')

        self.assertEqual("id-1", context.identity.cognito_identity_id)
        self.assertEqual("pool-1", context.identity.cognito_identity_pool_id)

    def test_tenant_id(self):
        self.assertEqual("tenant-a", self.context_of(lambda_runtime_aws_tenant_id="tenant-a").tenant_id)

    def test_log_writes_the_message_as_it_is(self):
        post, out = self.invoke(lambda event, context: context.log("plain line\n"))

        self.assertEqual("plain line\n", out)

    def test_repr_lists_the_fields(self):
        text = repr(self.context_of(request_id="req-2"))

        self.assertTrue(text.startswith("LambdaContext([aws_request_id=req-2,log_group_name=/aws/lambda/fn,"), text)
        self.assertIn("identity=CognitoIdentity([cognito_identity_id=None,cognito_identity_pool_id=None])", text)

    def test_the_trace_header_is_the_trace_variable_during_the_invocation_only(self):
        seen = []

        def handler(event, context):
            seen.append(os.environ.get("_X_AMZN_TRACE_ID"))

        self.invoke(handler, lambda_runtime_trace_id="Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
        self.api.posts.clear()
        self.invoke(handler)

        self.assertEqual(["Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", None], seen)


class MarshallingTest(InvokeTestCase):
    def test_the_event_is_parsed_json_and_the_result_is_posted_as_json(self):
        post, _ = self.invoke(lambda event, context: {"echo": event, "n": 1.5},
                              body=b'{"name": "caf\xc3\xa9", "list": [1, 2], "none": null}', request_id="req-3")

        self.assertEqual("/invocation/req-3/response", post.path)
        self.assertEqual("application/json", post.content_type)
        self.assertIsNone(post.error_type)
        self.assertTrue(post.then_next)
        self.assertEqual('{"echo": {"name": "café", "list": [1, 2], "none": null}, "n": 1.5}', post.body.decode())

    def test_a_json_content_type_with_parameters_is_json(self):
        post, _ = self.invoke(lambda event, context: event, body=b"[1]",
                              content_type="application/json; charset=utf-8")

        self.assertEqual(b"[1]", post.body)

    def test_an_event_of_another_content_type_is_handed_over_as_bytes(self):
        seen = []
        self.invoke(lambda event, context: seen.append(event), body=b"raw \xff", content_type="text/plain")

        self.assertEqual([b"raw \xff"], seen)

    def test_a_bytes_result_is_posted_raw(self):
        post, _ = self.invoke(lambda event, context: b"\x00binary")

        self.assertEqual(b"\x00binary", post.body)
        self.assertEqual("application/unknown", post.content_type)

    def test_none_is_null(self):
        self.assertEqual(b"null", self.invoke(lambda event, context: None)[0].body)

    def test_a_string_result_is_a_json_string(self):
        self.assertEqual(b'"hello \\"you\\""', self.invoke(lambda event, context: 'hello "you"')[0].body)

    def test_text_stays_utf8_and_lone_surrogates_are_escaped(self):
        self.assertEqual('"日本"'.encode(), self.invoke(lambda event, context: "日本")[0].body)
        self.api.posts.clear()
        self.assertEqual(b'["\\ud800"]', self.invoke(lambda event, context: ["\ud800"])[0].body)

    def test_decimals_are_written_as_the_exact_number_they_hold(self):
        post, _ = self.invoke(lambda event, context: {"price": decimal.Decimal("12.30"),
                                                      "big": decimal.Decimal("1E+30"), "f": 0.1})

        self.assertEqual(b'{"price": 12.30, "big": 1E+30, "f": 0.1}', post.body)

    def test_nan_and_infinity_are_allowed(self):
        post, _ = self.invoke(lambda event, context: [float("nan"), float("inf"), float("-inf")])

        self.assertEqual(b"[NaN, Infinity, -Infinity]", post.body)

    def test_the_c_scanner_reads_what_json_loads_reads(self):
        for body in (b' {"a": [1, 2.5, true, null, "x\\u00e9"]} \n', b"NaN", b"-Infinity", b"1e400", b'"s"',
                     b"\xef\xbb\xbf[1]", '"\u00e9"'.encode("utf-16")):
            with self.subTest(body=body):
                try:
                    expected = json.loads(body)
                except ValueError as e:
                    expected = repr(e)
                try:
                    got = bootstrap._loads(body)
                except ValueError as e:
                    got = repr(e)
                self.assertEqual(repr(expected), repr(got))

    def test_a_result_json_cannot_write_is_a_marshal_error(self):
        post, out = self.invoke(lambda event, context: {"s": {1, 2}}, request_id="req-4")

        self.assertEqual("/invocation/req-4/error", post.path)
        self.assertEqual("Runtime.MarshalError", post.error_type)
        self.assertEqual({"errorMessage": "Unable to marshal response: Object of type set is not JSON serializable",
                          "errorType": "Runtime.MarshalError", "requestId": "req-4", "stackTrace": []}, post.json())
        self.assertEqual("[ERROR] Runtime.MarshalError: Unable to marshal response: Object of type set is not JSON "
                         "serializable\rTraceback (most recent call last):\n", out)

    def test_an_event_that_is_not_json_is_an_unmarshal_error(self):
        post, _ = self.invoke(lambda event, context: event, body=b"{not json")

        self.assertEqual("Runtime.UnmarshalError", post.error_type)
        self.assertEqual("Unable to unmarshal input: Expecting property name enclosed in double quotes: "
                         "line 1 column 2 (char 1)", post.json()["errorMessage"])


class ErrorDocumentTest(InvokeTestCase):
    def test_an_exception_is_posted_with_the_frames_of_the_functions_code_only(self):
        module, path = self.user_module(
            "def handler(event, context):\n"
            "    return helper()\n"
            "def helper():\n"
            "    raise ValueError('bad input')\n")

        post, out = self.invoke(module.handler, request_id="req-5")

        self.assertEqual("/invocation/req-5/error", post.path)
        self.assertEqual("application/vnd.aws.lambda.error+json", post.content_type)
        self.assertEqual("ValueError", post.error_type)
        self.assertTrue(post.then_next)
        self.assertEqual({
            "errorMessage": "bad input",
            "errorType": "ValueError",
            "requestId": "req-5",
            "stackTrace": [
                '  File "%s", line 2, in handler\n    return helper()\n' % path,
                '  File "%s", line 4, in helper\n    raise ValueError(\'bad input\')\n' % path,
            ],
        }, post.json())
        self.assertEqual(
            "[ERROR] ValueError: bad input\rTraceback (most recent call last):\r"
            '  File "%s", line 2, in handler\r    return helper()\r' % path
            + '  File "%s", line 4, in helper\r    raise ValueError(\'bad input\')\n' % path, out)

    def test_the_error_type_is_the_exception_classs_own_name(self):
        module, _ = self.user_module(
            "class OrderRejected(Exception):\n    pass\n"
            "def handler(event, context):\n    raise OrderRejected()\n")

        post, out = self.invoke(module.handler)

        self.assertEqual("OrderRejected", post.json()["errorType"])
        self.assertEqual("", post.json()["errorMessage"])
        self.assertTrue(out.startswith("[ERROR] OrderRejected\rTraceback"), out)

    def test_an_exception_that_cannot_be_printed_still_makes_a_document(self):
        module, _ = self.user_module(
            "class Odd(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n"
            "def handler(event, context):\n    raise Odd()\n")

        post, _ = self.invoke(module.handler)

        self.assertEqual("<unprintable Odd object>", post.json()["errorMessage"])

    def test_json_log_format_writes_the_document_as_one_record(self):
        module, _ = self.user_module("def handler(event, context):\n    raise KeyError('k')\n")
        self.addCleanup(setattr, bootstrap, "_JSON_LOGS", bootstrap._JSON_LOGS)
        bootstrap._JSON_LOGS = True

        post, out = self.invoke(module.handler, request_id="req-6")

        record = json.loads(out)
        self.assertEqual("ERROR", record["log_level"])
        self.assertEqual("KeyError", record["errorType"])
        self.assertEqual("'k'", record["errorMessage"])
        self.assertEqual("req-6", record["requestId"])
        self.assertEqual(post.json()["stackTrace"], record["stackTrace"])
        self.assertRegex(record["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_request_ids_are_escaped_in_the_path(self):
        post, _ = self.invoke(lambda event, context: None, request_id="a b/ü")

        self.assertEqual("/invocation/a%20b%2F%C3%BC/response", post.path)

    def test_an_answer_without_a_request_id_is_the_runtime_apis_fault(self):
        with self.assertRaises(bootstrap.RuntimeAPIError):
            bootstrap._invoke(self.api, lambda event, context: None, {"content-type": "application/json"}, b"{}")
        self.assertEqual([], self.api.posts)


if __name__ == "__main__":
    unittest.main()
