// Lets a child process run TypeScript against the packages' sources, as the tests do under Jest:
// `node -r ./register-sources.js script.ts`. No build needed.
const path = require('node:path');
const Module = require('node:module');
const { register } = require('esbuild-register/dist/node');

register({
  target: 'node20',
  format: 'cjs',
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
});

const root = path.resolve(__dirname, '../../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveFactum(request, ...rest) {
  const match = /^@factum\/(event-store|postgres|core|testing|nats)$/.exec(request);
  return resolveFilename.call(this, match ? path.join(root, 'packages', match[1], 'src') : request, ...rest);
};
