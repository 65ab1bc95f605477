'use strict';

// One invocation of the Node.js client: the handler styles of the managed nodejs20.x/22.x runtimes
// (async, callback with callbackWaitsForEmptyEventLoop, context.succeed/fail/done), the context
// object, error documents, crashes and the console's log format.

const test = require('node:test');
const assert = require('node:assert/strict');
const { RUNTIME } = require('./fake-runtime-api.cjs');
const { firstNext, invoke, json, start } = require('./client-process.cjs');

// The outcome a handler module's `handler` posts for one invocation of `event`.
async function outcomeOf(t, source, event = '{}', headers = {}) {
  const { api, client } = await start(t, { 'index.js': source });
  const connection = await firstNext(api);
  const outcome = await invoke(connection, 'id-1', event, headers);
  return { outcome, doc: json(outcome), client, connection };
}

async function responseOf(t, source, event, headers) {
  const { outcome, doc } = await outcomeOf(t, source, event, headers);
  assert.equal(outcome.path, `${RUNTIME}/invocation/id-1/response`, `an error was posted: ${outcome.body}`);
  assert.equal(outcome.headers['content-type'], 'application/json');
  return doc;
}

async function errorOf(t, source, event, headers) {
  const { outcome, doc, client } = await outcomeOf(t, source, event, headers);
  assert.equal(outcome.path, `${RUNTIME}/invocation/id-1/error`, `a response was posted: ${outcome.body}`);
  assert.equal(outcome.headers['content-type'], 'application/vnd.aws.lambda.error+json');
  assert.equal(outcome.headers['lambda-runtime-function-error-type'], doc.errorType || 'Unknown');
  return { doc, client };
}

test.describe('handler styles', () => {
  test('an async handler\'s value is the response', async (t) => {
    assert.deepEqual(await responseOf(t, 'exports.handler = async (event) => ({ got: event });', '{"a":[1,2]}'),
      { got: { a: [1, 2] } });
  });

  test('undefined is null', async (t) => {
    assert.equal(await responseOf(t, 'exports.handler = async () => undefined;'), null);
  });

  test('a plain function returning a promise is async', async (t) => {
    assert.equal(await responseOf(t, 'exports.handler = () => Promise.resolve("promised");'), 'promised');
  });

  test('a callback\'s result waits for the event loop to drain', async (t) => {
    const source = 'exports.handler = (event, context, callback) => {\n'
      + '  const result = { timerRan: false };\n'
      + '  setTimeout(() => { result.timerRan = true; }, 20);\n'
      + '  callback(null, result);\n'
      + '};';

    assert.deepEqual(await responseOf(t, source), { timerRan: true });
  });

  test('callbackWaitsForEmptyEventLoop = false posts the callback\'s result at once', async (t) => {
    const source = 'exports.handler = (event, context, callback) => {\n'
      + '  context.callbackWaitsForEmptyEventLoop = false;\n'
      + '  const result = { timerRan: false, waits: context.callbackWaitsForEmptyEventLoop };\n'
      + '  setTimeout(() => { result.timerRan = true; }, 60000);\n'
      + '  callback(null, result);\n'
      + '};';

    assert.deepEqual(await responseOf(t, source), { timerRan: false, waits: false });
  });

  test('a callback\'s error is posted at once', async (t) => {
    const source = 'exports.handler = (event, context, callback) => {\n'
      + '  setTimeout(() => {}, 60000);\n'
      + '  callback(new TypeError("bad"));\n'
      + '};';

    const { doc } = await errorOf(t, source);

    assert.equal(doc.errorType, 'TypeError');
    assert.equal(doc.errorMessage, 'bad');
  });

  test('a handler that never calls back answers null once the event loop drains', async (t) => {
    assert.equal(await responseOf(t, 'exports.handler = (event, context, callback) => { setTimeout(() => {}, 10); };'),
      null);
  });

  test('context.succeed and context.done(null, …) answer at once', async (t) => {
    const source = 'exports.handler = (event, context) => {\n'
      + '  setTimeout(() => {}, 60000);\n'
      + '  if (event.done) context.done(null, "done"); else context.succeed("succeeded");\n'
      + '};';

    assert.equal(await responseOf(t, source), 'succeeded');
    assert.equal(await responseOf(t, source, '{"done": true}'), 'done');
  });

  test('context.fail and context.done(error) fail the invocation', async (t) => {
    const source = 'exports.handler = (event, context) => {\n'
      + '  if (event.done) context.done(new RangeError("via done")); else context.fail(new Error("via fail"));\n'
      + '};';

    assert.deepEqual((await errorOf(t, source)).doc.errorMessage, 'via fail');
    assert.deepEqual((await errorOf(t, source, '{"done": true}')).doc.errorType, 'RangeError');
  });

  test('context.fail() without an error fails with "handled", as AWS\'s client does', async (t) => {
    const { doc } = await errorOf(t, 'exports.handler = (event, context) => context.fail();');

    assert.deepEqual(doc, { errorType: 'string', errorMessage: 'handled', trace: [] });
  });

  test('a promise rejected without a reason fails with "handled"', async (t) => {
    const { doc } = await errorOf(t, 'exports.handler = async () => { throw undefined; };');

    assert.deepEqual(doc, { errorType: 'string', errorMessage: 'handled', trace: [] });
  });

  test('the first completion wins', async (t) => {
    const source = 'exports.handler = async (event, context, callback) => {\n'
      + '  context.callbackWaitsForEmptyEventLoop = false;\n'
      + '  callback(null, "first");\n'
      + '  context.fail(new Error("second"));\n'
      + '  callback(new Error("third"));\n'
      + '  return "fourth";\n'
      + '};';

    assert.equal(await responseOf(t, source), 'first');
  });

  test('an async handler whose promise never settles fails with Runtime.NodeJsExit, and the loop goes on',
    async (t) => {
      const source = 'exports.handler = async (event) => event.hang ? new Promise(() => {}) : "next one";';
      const { doc, connection } = await outcomeOf(t, source, '{"hang": true}');

      assert.equal(doc.errorType, 'Runtime.NodeJsExit');
      assert.equal(json(await invoke(connection, 'id-2')), 'next one');
    });
});

test.describe('the context object', () => {
  test('carries the invocation\'s ids and the function\'s configuration', async (t) => {
    const source = 'exports.handler = async (event, context) => ({\n'
      + '  ...context, remaining: context.getRemainingTimeInMillis(),\n'
      + '  waits: context.callbackWaitsForEmptyEventLoop,\n'
      + '  kinds: [typeof context.succeed, typeof context.fail, typeof context.done],\n'
      + '});';
    const deadline = Date.now() + 30000;

    const doc = await responseOf(t, source, '{}', {
      'Lambda-Runtime-Deadline-Ms': String(deadline),
      'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:000000000000:function:fn:live',
      'Lambda-Runtime-Client-Context': '{"client":{"installationId":"i-1"},"custom":{"k":"v"},"env":{"locale":"en"}}',
      'Lambda-Runtime-Cognito-Identity': '{"cognitoIdentityId":"id-9","cognitoIdentityPoolId":"pool-9"}',
      'Lambda-Runtime-Aws-Tenant-Id': 'tenant-a',
    });

    assert.equal(doc.awsRequestId, 'id-1');
    assert.equal(doc.invokedFunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:fn:live');
    assert.equal(doc.functionName, 'fn');
    assert.equal(doc.functionVersion, '$LATEST');
    assert.equal(doc.memoryLimitInMB, '128');
    assert.equal(doc.logGroupName, '/aws/lambda/fn');
    assert.equal(doc.logStreamName, '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef');
    assert.deepEqual(doc.clientContext, { client: { installationId: 'i-1' }, custom: { k: 'v' }, env: { locale: 'en' } });
    assert.deepEqual(doc.identity, { cognitoIdentityId: 'id-9', cognitoIdentityPoolId: 'pool-9' });
    assert.equal(doc.tenantId, 'tenant-a');
    assert.ok(doc.remaining > 20000 && doc.remaining <= 30000, `remaining ${doc.remaining}`);
    assert.equal(doc.waits, true);
    assert.deepEqual(doc.kinds, ['function', 'function', 'function']);
  });

  test('leaves out what the invocation did not carry', async (t) => {
    const doc = await responseOf(t, 'exports.handler = async (event, context) => ({\n'
      + '  clientContext: context.clientContext === undefined, identity: context.identity === undefined,\n'
      + '  tenantId: "tenantId" in context });');

    assert.deepEqual(doc, { clientContext: true, identity: true, tenantId: false });
  });

  test('the trace header is _X_AMZN_TRACE_ID during its invocation only', async (t) => {
    const { api } = await start(t, { 'index.js': 'exports.handler = async () => process.env._X_AMZN_TRACE_ID || null;' });
    const connection = await firstNext(api);

    const traced = json(await invoke(connection, 'id-1', '{}', { 'Lambda-Runtime-Trace-Id': 'Root=1-a;Sampled=1' }));
    const untraced = json(await invoke(connection, 'id-2'));

    assert.deepEqual([traced, untraced], ['Root=1-a;Sampled=1', null]);
  });
});

test.describe('errors', () => {
  test('a thrown error is posted as {errorType, errorMessage, trace} and logged', async (t) => {
    const source = 'class OrderRejected extends Error {\n'
      + '  constructor(message) { super(message); this.name = "OrderRejected"; this.orderId = 7; }\n'
      + '}\n'
      + 'exports.handler = async () => { throw new OrderRejected("out of stock"); };';

    const { doc, client } = await errorOf(t, source);

    assert.equal(doc.errorType, 'OrderRejected');
    assert.equal(doc.errorMessage, 'out of stock');
    assert.equal(doc.trace[0], 'OrderRejected: out of stock');
    assert.match(doc.trace[1], /^ {4}at exports\.handler \(.*\/index\.js:4:\d+\)$/);
    const log = await client.stop();
    assert.match(log, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tid-1\tERROR\tInvoke Error \t\{"errorType":"OrderRejected","errorMessage":"out of stock","name":"OrderRejected","orderId":7,"stack":\["OrderRejected: out of stock","    at exports\.handler/m);
  });

  test('a thrown value that is not an error is named by its type', async (t) => {
    assert.deepEqual((await errorOf(t, 'exports.handler = async () => { throw "plain text"; };')).doc,
      { errorType: 'string', errorMessage: 'plain text', trace: [] });
    assert.deepEqual((await errorOf(t, 'exports.handler = async () => { throw 42; };')).doc,
      { errorType: 'number', errorMessage: '42', trace: [] });
  });

  test('an error-like object counts as an error', async (t) => {
    const source = 'exports.handler = async () => { throw { name: "Custom", message: "m", stack: "Custom: m\\n  at x" }; };';

    assert.deepEqual((await errorOf(t, source)).doc, { errorType: 'Custom', errorMessage: 'm', trace: ['Custom: m', '  at x'] });
  });

  test('an error type header keeps to visible ASCII', async (t) => {
    const { api } = await start(t, { 'index.js': 'exports.handler = async () => { const e = new Error("x"); e.name = "Fehler\\u00e4\\n"; throw e; };' });
    const connection = await firstNext(api);

    const outcome = await invoke(connection, 'id-1');

    assert.equal(outcome.headers['lambda-runtime-function-error-type'], 'Fehler');
    assert.equal(json(outcome).errorType, 'Fehler\u00e4\n');
  });

  test('a response JSON cannot write fails the invocation', async (t) => {
    const { api } = await start(t, { 'index.js': 'exports.handler = async () => ({ big: 10n });' });
    const connection = await firstNext(api);
    connection.answerNext('id-1');

    const outcome = await connection.readRequest();
    connection.answer();

    assert.equal(outcome.path, `${RUNTIME}/invocation/id-1/error`);
    assert.deepEqual([json(outcome).errorType, json(outcome).errorMessage], ['Error', 'Unable to stringify response body']);
    assert.equal((await connection.readRequest()).method, 'GET'); // the next GET /next, once the error was taken
  });

  test('an event that is not JSON fails the invocation', async (t) => {
    assert.equal((await errorOf(t, 'exports.handler = async (e) => e;', '{nope')).doc.errorType, 'SyntaxError');
  });

  test('an uncaught exception is posted as the invocation\'s error, then the client exits with 129', async (t) => {
    const { api, client } = await start(t, {
      'index.js': 'exports.handler = () => { setTimeout(() => { throw new Error("in a timer"); }, 1); };',
    });
    const connection = await firstNext(api);
    connection.answerNext('id-1');

    const outcome = await connection.readRequest();
    connection.answer();

    assert.equal(outcome.path, `${RUNTIME}/invocation/id-1/error`);
    assert.equal(json(outcome).errorMessage, 'in a timer');
    assert.equal(await client.exitCode(), 129);
    assert.match(client.stdout, /\tid-1\tERROR\tUncaught Exception \t\{"errorType":"Error","errorMessage":"in a timer"/);
  });

  test('an unhandled rejection is Runtime.UnhandledPromiseRejection, then the client exits with 128', async (t) => {
    const { api, client } = await start(t, {
      'index.js': 'exports.handler = async () => { Promise.reject(new Error("forgotten")); await new Promise(() => {}); };',
    });
    const connection = await firstNext(api);
    connection.answerNext('id-1');

    const outcome = await connection.readRequest();
    connection.answer();

    assert.equal(json(outcome).errorType, 'Runtime.UnhandledPromiseRejection');
    assert.equal(json(outcome).errorMessage, 'Error: forgotten');
    assert.equal(await client.exitCode(), 128);
  });
});

test.describe('logs', () => {
  test('console methods write one line each, with time, request id and level', async (t) => {
    const source = 'exports.handler = async () => {\n'
      + '  console.log("two\\nlines");\n'
      + '  console.info("%s=%d", "n", 5);\n'
      + '  console.warn("warned");\n'
      + '  console.error("failed", { a: 1 });\n'
      + '  console.debug("debugged");\n'
      + '  return null;\n'
      + '};';
    const { client } = await outcomeOf(t, source);

    const lines = (await client.stop()).split('\n').filter(Boolean);

    assert.deepEqual(lines.map((line) => line.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t/, '')), [
      'id-1\tINFO\ttwo\rlines',
      'id-1\tINFO\tn=5',
      'id-1\tWARN\twarned',
      'id-1\tERROR\tfailed { a: 1 }',
      'id-1\tDEBUG\tdebugged',
    ]);
  });

  test('with the JSON log format each call is one record, and calls below the level are dropped', async (t) => {
    const source = 'exports.handler = async () => {\n'
      + '  console.info("hidden");\n'
      + '  console.warn("two\\nlines");\n'
      + '  console.error("failed", 7);\n'
      + '  return null;\n'
      + '};';
    const { api, client } = await start(t, { 'index.js': source }, 'index.handler', {
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      AWS_LAMBDA_LOG_LEVEL: 'WARN',
    });
    await invoke(await firstNext(api), 'id-1', '{}', {});

    const records = (await client.stop()).split('\n').filter(Boolean).map((line) => JSON.parse(line));

    assert.deepEqual(records.map(({ timestamp, ...rest }) => rest), [
      { level: 'WARN', requestId: 'id-1', message: 'two\nlines' },
      { level: 'ERROR', requestId: 'id-1', message: 'failed 7' },
    ]);
    assert.match(records[0].timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('an unusable AWS_LAMBDA_RUNTIME_API ends the client with 1', async (t) => {
    const { client } = await start(t, { 'index.js': '' }, 'index.handler', { AWS_LAMBDA_RUNTIME_API: 'a:b:c' });

    assert.equal(await client.exitCode(), 1);
    assert.match(client.stdout, /\tundefined\tERROR\tLamina runtime: AWS_LAMBDA_RUNTIME_API is not set or invalid \('a:b:c'\)/);
  });
});
