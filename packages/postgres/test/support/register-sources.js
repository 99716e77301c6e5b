// Lets a child process run TypeScript against the packages' sources, as the tests do under Jest:
// `node -r ./register-sources.js script.ts`. No build needed.
const path = require('node:path');
const Module = require('node:module');
const { register } = require('esbuild-register/dist/node');

register({
  target: 'node20',
  format: 'cjs',
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
  // inversify ships only ES modules: compile them to CommonJS too, so no Node version's require(esm) is needed.
  hookIgnoreNodeModules: false,
  hookMatcher: (file) => !file.includes('node_modules') || /node_modules[\\/](inversify|@inversifyjs)[\\/]/.test(file),
});

const root = path.resolve(__dirname, '../../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveFactum(request, ...rest) {
  const match = /^@factum\/(event-store|postgres|core|testing)$/.exec(request);
  return resolveFilename.call(this, match ? path.join(root, 'packages', match[1], 'src') : request, ...rest);
};
