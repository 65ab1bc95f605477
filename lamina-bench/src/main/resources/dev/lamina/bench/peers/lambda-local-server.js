// lambda-local in process: a small HTTP server that runs each request's body as the event through
// lambda-local's execute() and answers with the handler's result. The handler module is loaded on the
// first request and kept, as a warm Lambda environment keeps it (lambda-local's own --watch server
// re-loads the module on every request instead).
// Usage: node lambda-local-server.js <port> <handler file> <handler name>
'use strict';
const http = require('node:http');
const path = require('node:path');
const lambdaLocal = require('lambda-local');

const [port, handlerFile, handlerName] = process.argv.slice(2);
let handlerModule;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      handlerModule ??= require(path.resolve(handlerFile));
      const text = Buffer.concat(chunks).toString('utf8');
      const result = await lambdaLocal.execute({
        event: JSON.parse(text === '' ? '{}' : text),
        lambdaFunc: handlerModule,
        lambdaHandler: handlerName,
        timeoutMs: 30000,
        verboseLevel: 0,
      });
      const body = Buffer.from(JSON.stringify(result), 'utf8');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    } catch (e) {
      const body = Buffer.from(JSON.stringify({ errorMessage: String(e) }), 'utf8');
      res.writeHead(500, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    }
  });
});
server.keepAliveTimeout = 120000;
server.listen(Number(port), '127.0.0.1', () => console.log(`lambda-local server listening on ${port}`));
