'use strict';

// The Node.js runtime client as Lamina starts it (`node --max-old-space-size=N bootstrap.cjs`,
// cwd = the task root), against a FakeRuntimeApi, with a function's code written for each test.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FakeRuntimeApi, NEXT } = require('./fake-runtime-api.cjs');

const BOOTSTRAP = path.resolve(__dirname, '../../main/resources/lamina/runtime/nodejs/bootstrap.cjs');

// Variables of the environment the tests run in that would change how the client behaves.
const CLIENT_VARIABLES = /^(AWS_|_HANDLER$|LAMBDA_|_LAMBDA_|_X_AMZN_TRACE_ID$|NODE_)/;

function baseEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !CLIENT_VARIABLES.test(name)));
}

class ClientProcess {
  constructor(api, taskRoot, handler, env) {
    this.child = spawn(process.execPath, ['--max-old-space-size=108', BOOTSTRAP], {
      cwd: taskRoot,
      env: {
        ...baseEnvironment(),
        AWS_LAMBDA_RUNTIME_API: api.address,
        _HANDLER: handler,
        LAMBDA_TASK_ROOT: taskRoot,
        AWS_LAMBDA_FUNCTION_NAME: 'fn',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
        AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stdout = '';
    this.stderr = '';
    this.child.stdout.on('data', (chunk) => { this.stdout += chunk; });
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => resolve({ code, signal }));
    });
  }

  // Waits for the client to exit by itself; resolves to its exit code, with its output read.
  async exitCode() {
    const { code, signal } = await this.exited;
    if (signal !== null) throw new Error(`the client was killed by ${signal}`);
    return code;
  }

  // Ends the client (it would wait for its next invocation for ever); resolves to its stdout.
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
    return this.stdout;
  }
}

// Function code in a temporary directory: { 'index.js': '…', 'lib/x.mjs': '…' }.
function taskRoot(files) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lamina-node-client-test-')));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

// Starts a fake Runtime API and the client for `files` and `handler`; everything is ended and
// removed when test `t` ends. Resolves to { api, client, root }.
async function start(t, files, handler = 'index.handler', env = {}, host = undefined) {
  const api = await FakeRuntimeApi.start(host);
  const root = taskRoot(files);
  const client = new ClientProcess(api, root, handler, env);
  t.after(async () => {
    await client.stop();
    api.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return { api, client, root };
}

// Accepts the client's connection and reads its first request, which must be GET /next.
async function firstNext(api) {
  const connection = await api.accept();
  const request = await connection.readRequest();
  if (request.method !== 'GET' || request.path !== NEXT) {
    throw new Error(`expected GET /next first, got ${request.method} ${request.path} ${request.body}`);
  }
  return connection;
}

// Answers the pending GET /next with an invocation; resolves to the outcome the client posts,
// after checking that the next GET /next came behind it before the outcome was answered.
async function invoke(connection, requestId, event = '{}', headers = {}) {
  connection.answerNext(requestId, event, headers);
  const outcome = await connection.readRequest();
  const behind = await connection.readRequest(2000);
  if (behind.method !== 'GET' || behind.path !== NEXT) {
    throw new Error(`expected GET /next behind the outcome, got ${behind.method} ${behind.path}`);
  }
  connection.answer();
  return outcome;
}

function json(request) {
  return JSON.parse(request.body.toString());
}

module.exports = { BOOTSTRAP, ClientProcess, firstNext, invoke, json, start, taskRoot };
