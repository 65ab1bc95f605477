'use strict';

// Response streaming (`awslambda.streamifyResponse`): the handler's stream is posted to the
// Runtime API as it is written, on a connection of its own, with
// `Lambda-Runtime-Function-Response-Mode: streaming` and a chunked body. A handler that fails
// after it began streaming has its POST cut off before the last chunk, then its error posted to
// /error (decision 12: Lamina's Runtime API does not read the trailers the Runtime API specifies
// for this, so the client sends none).

const test = require('node:test');
const assert = require('node:assert/strict');
const { NEXT, RUNTIME } = require('./fake-runtime-api.cjs');
const { firstNext, json, start } = require('./client-process.cjs');

const streaming = (body) => ({ 'index.js': `exports.handler = awslambda.streamifyResponse(${body});\n` });

// Hands out one invocation of a streaming function; resolves to the connection its stream came on
// and the main connection.
async function streamedInvocation(t, files) {
  const { api, client } = await start(t, files);
  const main = await firstNext(api);
  main.answerNext('id-1', '{"n":1}');
  return { stream: await api.accept(), main, client, api };
}

test('the stream is posted chunk by chunk while the handler runs', async (t) => {
  // The handler goes on only when the test, having seen the first chunk arrive, writes to its stdin.
  const { stream, main, client } = await streamedInvocation(t, streaming(`async (event, stream) => {
    stream.write("first;");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    stream.write("second;");
    stream.end("event " + event.n);
  }`));

  assert.equal(await stream.streamedSoFar(6), 'first;');
  client.child.stdin.write('go\n');
  const post = await stream.readRequest();
  stream.answer();

  assert.equal(`${post.method} ${post.path}`, `POST ${RUNTIME}/invocation/id-1/response`);
  assert.equal(post.headers['lambda-runtime-function-response-mode'], 'streaming');
  assert.equal(post.headers['transfer-encoding'], 'chunked');
  assert.equal(post.headers['content-type'], 'application/octet-stream');
  assert.equal(post.body.toString(), 'first;second;event 1');
  assert.equal(post.complete, true);
  assert.deepEqual(post.trailers, {});
  const next = await main.readRequest(); // once the stream was taken
  assert.equal(`${next.method} ${next.path}`, `GET ${NEXT}`);
});

test('a content type set before the first write is the stream\'s', async (t) => {
  const { stream } = await streamedInvocation(t, streaming(`async (event, stream) => {
    stream.setContentType("text/csv");
    stream.end("a,b\\n");
  }`));

  const post = await stream.readRequest();

  assert.equal(post.headers['content-type'], 'text/csv');
  assert.equal(post.body.toString(), 'a,b\n');
});

test('HttpResponseStream.from begins the stream with the HTTP prelude and eight NUL bytes', async (t) => {
  const { stream } = await streamedInvocation(t, streaming(`async (event, responseStream) => {
    const http = awslambda.HttpResponseStream.from(responseStream,
      { statusCode: 201, headers: { "x-a": "1" }, cookies: ["c=1"] });
    http.end("<p>hi</p>");
  }`));

  const post = await stream.readRequest();

  assert.equal(post.headers['content-type'], 'application/vnd.awslambda.http-integration-response');
  const body = post.body;
  const prelude = body.indexOf(Buffer.alloc(8));
  assert.deepEqual(JSON.parse(body.subarray(0, prelude).toString()),
    { statusCode: 201, headers: { 'x-a': '1' }, cookies: ['c=1'] });
  assert.equal(body.subarray(prelude + 8).toString(), '<p>hi</p>');
});

test('a stream the handler leaves open is ended when its promise resolves; its value is ignored', async (t) => {
  const { stream } = await streamedInvocation(t, streaming(`async (event, stream) => {
    stream.write("unended");
    return "ignored";
  }`));

  const post = await stream.readRequest();

  assert.deepEqual([post.body.toString(), post.complete], ['unended', true]);
});

test('the highWaterMark option is the stream\'s', async (t) => {
  const files = { 'index.js': 'exports.handler = awslambda.streamifyResponse(async (event, stream) => {\n'
    + '  stream.end(`hwm=${stream.writableHighWaterMark}`);\n'
    + '}, { highWaterMark: 4 });\n' };
  const { stream } = await streamedInvocation(t, files);

  assert.equal((await stream.readRequest()).body.toString(), 'hwm=4');
});

// However soon after its writes a handler fails, what it wrote reaches the Runtime API before the
// stream is cut off: a function URL's caller gets the status and body begun, as decision 12 says.
const FAILURES_MID_STREAM = {
  'a later turn of the event loop': `async (event, stream) => {
    stream.write("partial");
    await new Promise((resolve) => setImmediate(resolve));
    throw new RangeError("mid-stream");
  }`,
  'the turn of the write': `async (event, stream) => {
    stream.write("partial");
    throw new RangeError("mid-stream");
  }`,
  'the handler\'s own call': `(event, stream) => {
    stream.write("partial");
    throw new RangeError("mid-stream");
  }`,
};

for (const [when, handler] of Object.entries(FAILURES_MID_STREAM)) {
  test(`a failure in ${when} after a write cuts the stream off before its last chunk, then posts the error`,
    async (t) => {
      const { stream, main } = await streamedInvocation(t, streaming(handler));

      const cut = await stream.readRequest();
      const error = await main.readRequest();
      const behind = await main.readRequest(2000);
      main.answer();

      assert.deepEqual([cut.body.toString(), cut.complete, cut.trailers], ['partial', false, {}]);
      assert.equal(`${error.method} ${error.path}`, `POST ${RUNTIME}/invocation/id-1/error`);
      assert.equal(error.headers['lambda-runtime-function-error-type'], 'RangeError');
      assert.equal(json(error).errorMessage, 'mid-stream');
      assert.equal(behind.path, NEXT);
    });
}

test('a function URL\'s prelude written just before a failure reaches the Runtime API', async (t) => {
  const { stream } = await streamedInvocation(t, streaming(`async (event, responseStream) => {
    awslambda.HttpResponseStream.from(responseStream, { statusCode: 200 }).write("<h1>");
    throw new Error("template failed");
  }`));

  const cut = await stream.readRequest();

  assert.equal(cut.headers['content-type'], 'application/vnd.awslambda.http-integration-response');
  assert.equal(cut.body.toString(), '{"statusCode":200}\0\0\0\0\0\0\0\0<h1>');
  assert.equal(cut.complete, false);
});

test('a failure before the first write posts the error alone', async (t) => {
  const { api, client } = await start(t, streaming('async () => { throw new Error("early"); }'));
  const main = await firstNext(api);
  main.answerNext('id-1');

  const error = await main.readRequest();
  main.answer();

  assert.equal(error.path, `${RUNTIME}/invocation/id-1/error`);
  assert.equal(json(error).errorMessage, 'early');
  assert.equal(api.unaccepted(), 0);
  assert.match(await client.stop(), /\tid-1\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"early"/);
});

test('a streaming handler rejected without a reason fails with "handled", as a buffered one does', async (t) => {
  const { api } = await start(t, streaming('async () => { throw undefined; }'));
  const main = await firstNext(api);
  main.answerNext('id-1');

  const error = await main.readRequest();
  main.answer();

  assert.equal(error.path, `${RUNTIME}/invocation/id-1/error`);
  assert.deepEqual(json(error), { errorType: 'string', errorMessage: 'handled', trace: [] });
});

test('a refused stream ends the client with 1', async (t) => {
  const { stream, client } = await streamedInvocation(t, streaming('async (event, stream) => stream.end("big")'));
  await stream.readRequest();

  stream.answer(413, '{"errorType":"RequestEntityTooLarge"}', { Connection: 'close' });

  assert.equal(await client.exitCode(), 1);
  assert.match(client.stdout, /POST \/2018-06-01\/runtime\/invocation\/id-1\/response returned HTTP 413/);
});
