'use strict';

// A Runtime API whose side of each connection the test plays itself, one request and one answer at
// a time, on 127.0.0.1 (a port chosen by the kernel).
//
// Nothing answers on its own: a test reads what the client sent and writes what the platform would
// answer, so it can hold an answer back (to see what the client pipelined behind its request),
// close a connection at a chosen moment, or watch a streamed body arrive chunk by chunk. node:http's
// server cannot do the first: it reads a pipelined request only after answering the one before.
// Every wait is bounded by TIMEOUT_MS, so a client that never sends what a test waits for fails
// the test instead of hanging it.

const net = require('node:net');

const TIMEOUT_MS = 10000;
const RUNTIME = '/2018-06-01/runtime';
const NEXT = `${RUNTIME}/invocation/next`;
const ACCEPTED = '{"status":"OK"}';
const FAR_DEADLINE_MS = 4102444800000; // 2100-01-01

// Resolves when ready() returns something other than undefined; `changed` is an object whose
// `wake` the caller's data source calls whenever ready() may have a new answer.
async function until(changed, ready, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = ready();
    if (value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, left);
      changed.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

// Parses one request from the front of `buffer`: undefined while incomplete, unless the connection
// has ended, when a chunked body cut off before its last chunk is returned with complete: false.
function parseRequest(buffer, ended) {
  const headEnd = buffer.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const lines = buffer.toString('latin1', 0, headEnd).split('\r\n');
  const [method, path] = lines[0].split(' ');
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let at = headEnd + 4;
  const request = { method, path, headers, body: Buffer.alloc(0), chunks: [], trailers: {}, complete: true };
  if (!/chunked/i.test(headers['transfer-encoding'] || '')) {
    const length = Number(headers['content-length'] || 0);
    if (buffer.length < at + length) return undefined;
    request.body = buffer.subarray(at, at + length);
    return { request, used: at + length };
  }
  const cutOff = () => {
    if (!ended) return undefined;
    request.complete = false;
    request.body = Buffer.concat(request.chunks);
    return { request, used: buffer.length };
  };
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return cutOff();
    const size = parseInt(buffer.toString('latin1', at, lineEnd).split(';')[0], 16);
    if (size === 0) {
      let trailerAt = lineEnd + 2;
      for (;;) {
        const end = buffer.indexOf('\r\n', trailerAt);
        if (end < 0) return cutOff();
        if (end === trailerAt) {
          request.body = Buffer.concat(request.chunks);
          return { request, used: end + 2 };
        }
        const line = buffer.toString('latin1', trailerAt, end);
        const colon = line.indexOf(':');
        request.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        trailerAt = end + 2;
      }
    }
    if (buffer.length < lineEnd + 2 + size + 2) return cutOff();
    request.chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

class Connection {
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.ended = false;
    this.changed = { wake() {} };
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.changed.wake();
    });
    const end = () => {
      this.ended = true;
      this.changed.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  // The next request on this connection.
  readRequest(timeoutMs = TIMEOUT_MS) {
    return until(this.changed, () => {
      const parsed = parseRequest(this.buffer, this.ended);
      if (parsed !== undefined) {
        this.buffer = this.buffer.subarray(parsed.used);
        return parsed.request;
      }
      if (this.ended) throw new Error('the client closed the connection instead of sending a request');
      return undefined;
    }, 'a request', timeoutMs);
  }

  // The chunks of a streamed body that have come in so far, once they hold at least `bytes` bytes.
  streamedSoFar(bytes, timeoutMs = TIMEOUT_MS) {
    return until(this.changed, () => {
      const headEnd = this.buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) return undefined;
      const chunks = [];
      let at = headEnd + 4;
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', at);
        if (lineEnd < 0) break;
        const size = parseInt(this.buffer.toString('latin1', at, lineEnd), 16);
        if (size === 0 || this.buffer.length < lineEnd + 2 + size + 2) break;
        chunks.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 4 + size;
      }
      const body = Buffer.concat(chunks);
      return body.length >= bytes ? body.toString() : undefined;
    }, `${bytes} streamed bytes`, timeoutMs);
  }

  // Resolves true once the client has closed the connection.
  closedByClient(timeoutMs = TIMEOUT_MS) {
    return until(this.changed, () => (this.ended ? true : undefined), 'the client to close', timeoutMs);
  }

  answer(status = 202, body = ACCEPTED, headers = { 'Content-Type': 'application/json' }) {
    let head = `HTTP/1.1 ${status} ${status < 300 ? 'OK' : 'Error'}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    const payload = Buffer.from(body);
    this.socket.write(Buffer.concat([Buffer.from(`${head}Content-Length: ${payload.length}\r\n\r\n`, 'latin1'), payload]));
  }

  // Hands out an invocation, with the headers Lamina's Runtime API sends with one.
  answerNext(requestId, event = '{}', headers = {}) {
    this.answer(200, event, {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': requestId,
      'Lambda-Runtime-Deadline-Ms': String(FAR_DEADLINE_MS),
      'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:000000000000:function:fn',
      ...headers,
    });
  }

  send(raw) {
    this.socket.write(raw);
  }

  close() {
    this.socket.destroy();
  }
}

class FakeRuntimeApi {
  // Listens on `host` (127.0.0.1, or ::1 for an IPv6 address); rejects when the host has no such address.
  static async start(host = '127.0.0.1') {
    const api = new FakeRuntimeApi();
    await new Promise((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(0, host, resolve);
    });
    const { port } = api.server.address();
    api.address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return api;
  }

  constructor() {
    this.connections = [];
    this.accepted = 0;
    this.changed = { wake() {} };
    this.server = net.createServer((socket) => {
      this.connections.push(new Connection(socket));
      this.changed.wake();
    });
  }

  // The client's next connection.
  accept(timeoutMs = TIMEOUT_MS) {
    return until(this.changed, () => (this.connections.length > this.accepted
      ? this.connections[this.accepted++] : undefined), 'a connection', timeoutMs);
  }

  // Connections made and not taken by accept() yet.
  unaccepted() {
    return this.connections.length - this.accepted;
  }

  // Later connections are refused, as when the platform has gone.
  stopListening() {
    this.server.close();
  }

  close() {
    this.server.close();
    for (const connection of this.connections) connection.close();
  }
}

module.exports = { FakeRuntimeApi, NEXT, RUNTIME, TIMEOUT_MS };
