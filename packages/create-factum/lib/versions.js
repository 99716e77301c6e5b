// @ts-check
// The versions a new project gets, pinned to ones that are checked together by the Factum
// repository's `npm run verify:packages`: a scaffolded project should work the day it is made,
// whatever the registry's latest is that day.
'use strict';

/** @type {Record<string, string>} */
const VERSIONS = {
  // Factum's own packages, until overridden with tarballs by --factum-from.
  factum: '^0.1.0',
  zod: '4.6.7',
  // 5.x: ts-jest needs TypeScript's JavaScript API, which TypeScript 7 (native) does not have.
  typescript: '5.9.3',
  '@types/node': '^20.19.0',
  jest: '30.5.2',
  'ts-jest': '29.4.15',
  '@types/jest': '30.0.0',
  // 4.x: Vitest 5 needs Node 22.12; Factum supports Node 20.19.
  vitest: '4.1.12',
};

module.exports = { VERSIONS };
