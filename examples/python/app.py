"""A greeting function: behind an HTTP API it answers GET /hello?name=... with JSON; invoked directly
with {"name": "..."} it returns the greeting. A name of "fail" makes the invocation fail."""
import json
import os


def handler(event, context):
    name = (event.get("queryStringParameters") or {}).get("name") or event.get("name") or "world"
    if name == "fail":
        raise ValueError("asked to fail")
    greeting = {"message": f"Hello, {name}!", "language": "python", "function": context.function_name}
    if "requestContext" not in event:
        return greeting
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(greeting)}
