// Lamina: a Node.js started ahead of demand in a spare sandbox (decision 53).
//
// Started as `node --max-old-space-size=<heap> <dir>/preload.cjs` with the environment every
// function of the runtime starts from, before any function is known. It loads the built-ins the
// runtime client needs, then reads what to run from stdin: NUL-separated `KEY=VALUE` entries, an
// empty entry, then the command's arguments, ending at EOF. It takes that environment and runs the
// client as `node <options> <dir>/bootstrap.cjs` would run it, as the main module.
//
// Node has no exec(), so the node decides beforehand that this process may run the function: the
// same interpreter and heap, the same variables read while a process starts, no library directory
// that appeared since (the node's Preload.fit). A command that is not that interpreter
// with those options and the client beside this file is refused here, and the environment fails.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
require('node:net');
require('node:util');
require('node:url');
require('node:stream');

function readRequest() {
  const chunks = [];
  const buffer = Buffer.allocUnsafe(65536);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5); // a non-blocking stdin: wait without spinning
        continue;
      }
      if (e.code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  const request = Buffer.concat(chunks);
  const split = request.indexOf('\0\0');
  const envPart = split < 0 ? request : request.subarray(0, split);
  const argvPart = split < 0 ? Buffer.alloc(0) : request.subarray(split + 2);
  const env = Object.create(null); // a variable named __proto__ is a variable too
  for (const entry of envPart.toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return { env, argv: argvPart.toString('utf8').split('\0').filter((a) => a !== '') };
}

function runsHere(argv) {
  const script = argv[argv.length - 1];
  return (
    argv.length === process.execArgv.length + 2 &&
    argv[0] === process.argv0 &&
    argv.slice(1, -1).every((option, i) => option === process.execArgv[i]) &&
    path.dirname(script) === __dirname &&
    path.basename(script) === 'bootstrap.cjs'
  );
}

const { env, argv } = readRequest();
if (argv.length === 0) process.exit(0); // the node went away before it had a function for this sandbox
if (!runsHere(argv)) {
  process.stderr.write(`lamina: a preloaded Node.js cannot run ${JSON.stringify(argv)}\n`);
  process.exit(127);
}
for (const key of Object.keys(process.env)) delete process.env[key];
Object.assign(process.env, env);
const script = argv[argv.length - 1];
process.argv[1] = script;
delete require.cache[__filename];
require('node:module').runMain(script);
