// Lamina Node.js runtime interface client (RIC).
//
// Launched as `node <dir>/bootstrap.cjs` with cwd = the function's code directory. Talks to the
// Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API, loads $_HANDLER from
// $LAMBDA_TASK_ROOT and serves invocations one at a time, reproducing the observable behaviour of
// the managed nodejs20.x / nodejs22.x runtimes (handler resolution, error documents, console log
// format, callback / async / context.succeed handler styles, callbackWaitsForEmptyEventLoop).
// Written for Lamina from the published Runtime API and runtime documentation; built-in modules only.
//
// CommonJS on purpose: an ES module entry point makes Node start its ESM loader before any of this
// runs (about 5 ms of cold start). ES module handlers are still loaded with dynamic import(), which
// starts that loader only for the functions that need it. Built-ins are loaded with require(): on
// the official Node 22/24 builds an ESM `import` of node:http costs ~25 ms of startup, require() ~3 ms.

'use strict';

const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');
const { Writable } = require('node:stream');

const env = process.env;
const API_BASE = '/2018-06-01/runtime';

// Declared runtime generation (from AWS_EXECUTION_ENV=AWS_Lambda_nodejsNN.x). nodejs24.x and later
// removed callback-style handlers and context.succeed/fail/done. Without the variable we behave
// like nodejs20.x/22.x, whatever Node version actually runs us.
const DECLARED_MAJOR = Number((/nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV || '') || [])[1] || 0);
const CALLBACKS_REMOVED = DECLARED_MAJOR >= 24;

const STREAMING_MARK = Symbol.for('aws.lambda.runtime.handler.streaming');
const STREAMING_HWM = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');

// ---------------------------------------------------------------------------------------------
// Logging: console.* -> `<ISO8601>\t<requestId>\t<LEVEL>\t<message>\n` on stdout, synchronously.
// Newlines inside a message become \r, as in the managed runtime, so one call stays one log event.
// With AWS_LAMBDA_LOG_FORMAT=JSON (a function's LoggingConfig) each call is one JSON record instead,
// {"timestamp","level","requestId","message"}, and calls below AWS_LAMBDA_LOG_LEVEL are dropped.

let currentRequestId; // undefined during init, like the managed runtime

const JSON_LOGS = (env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const LOWEST_LEVEL = JSON_LOGS ? Math.max(0, LOG_LEVELS.indexOf((env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase())) : 0;

function writeLogLine(level, message) {
  if (LOG_LEVELS.indexOf(level) < LOWEST_LEVEL) {
    return;
  }
  try {
    if (JSON_LOGS) {
      const record = { timestamp: new Date().toISOString(), level, requestId: currentRequestId, message };
      process.stdout.write(`${JSON.stringify(record)}\n`);
      return;
    }
    const oneLine = message.replace(/\n/g, '\r');
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${oneLine}\n`);
  } catch {
    // stdout gone: nothing useful left to do with the line
  }
}

function patchConsole() {
  const levelWriter = (level) => (...args) => writeLogLine(level, util.format(...args));
  console.log = levelWriter('INFO');
  console.info = levelWriter('INFO');
  console.warn = levelWriter('WARN');
  console.error = levelWriter('ERROR');
  console.debug = levelWriter('DEBUG');
  console.trace = levelWriter('TRACE');
  // A reader that went away must not turn every later log line into an uncaught EPIPE.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
}

// ---------------------------------------------------------------------------------------------
// Errors.

function runtimeErrorClass(shortName) {
  const cls = class extends Error {};
  Object.defineProperty(cls, 'name', { value: shortName });
  cls.prototype.name = `Runtime.${shortName}`;
  return cls;
}
const MalformedHandlerName = runtimeErrorClass('MalformedHandlerName');
const ImportModuleError = runtimeErrorClass('ImportModuleError');
const UserCodeSyntaxError = runtimeErrorClass('UserCodeSyntaxError');
const HandlerNotFound = runtimeErrorClass('HandlerNotFound');
const CallbackHandlerDeprecated = runtimeErrorClass('CallbackHandlerDeprecated');
const NodeJsExit = runtimeErrorClass('NodeJsExit');
const UnhandledPromiseRejection = runtimeErrorClass('UnhandledPromiseRejection');

function isErrorLike(value) {
  if (util.types.isNativeError(value)) return true;
  return value !== null && typeof value === 'object'
    && typeof value.name === 'string' && typeof value.message === 'string'
    && typeof value.stack === 'string';
}

// The document posted to /error and /init/error (and returned to the caller).
function errorDocument(error) {
  try {
    if (isErrorLike(error)) {
      return {
        errorType: String(error.name),
        errorMessage: String(error.message),
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

// The JSON written to the log: errorType/errorMessage, other enumerable fields, stack as lines.
function errorForLog(error) {
  try {
    const json = JSON.stringify(error, (_key, value) => {
      if (value instanceof Error) {
        const out = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
        if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
        return out;
      }
      return value;
    });
    return json === undefined ? String(json) : json;
  } catch {
    return JSON.stringify(errorDocument(error));
  }
}

function logError(label, error) {
  writeLogLine('ERROR', `${label} \t${errorForLog(error)}`);
}

function safeString(value) {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

// Header values must be visible ASCII (or tab); error names are user-controlled.
function headerValue(value) {
  return String(value).replace(/[^\t\x20-\x7e]/g, '').slice(0, 1024) || 'Unknown';
}

// ---------------------------------------------------------------------------------------------
// Runtime API client: one keep-alive connection, one request at a time.
//
// HTTP/1.1 over node:net rather than node:http: the only peer is the Runtime API, whose answers
// always carry Content-Length, and node:http's client machinery (agent, parser, streams) cost about
// twice the CPU of the whole invocation on a trivial handler. Streamed responses still go through
// node:http (loaded when first needed), on a connection of their own.

function parseRuntimeApi(value) {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(value) || /^([^:]+):(\d+)$/.exec(value) || /^([^:]+)$/.exec(value);
  if (!m) return null;
  return { host: m[1], port: m[2] ? Number(m[2]) : 80 };
}

const runtimeApi = parseRuntimeApi(env.AWS_LAMBDA_RUNTIME_API || '');
const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');

class RuntimeApiConnection {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.hostHeader = `Host: ${host.includes(':') ? `[${host}]` : host}:${port}\r\n`;
    this.socket = null;
    this.queue = []; // requests written and not yet answered, in order (HTTP/1.1 pipelining)
    this.reset();
  }

  reset() {
    this.buffered = [];
    this.bufferedLength = 0;
    this.head = null; // { status, headers, length } once the status line and headers are in
  }

  request(method, urlPath, headers, body) {
    return new Promise((resolve, reject) => {
      const req = { method, urlPath, headers, body, resolve, reject, retried: false };
      this.queue.push(req);
      this.send(req);
    });
  }

  // Writes of the same tick leave in one packet: a response and the next /next go together.
  cork() {
    if (!this.socket) this.connect();
    this.socket.cork();
    process.nextTick(() => this.socket && this.socket.uncork());
  }

  send(req) {
    if (!this.socket) this.connect();
    this.socket.ref();
    req.reused = this.used;
    this.used = true;
    let head = `${req.method} ${req.urlPath} HTTP/1.1\r\n${this.hostHeader}`;
    for (const name of Object.keys(req.headers)) head += `${name}: ${req.headers[name]}\r\n`;
    const body = req.body === undefined ? null : req.body;
    if (body === null) {
      this.socket.write(`${head}\r\n`, 'latin1');
    } else {
      head += `Content-Length: ${body.length}\r\n\r\n`;
      this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    }
  }

  connect() {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.used = false;
    this.reset();
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.onGone(socket, err));
    socket.on('close', () => this.onGone(socket, new Error('connection closed before the response was complete')));
  }

  onGone(socket, err) {
    if (socket !== this.socket) return;
    this.socket = null;
    socket.destroy();
    const req = this.queue[0];
    if (!req) return;
    // The server may close an idle keep-alive socket just as we reuse it: retry once, fresh. Only
    // a lone GET /next: a POST the server took before the connection went must not be sent twice.
    if (req.method === 'GET' && this.queue.length === 1 && req.reused && !req.retried
        && this.bufferedLength === 0 && this.head === null) {
      req.retried = true;
      this.send(req);
      return;
    }
    const lost = this.queue;
    this.queue = [];
    for (const r of lost) r.reject(err);
  }

  onData(chunk) {
    this.buffered.push(chunk);
    this.bufferedLength += chunk.length;
    // One read may end one answer and begin (or hold) the next, when requests were pipelined.
    while (this.bufferedLength > 0 && this.socket) {
      if (this.queue.length === 0) {
        this.onGone(this.socket, new Error('the Runtime API sent what nobody asked for'));
        return;
      }
      if (this.head === null) {
        const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.bufferedLength);
        const end = all.indexOf(CRLF2);
        if (end < 0) return;
        try {
          this.head = parseHead(all.toString('latin1', 0, end));
        } catch (err) {
          this.onGone(this.socket, err);
          return;
        }
        const rest = all.subarray(end + 4);
        this.buffered = rest.length > 0 ? [rest] : [];
        this.bufferedLength = rest.length;
      }
      if (this.bufferedLength < this.head.length) return;
      const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.bufferedLength);
      const { status, headers, length, close } = this.head;
      const req = this.queue.shift();
      const rest = all.subarray(length);
      this.reset();
      if (rest.length > 0) {
        this.buffered = [rest];
        this.bufferedLength = rest.length;
      }
      if (close) {
        // The server ends the connection after this answer.
        const socket = this.socket;
        this.socket = null;
        socket.destroy();
      }
      req.resolve({ status, headers, body: all.subarray(0, length) });
    }
    if (!this.socket && this.queue.length > 0) {
      // Closed after an answer with more asked behind it: a GET goes again on a new connection.
      const behind = this.queue;
      this.queue = [];
      for (const r of behind) {
        if (r.method === 'GET') {
          this.queue.push(r);
          this.send(r);
        } else {
          r.reject(new Error('the Runtime API closed the connection before answering'));
        }
      }
    }
    if (this.queue.length === 0 && this.socket) {
      // An idle connection must not keep the event loop alive: a callback handler's result is
      // taken when the loop has nothing else left to do (callbackWaitsForEmptyEventLoop).
      this.socket.unref();
    }
  }

}

// The status line and headers of an answer; header names lower-cased, as node:http gives them.
function parseHead(text) {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!status) throw new Error(`not an HTTP response: ${lines[0].slice(0, 100)}`);
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  if (headers['transfer-encoding'] !== undefined) {
    throw new Error(`unexpected Transfer-Encoding: ${headers['transfer-encoding']}`);
  }
  const length = Number(headers['content-length'] || 0);
  if (!Number.isSafeInteger(length) || length < 0) throw new Error(`bad Content-Length: ${headers['content-length']}`);
  const close = (headers.connection || '').toLowerCase() === 'close';
  return { status: Number(status[1]), headers, length, close };
}

const connection = runtimeApi && new RuntimeApiConnection(runtimeApi.host, runtimeApi.port);

function fatal(message) {
  writeLogLine('ERROR', `Lamina runtime: ${message}`);
  process.exit(1);
}

function apiRequest(method, urlPath, headers, body) {
  return connection.request(method, urlPath, headers, body);
}

async function apiPost(urlPath, headers, body) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  let res;
  try {
    res = await apiRequest('POST', urlPath, headers, payload);
  } catch (err) {
    fatal(`POST ${urlPath} failed: ${safeString(err && err.message)}`);
  }
  if (res.status < 200 || res.status > 299) {
    fatal(`POST ${urlPath} returned HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 1000)}`);
  }
}

function postErrorDocument(urlPath, error) {
  const doc = errorDocument(error);
  return apiPost(urlPath, {
    'Content-Type': 'application/vnd.aws.lambda.error+json',
    'Lambda-Runtime-Function-Error-Type': headerValue(doc.errorType),
  }, JSON.stringify(doc));
}

// ---------------------------------------------------------------------------------------------
// Handler loading (Init phase).

function statOf(p) {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function isFile(p) {
  const st = statOf(p);
  return st !== undefined && st.isFile();
}

// Does the nearest package.json (Node's own lookup rule) declare "type": "module"?
function inModuleScope(file) {
  let dir = path.dirname(file);
  for (;;) {
    if (path.basename(dir) === 'node_modules') return false;
    let text = null;
    try {
      text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    } catch {
      // no package.json here
    }
    if (text !== null) {
      try {
        return JSON.parse(text).type === 'module';
      } catch {
        return false;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

function importFile(file) {
  return import(pathToFileURL(file).href);
}

async function requireOrImport(file) {
  try {
    return require(file);
  } catch (err) {
    // An ES module reached through require(): load it the ESM way instead.
    if (err && (err.code === 'ERR_REQUIRE_ESM' || err.code === 'ERR_REQUIRE_ASYNC_MODULE')) return importFile(file);
    throw err;
  }
}

async function loadUserModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);

  // 1. Extensionless (a file, or a directory Node can resolve: index.js / package main).
  const st = statOf(base);
  if (st && st.isFile()) return requireOrImport(base);
  if (st && st.isDirectory()) {
    let resolved = null;
    try {
      resolved = require.resolve(base);
    } catch {
      // not loadable as a directory module; keep looking
    }
    if (resolved) return requireOrImport(resolved);
  }
  // 2. .js — ESM when the package scope says "type": "module", CommonJS otherwise.
  if (isFile(`${base}.js`)) {
    return inModuleScope(`${base}.js`) ? importFile(`${base}.js`) : requireOrImport(`${base}.js`);
  }
  // 3. .mjs, 4. .cjs
  if (isFile(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (isFile(`${base}.cjs`)) return require(`${base}.cjs`);
  // TypeScript sources, when this Node can strip types (Node >= 22.18 / 23.6 / 24).
  if (process.features && process.features.typescript) {
    if (isFile(`${base}.ts`)) return importFile(`${base}.ts`);
    if (isFile(`${base}.mts`)) return importFile(`${base}.mts`);
    if (isFile(`${base}.cts`)) return requireOrImport(`${base}.cts`);
  }
  // 5. Anything Node can resolve from the task root (e.g. a package in node_modules or NODE_PATH).
  const resolved = require.resolve(moduleName, {
    paths: [taskRoot, path.resolve(taskRoot, moduleRoot)],
  });
  return requireOrImport(resolved);
}

async function loadHandler() {
  const fullHandler = env._HANDLER || '';
  const taskRoot = env.LAMBDA_TASK_ROOT || process.cwd();

  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const baseName = path.basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.length - baseName.length);
  const dot = baseName.indexOf('.');
  if (dot < 0) throw new MalformedHandlerName('Bad handler');
  const moduleName = baseName.slice(0, dot);
  const propertyPath = baseName.slice(dot + 1);

  let userModule;
  try {
    userModule = await loadUserModule(taskRoot, moduleRoot, moduleName);
  } catch (err) {
    if (err instanceof SyntaxError) throw new UserCodeSyntaxError(safeString(err));
    if (err && err.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(safeString(err));
    throw err;
  }

  const handler = propertyPath.split('.').reduce((obj, key) => obj && obj[key], userModule);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  if (CALLBACKS_REMOVED && handler[STREAMING_MARK] === undefined && handler.length >= 3) {
    throw new CallbackHandlerDeprecated(
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. '
      + 'You need to modify this function to use a supported handler signature to use Node.js 24 or later. '
      + 'For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.');
  }
  return handler;
}

let initialised = false; // the handler has been loaded
let initFailure = null;

function failInit(error, exitCode, logLabel) {
  if (!initFailure) {
    logError(logLabel, error);
    initFailure = postErrorDocument(`${API_BASE}/init/error`, error).then(() => process.exit(exitCode));
  }
  return initFailure;
}

// ---------------------------------------------------------------------------------------------
// The `awslambda` global: response streaming. A streamified handler writes to a stream that posts
// its bytes to the Runtime API as they come (`Lambda-Runtime-Function-Response-Mode: streaming`,
// chunked). A handler that fails after it started streaming has its POST cut off once what it
// wrote went out, then its error posted to /error: Lamina reads a stream that ends without its last
// chunk as "an error follows" (trailers, which the Runtime API specifies for this, are not readable
// by Lamina's HTTP server).

class HttpResponseStream {
  static from(stream, prelude) {
    if (typeof stream.setContentType === 'function') {
      stream.setContentType('application/vnd.awslambda.http-integration-response');
    }
    stream.write(JSON.stringify(prelude || {}));
    stream.write(Buffer.alloc(8)); // prelude terminator: 8 NUL bytes
    return stream;
  }
}

function installGlobals() {
  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      handler[STREAMING_MARK] = 'response';
      if (options && options.highWaterMark !== undefined) handler[STREAMING_HWM] = options.highWaterMark;
      return handler;
    },
    HttpResponseStream,
  };
}

// The handler's response stream for `inv`. The POST starts at the first write (or at the end), so
// a content type set before that is the one sent.
let http = null; // node:http, loaded with the first streaming handler (see loadHandler)

function streamingResponse(inv, highWaterMark) {
  let contentType = 'application/octet-stream';
  let req = null;
  let answered = null; // the Runtime API's answer to the POST
  const urlPath = `${API_BASE}/invocation/${encodeURIComponent(inv.id)}/response`;
  const open = () => {
    if (req) return req;
    http = http || require('node:http');
    req = http.request({
      host: runtimeApi.host,
      port: runtimeApi.port,
      method: 'POST',
      path: urlPath,
      headers: {
        'Content-Type': contentType,
        'Lambda-Runtime-Function-Response-Mode': 'streaming',
        'Transfer-Encoding': 'chunked',
      },
    });
    answered = new Promise((resolve, reject) => {
      req.on('response', (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    answered.catch(() => {}); // a stream cut off on purpose rejects; see accepted()
    return req;
  };
  let onFlushed = null; // set while abort() waits for what was written to reach the socket
  const stream = new Writable({
    highWaterMark,
    write(chunk, _encoding, done) {
      open().write(chunk, (err) => {
        done(err || undefined);
        if (onFlushed && (err || stream.writableLength === 0)) onFlushed();
      });
    },
    final(done) {
      open().end(() => done());
    },
  });
  stream.setContentType = (value) => { contentType = String(value); };
  return {
    stream,
    // Resolves once the Runtime API took the whole stream.
    async accepted() {
      open();
      let res;
      try {
        res = await answered;
      } catch (err) {
        fatal(`POST ${urlPath} failed: ${safeString(err && err.message)}`);
      }
      if (res.status < 200 || res.status > 299) {
        fatal(`POST ${urlPath} returned HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 1000)}`);
      }
    },
    // Cuts a begun stream off, so that the error posted next belongs to it; resolves once it is
    // cut. What the handler wrote goes out first: node:http holds it until the POST's connection
    // is up, and destroying the request before then would drop it, so the stream would not end
    // where the handler stopped.
    abort() {
      if (!req) return Promise.resolve();
      return new Promise((resolve) => {
        const cut = () => {
          onFlushed = null;
          req.destroy();
          resolve();
        };
        if (stream.writableLength === 0 || req.destroyed) {
          cut();
        } else {
          onFlushed = cut;
          req.once('close', () => onFlushed && onFlushed()); // a failed POST flushes nothing more
        }
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Invocations.

let current = null; // the invocation being served (stays set until the next one arrives)

function parseJsonHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${safeString(err)}`);
  }
}

async function nextInvocation() {
  let res;
  try {
    res = await apiRequest('GET', `${API_BASE}/invocation/next`, {});
  } catch (err) {
    fatal(`GET /invocation/next failed: ${safeString(err && err.message)}`);
  }
  if (res.status < 200 || res.status > 299) {
    fatal(`GET /invocation/next returned HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 1000)}`);
  }
  const h = res.headers;
  const id = h['lambda-runtime-aws-request-id'];
  if (!id) fatal('GET /invocation/next returned no Lambda-Runtime-Aws-Request-Id');
  return {
    id,
    deadlineMs: Number(h['lambda-runtime-deadline-ms']),
    functionArn: h['lambda-runtime-invoked-function-arn'],
    traceId: h['lambda-runtime-trace-id'],
    clientContext: h['lambda-runtime-client-context'],
    cognitoIdentity: h['lambda-runtime-cognito-identity'],
    tenantId: h['lambda-runtime-aws-tenant-id'],
    body: res.body.toString('utf8'),
  };
}

// Posts the outcome for `inv` exactly once; later calls get the same promise.
function deliver(inv, outcome) {
  if (!inv.delivery) {
    inv.claimed = true;
    inv.pendingOutcome = null;
    inv.delivery = sendOutcome(inv.id, outcome);
    inv.delivery.then(inv.markDone);
  }
  return inv.delivery;
}

// The main loop's next GET /next, sent right behind a posted outcome (pipelined): the runtime and
// the Runtime API each handle the two requests in one go.
let nextAhead = null;

function postThenAskNext(post) {
  connection.cork();
  const posted = post();
  nextAhead = nextInvocation();
  return posted;
}

async function sendOutcome(id, outcome) {
  const base = `${API_BASE}/invocation/${encodeURIComponent(id)}`;
  if ('error' in outcome) {
    logError('Invoke Error', outcome.error);
    return postThenAskNext(() => postErrorDocument(`${base}/error`, outcome.error));
  }
  if ('streamed' in outcome) {
    return outcome.streamed.accepted();
  }
  let body;
  try {
    body = JSON.stringify(outcome.result === undefined ? null : outcome.result);
  } catch {
    const err = new Error('Unable to stringify response body');
    logError('Invoke Error', err);
    return postErrorDocument(`${base}/error`, err);
  }
  return postThenAskNext(() =>
    apiPost(`${base}/response`, { 'Content-Type': 'application/json' }, body === undefined ? 'null' : body));
}

// What a failure without an error (context.fail(), a promise rejected with undefined or null)
// reports: the string 'handled', as AWS's client does ({"errorType":"string","errorMessage":"handled"}).
function failureOf(error) {
  return error === undefined || error === null ? 'handled' : error;
}

function buildContext(inv) {
  let context = {};
  if (!CALLBACKS_REMOVED) {
    const succeed = (result) => { if (!inv.claimed) deliver(inv, { result }); };
    const fail = (error) => { if (!inv.claimed) deliver(inv, { error: failureOf(error) }); };
    context = {
      get callbackWaitsForEmptyEventLoop() { return inv.waitForEmptyLoop; },
      set callbackWaitsForEmptyEventLoop(value) { inv.waitForEmptyLoop = value; },
      succeed,
      fail,
      done: (error, result) => (error === undefined || error === null ? succeed(result) : fail(error)),
    };
  }
  Object.assign(context, {
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parseJsonHeader(inv.clientContext, 'ClientContext'),
    identity: parseJsonHeader(inv.cognitoIdentity, 'CognitoIdentity'),
    invokedFunctionArn: inv.functionArn,
    awsRequestId: inv.id,
    getRemainingTimeInMillis() { return inv.deadlineMs - Date.now(); },
  });
  if (inv.tenantId !== undefined) context.tenantId = inv.tenantId;
  return context;
}

function isThenable(value) {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
}

// Runs the handler for `inv`; resolves once its outcome has been posted.
function invoke(handler, inv) {
  const done = new Promise((resolve) => { inv.markDone = resolve; });
  inv.claimed = false; // a completion signal has been given (first one wins)
  inv.pendingOutcome = null; // callback result waiting for the event loop to drain
  inv.delivery = null; // the POST of the outcome
  inv.returnedPromise = false;
  inv.waitForEmptyLoop = true;

  const callback = (error, result) => {
    if (inv.claimed) return;
    if (error !== undefined && error !== null) {
      deliver(inv, { error });
    } else if (!inv.waitForEmptyLoop) {
      deliver(inv, { result });
    } else {
      inv.claimed = true;
      inv.pendingOutcome = { result };
    }
  };

  try {
    if (inv.traceId !== undefined) env._X_AMZN_TRACE_ID = inv.traceId;
    else delete env._X_AMZN_TRACE_ID;
    const event = JSON.parse(inv.body);
    const context = buildContext(inv);

    if (handler[STREAMING_MARK] !== undefined) {
      runStreamingHandler(handler, inv, event, context);
    } else {
      const returned = CALLBACKS_REMOVED ? handler(event, context) : handler(event, context, callback);
      if (isThenable(returned)) {
        inv.returnedPromise = true;
        returned.then(
          (result) => { if (!inv.claimed) deliver(inv, { result }); },
          (error) => { if (!inv.claimed) deliver(inv, { error: failureOf(error) }); });
      }
      // A non-promise return value is ignored, as in the managed runtime: the outcome comes from
      // callback/context.*, or is null once the event loop drains.
    }
  } catch (error) {
    if (!inv.claimed) deliver(inv, { error });
  }
  return done;
}

function runStreamingHandler(handler, inv, event, context) {
  const response = streamingResponse(inv, handler[STREAMING_HWM]);
  const { stream } = response;
  const finished = new Promise((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  inv.returnedPromise = true; // completion is signalled by the promise / stream, never by a drained loop
  const fail = (error) => {
    if (inv.claimed) return;
    inv.claimed = true; // nothing else completes the invocation while its stream is cut off
    response.abort().then(() => deliver(inv, { error: failureOf(error) }));
  };
  let returned;
  try {
    returned = handler(event, stream, context);
  } catch (error) {
    fail(error);
    return;
  }
  const handlerDone = isThenable(returned)
    ? Promise.resolve(returned).then(() => { if (!stream.writableEnded) stream.end(); })
    : null;
  Promise.all(handlerDone ? [handlerDone, finished] : [finished]).then(
    () => { if (!inv.claimed) deliver(inv, { streamed: response }); },
    fail);
}

// The event loop has nothing left to do: settle an invocation that was waiting for that.
function onBeforeExit() {
  if (!initialised) {
    // The handler module is still loading but nothing can make progress any more
    // (a top-level await on a promise that never settles).
    failInit(new NodeJsExit('The event loop became empty before the handler module finished loading (unsettled top-level await?)'), 1, 'Uncaught Exception');
    return;
  }
  const inv = current;
  if (!inv || inv.delivery) return;
  // setImmediate keeps the loop alive until the POST has started.
  setImmediate(() => {
    if (inv.delivery) return;
    if (inv.pendingOutcome) {
      deliver(inv, inv.pendingOutcome);
    } else if (!inv.claimed) {
      if (inv.returnedPromise) {
        deliver(inv, { error: new NodeJsExit('The handler\'s promise did not settle before the Node.js event loop became empty') });
      } else {
        deliver(inv, { result: null });
      }
    }
  });
}

// Fatal errors raised outside the handler's own call stack.
function crash(error, exitCode, logLabel) {
  if (!initialised) {
    failInit(error, exitCode, logLabel);
    return;
  }
  logError(logLabel, error);
  const inv = current;
  if (!inv) {
    process.exit(exitCode);
  }
  if (!inv.delivery) {
    inv.claimed = true;
    inv.delivery = postErrorDocument(`${API_BASE}/invocation/${encodeURIComponent(inv.id)}/error`, error);
  }
  inv.delivery.then(() => process.exit(exitCode), () => process.exit(exitCode));
}

function onUncaughtException(error) {
  crash(error, 129, 'Uncaught Exception');
}

function onUnhandledRejection(reason, promise) {
  const error = new UnhandledPromiseRejection(safeString(reason));
  error.reason = reason;
  error.promise = promise;
  crash(error, 128, 'Unhandled Promise Rejection');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  patchConsole();
  if (!runtimeApi) {
    writeLogLine('ERROR', `Lamina runtime: AWS_LAMBDA_RUNTIME_API is not set or invalid ('${env.AWS_LAMBDA_RUNTIME_API || ''}')`);
    process.exit(1);
  }
  installGlobals();
  process.on('uncaughtException', onUncaughtException);
  process.on('unhandledRejection', onUnhandledRejection);
  process.on('beforeExit', onBeforeExit);

  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    await failInit(error, 1, 'Uncaught Exception');
    return;
  }
  initialised = true;
  if (handler[STREAMING_MARK] !== undefined) http = require('node:http'); // not on the first invocation

  for (;;) {
    const ahead = nextAhead;
    nextAhead = null;
    const inv = await (ahead || nextInvocation());
    current = inv;
    currentRequestId = inv.id;
    await invoke(handler, inv);
  }
}

main().catch((err) => fatal(`internal error: ${safeString(err && err.stack)}`));
