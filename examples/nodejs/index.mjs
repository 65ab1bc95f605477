// A greeting function: behind an HTTP API it answers GET /hello?name=... with JSON; invoked directly
// with {"name": "..."} it returns the greeting. A name of "fail" makes the invocation fail.
export const handler = async (event, context) => {
  const name = event.queryStringParameters?.name || event.name || "world";
  if (name === "fail") {
    throw new Error("asked to fail");
  }
  const greeting = { message: `Hello, ${name}!`, language: "nodejs", function: context.functionName };
  if (!event.requestContext) {
    return greeting;
  }
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(greeting) };
};
