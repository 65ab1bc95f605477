'use strict';

// The Node.js client's conversation with the Runtime API: one kept-alive connection, the next
// GET /next pipelined behind each posted outcome, several answers in one read, and the retry
// rules (only a lone GET /next is sent again; a POST the server may have taken never is).

const test = require('node:test');
const assert = require('node:assert/strict');
const { NEXT, RUNTIME } = require('./fake-runtime-api.cjs');
const { firstNext, invoke, json, start } = require('./client-process.cjs');

const ECHO = { 'index.js': 'exports.handler = async (event, context) => ({ id: context.awsRequestId, event });' };

function answerBytes(status, body, headers = {}) {
  let head = `HTTP/1.1 ${status} OK\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return Buffer.from(`${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

const nextBytes = (requestId, event = '{}') => answerBytes(200, event, {
  'Content-Type': 'application/json',
  'Lambda-Runtime-Aws-Request-Id': requestId,
  'Lambda-Runtime-Deadline-Ms': '4102444800000',
});

test('invocations follow one another on one connection, each GET /next sent behind the outcome', async (t) => {
  const { api } = await start(t, ECHO);
  const connection = await firstNext(api);

  for (const id of ['id-1', 'id-2', 'id-3']) {
    connection.answerNext(id, `{"n":"${id}"}`);
    const post = await connection.readRequest();
    const behind = await connection.readRequest(2000); // read while the POST is still unanswered
    connection.answer();

    assert.equal(`${post.method} ${post.path}`, `POST ${RUNTIME}/invocation/${id}/response`);
    assert.deepEqual(json(post), { id, event: { n: id } });
    assert.equal(`${behind.method} ${behind.path}`, `GET ${NEXT}`);
  }
  assert.equal(api.unaccepted(), 0);
});

test('an answer and the next invocation in one read are both taken', async (t) => {
  const { api } = await start(t, ECHO);
  const connection = await firstNext(api);
  connection.answerNext('id-1');
  await connection.readRequest();
  await connection.readRequest();

  connection.send(Buffer.concat([answerBytes(202, '{"status":"OK"}'), nextBytes('id-2', '{"same":"read"}')]));

  const second = await connection.readRequest();
  assert.equal(second.path, `${RUNTIME}/invocation/id-2/response`);
  assert.deepEqual(json(second).event, { same: 'read' });
});

test('the Runtime API may be at an IPv6 address in brackets', async (t) => {
  let started;
  try {
    started = await start(t, ECHO, 'index.handler', {}, '::1');
  } catch (error) {
    t.skip(`this host has no IPv6 loopback address: ${error.message}`);
    return;
  }
  const connection = await firstNext(started.api);

  const outcome = await invoke(connection, 'id-1');

  assert.equal(outcome.headers.host, started.api.address);
  assert.equal(json(outcome).id, 'id-1');
});

test('request ids are escaped in the path', async (t) => {
  const { api } = await start(t, ECHO);
  const connection = await firstNext(api);

  const outcome = await invoke(connection, 'a b/\u00fc');

  assert.equal(outcome.path, `${RUNTIME}/invocation/a%20b%2F%C3%BC/response`);
});

test('a GET /next left unanswered when the server closes is sent again on a new connection', async (t) => {
  const { api } = await start(t, ECHO);
  const connection = await firstNext(api);
  connection.answerNext('id-1');
  await connection.readRequest();
  await connection.readRequest();
  connection.answer();
  connection.close();

  const fresh = await api.accept();
  const again = await fresh.readRequest();

  assert.equal(`${again.method} ${again.path}`, `GET ${NEXT}`);
  assert.equal(json(await invoke(fresh, 'id-2')).id, 'id-2');
});

test('after an answer with Connection: close, the next request goes on a new connection', async (t) => {
  const { api } = await start(t, ECHO);
  const connection = await firstNext(api);
  connection.answerNext('id-1', '{}', { Connection: 'close' });

  const fresh = await api.accept();
  const post = await fresh.readRequest();
  const behind = await fresh.readRequest(2000);

  assert.equal(post.path, `${RUNTIME}/invocation/id-1/response`);
  assert.equal(behind.path, NEXT);
  assert.equal(await connection.closedByClient(), true);
});

test('bytes nobody asked for end the connection, and the client carries on with a new one', async (t) => {
  const { api } = await start(t, ECHO);
  const connection = await firstNext(api);

  connection.send(Buffer.concat([nextBytes('id-1'), answerBytes(202, 'unasked')]));

  const fresh = await api.accept();
  assert.equal((await fresh.readRequest()).path, `${RUNTIME}/invocation/id-1/response`);
});

test('a POST whose connection closes before its answer is not sent again: the client exits with 1', async (t) => {
  const { api, client } = await start(t, ECHO);
  const connection = await firstNext(api);
  connection.answerNext('id-1');
  await connection.readRequest();
  await connection.readRequest();

  connection.close();

  assert.equal(await client.exitCode(), 1);
  assert.match(client.stdout, /ERROR\tLamina runtime: POST \/2018-06-01\/runtime\/invocation\/id-1\/response failed: /);
  assert.equal(api.unaccepted(), 0);
});

test('GET /next answered outside 2xx ends the client with 1', async (t) => {
  const { api, client } = await start(t, ECHO);
  const connection = await firstNext(api);

  connection.answer(500, '{"errorType":"ServiceException"}');

  assert.equal(await client.exitCode(), 1);
  assert.match(client.stdout, /Lamina runtime: GET \/invocation\/next returned HTTP 500: \{"errorType":"ServiceException"\}/);
});

test('a refused response ends the client with 1', async (t) => {
  const { api, client } = await start(t, ECHO);
  const connection = await firstNext(api);
  connection.answerNext('id-1');
  await connection.readRequest();

  connection.answer(400, '{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID"}', { Connection: 'close' });

  assert.equal(await client.exitCode(), 1);
  assert.match(client.stdout, /POST \/2018-06-01\/runtime\/invocation\/id-1\/response returned HTTP 400: .*InvalidRequestID/);
});

test('an answer without a request id ends the client with 1', async (t) => {
  const { api, client } = await start(t, ECHO);
  const connection = await firstNext(api);

  connection.answer(200, '{}', { 'Content-Type': 'application/json' });

  assert.equal(await client.exitCode(), 1);
  assert.match(client.stdout, /GET \/invocation\/next returned no Lambda-Runtime-Aws-Request-Id/);
});

test('a chunked answer is not expected from the Runtime API: the client exits with 1', async (t) => {
  const { api, client } = await start(t, ECHO);
  const connection = await firstNext(api);

  connection.send('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');

  assert.equal(await client.exitCode(), 1);
  assert.match(client.stdout, /unexpected Transfer-Encoding: chunked/);
});

test('a Runtime API that went away ends the client with 1', async (t) => {
  const { api, client } = await start(t, ECHO);
  const connection = await firstNext(api);
  connection.answerNext('id-1');
  await connection.readRequest();
  await connection.readRequest();
  connection.answer();
  api.stopListening();

  connection.close();

  assert.equal(await client.exitCode(), 1);
  assert.match(client.stdout, /Lamina runtime: GET \/invocation\/next failed: /);
});
