'use strict';

// Handler loading (the Init phase) of the Node.js client: `_HANDLER` is a path whose base name is
// split at its first dot into a module and an export path; the module is found in the order of
// AWS's client (aws-lambda-ric), and each failure is posted to /init/error with the error document
// AWS's client gives it, before the client exits with 1.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { RUNTIME } = require('./fake-runtime-api.cjs');
const { firstNext, invoke, json, start, taskRoot } = require('./client-process.cjs');

const cjs = (answer) => `exports.handler = async () => ${JSON.stringify(answer)};\n`;
const esm = (answer) => `export const handler = async () => ${JSON.stringify(answer)};\n`;

async function answerOf(t, files, handler, env) {
  const { api } = await start(t, files, handler, env);
  const connection = await firstNext(api);
  return json(await invoke(connection, 'id-1'));
}

// Starts the client for a function whose init fails; resolves to the posted error document, the
// client's exit code and its output.
async function initFailure(t, files, handler, env) {
  const { api, client } = await start(t, files, handler, env);
  const connection = await api.accept();
  const request = await connection.readRequest();
  connection.answer();
  const code = await client.exitCode();
  assert.equal(`${request.method} ${request.path}`, `POST ${RUNTIME}/init/error`);
  assert.equal(request.headers['content-type'], 'application/vnd.aws.lambda.error+json');
  const doc = json(request);
  assert.equal(request.headers['lambda-runtime-function-error-type'], doc.errorType);
  return { doc, code, stdout: client.stdout };
}

test('a CommonJS module in the task root', async (t) => {
  assert.equal(await answerOf(t, { 'index.js': cjs('index.js') }, 'index.handler'), 'index.js');
});

test('a module in a subdirectory, with a nested export path', async (t) => {
  const files = { 'lib/api/index.js': 'exports.handlers = { get: async () => "lib/api get" };\n' };

  assert.equal(await answerOf(t, files, 'lib/api/index.handlers.get'), 'lib/api get');
});

test('an .mjs module is an ES module', async (t) => {
  assert.equal(await answerOf(t, { 'app.mjs': esm('app.mjs') }, 'app.handler'), 'app.mjs');
});

test('a .js module in a package of "type": "module" is an ES module', async (t) => {
  const files = { 'package.json': '{"type": "module"}', 'src/app.js': esm('esm app.js') };

  assert.equal(await answerOf(t, files, 'src/app.handler'), 'esm app.js');
});

test('a .cjs module', async (t) => {
  assert.equal(await answerOf(t, { 'app.cjs': cjs('app.cjs') }, 'app.handler'), 'app.cjs');
});

test('.js comes before .mjs and .cjs of the same name', async (t) => {
  const files = { 'app.js': cjs('app.js'), 'app.mjs': esm('app.mjs'), 'app.cjs': cjs('app.cjs') };

  assert.equal(await answerOf(t, files, 'app.handler'), 'app.js');
});

test('a directory with an index.js', async (t) => {
  assert.equal(await answerOf(t, { 'service/index.js': cjs('service/index.js') }, 'service.handler'),
    'service/index.js');
});

test('a package in node_modules', async (t) => {
  const files = { 'node_modules/shared-handler/index.js': cjs('from node_modules') };

  assert.equal(await answerOf(t, files, 'shared-handler.handler'), 'from node_modules');
});

test('a package on NODE_PATH, where layers put theirs (/opt/nodejs/node_modules)', async (t) => {
  const layer = taskRoot({ 'nodejs/node_modules/layer-handler/index.js': cjs('from a layer') });
  t.after(() => fs.rmSync(layer, { recursive: true, force: true }));

  const answer = await answerOf(t, { 'unrelated.js': '' }, 'layer-handler.handler',
    { NODE_PATH: path.join(layer, 'nodejs/node_modules') });

  assert.equal(answer, 'from a layer');
});

test('an absolute root directory in the handler name', async (t) => {
  const layer = taskRoot({ 'fn/app.js': cjs('absolute') });
  t.after(() => fs.rmSync(layer, { recursive: true, force: true }));

  assert.equal(await answerOf(t, { 'unrelated.js': '' }, `${layer}/fn/app.handler`), 'absolute');
});

test('an ES module\'s top-level await runs before the first GET /next', async (t) => {
  const files = {
    'app.mjs': 'const config = await new Promise((resolve) => setTimeout(() => resolve("loaded"), 10));\n'
      + 'export const handler = async () => config;\n',
  };

  assert.equal(await answerOf(t, files, 'app.handler'), 'loaded');
});

test('a missing module is Runtime.ImportModuleError', async (t) => {
  const { doc, code, stdout } = await initFailure(t, { 'other.js': '' }, 'index.handler');

  assert.equal(code, 1);
  assert.equal(doc.errorType, 'Runtime.ImportModuleError');
  assert.match(doc.errorMessage, /^Error: Cannot find module 'index'\nRequire stack:\n- /);
  assert.ok(Array.isArray(doc.trace));
  assert.equal(doc.trace[0], `Runtime.ImportModuleError: ${doc.errorMessage.split('\n')[0]}`);
  assert.match(stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime\.ImportModuleError","errorMessage":"Error: Cannot find module 'index'\\nRequire stack:/);
});

test('a module whose own require fails is Runtime.ImportModuleError', async (t) => {
  const { doc } = await initFailure(t, { 'index.js': 'require("not-installed");\n' }, 'index.handler');

  assert.equal(doc.errorType, 'Runtime.ImportModuleError');
  assert.match(doc.errorMessage, /^Error: Cannot find module 'not-installed'/);
});

test('a missing export is Runtime.HandlerNotFound', async (t) => {
  const { doc, code } = await initFailure(t, { 'index.js': cjs('x') }, 'index.nope');

  assert.equal(code, 1);
  assert.equal(doc.errorType, 'Runtime.HandlerNotFound');
  assert.equal(doc.errorMessage, 'index.nope is undefined or not exported');
});

test('an export that is not a function is Runtime.HandlerNotFound', async (t) => {
  const { doc } = await initFailure(t, { 'index.js': 'exports.handler = 42;\n' }, 'index.handler');

  assert.equal(doc.errorType, 'Runtime.HandlerNotFound');
  assert.equal(doc.errorMessage, 'index.handler is not a function');
});

test('".." in the handler name is Runtime.MalformedHandlerName', async (t) => {
  const { doc } = await initFailure(t, { 'index.js': cjs('x') }, '../index.handler');

  assert.equal(doc.errorType, 'Runtime.MalformedHandlerName');
  assert.equal(doc.errorMessage, '\'../index.handler\' is not a valid handler name. Use absolute paths when '
    + 'specifying root directories in handler names.');
});

test('a handler name without a dot is Runtime.MalformedHandlerName', async (t) => {
  const { doc } = await initFailure(t, { 'index.js': cjs('x') }, 'index');

  assert.equal(doc.errorType, 'Runtime.MalformedHandlerName');
  assert.equal(doc.errorMessage, 'Bad handler');
});

test('a syntax error is Runtime.UserCodeSyntaxError', async (t) => {
  const { doc } = await initFailure(t, { 'index.js': 'exports.handler = async () => {;\n' }, 'index.handler');

  assert.equal(doc.errorType, 'Runtime.UserCodeSyntaxError');
  assert.match(doc.errorMessage, /^SyntaxError: /);
});

test('a syntax error in an ES module is Runtime.UserCodeSyntaxError', async (t) => {
  const { doc } = await initFailure(t, { 'app.mjs': 'export const handler = ;\n' }, 'app.handler');

  assert.equal(doc.errorType, 'Runtime.UserCodeSyntaxError');
});

test('an error thrown while the module loads is posted with its own type', async (t) => {
  const files = { 'index.js': 'class ConfigError extends Error { get name() { return "ConfigError"; } }\n'
    + 'throw new ConfigError("no table name");\n' };

  const { doc, code } = await initFailure(t, files, 'index.handler');

  assert.equal(code, 1);
  assert.equal(doc.errorType, 'ConfigError');
  assert.equal(doc.errorMessage, 'no table name');
  assert.equal(doc.trace[0], 'ConfigError: no table name');
});

test('a top-level await that never settles is Runtime.NodeJsExit', async (t) => {
  const { doc, code } = await initFailure(t, { 'app.mjs': 'await new Promise(() => {});\nexport const handler = 1;\n' },
    'app.handler');

  assert.equal(code, 1);
  assert.equal(doc.errorType, 'Runtime.NodeJsExit');
});

test('nodejs24.x refuses callback handlers with Runtime.CallbackHandlerDeprecated', async (t) => {
  const files = { 'index.js': 'exports.handler = (event, context, callback) => callback(null, 1);\n' };

  const { doc } = await initFailure(t, files, 'index.handler', { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' });

  assert.equal(doc.errorType, 'Runtime.CallbackHandlerDeprecated');
  assert.match(doc.errorMessage, /removed support for callback-based function handlers starting with Node\.js 24/);
});

test('nodejs24.x still takes async handlers and streaming handlers of three parameters', async (t) => {
  const files = {
    'index.js': 'exports.handler = async (event, context) => "async";\n'
      + 'exports.stream = awslambda.streamifyResponse(async (event, stream, context) => stream.end("s"));\n',
  };
  const env = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };

  assert.equal(await answerOf(t, files, 'index.handler', env), 'async');
  const { api } = await start(t, files, 'index.stream', env);
  await firstNext(api);
});
