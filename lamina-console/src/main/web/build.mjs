// Bundles the console's two entry points with esbuild (decision 63):
//   signin.js: the sign-in page, the only script served to whoever is not signed in;
//   app.js (+ app.css): the console itself, Preact + htm + uPlot, served to a session only.
// Usage: node build.mjs <source dir> <output dir> <node_modules dir>
import path from 'node:path';
import { createRequire } from 'node:module';

const [source, out, modules] = process.argv.slice(2).map((p) => path.resolve(p));
const require = createRequire(path.join(modules, 'noop.js'));
const esbuild = require('esbuild');

await esbuild.build({
  entryPoints: {
    signin: path.join(source, 'signin.js'),
    app: path.join(source, 'app.js'),
  },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  nodePaths: [modules],
  legalComments: 'linked',
  logLevel: 'warning',
});
