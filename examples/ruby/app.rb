# A greeting function: behind an HTTP API it answers GET /hello?name=... with JSON; invoked directly
# with {"name": "..."} it returns the greeting. A name of "fail" makes the invocation fail.
require 'json'

def handler(event:, context:)
  name = (event['queryStringParameters'] || {})['name'] || event['name'] || 'world'
  raise ArgumentError, 'asked to fail' if name == 'fail'

  greeting = { message: "Hello, #{name}!", language: 'ruby', function: context.function_name }
  return greeting unless event.key?('requestContext')

  { statusCode: 200, headers: { 'content-type' => 'application/json' }, body: JSON.generate(greeting) }
end
