import type * as FastCheck from 'fast-check';
import { identifierProblem, MAX_IDENTIFIER_BYTES } from '../../validation/identifier';
import { MAX_JSON_DEPTH } from '../../validation/json-value';

type Fc = typeof FastCheck;
type Arbitrary<T> = FastCheck.Arbitrary<T>;

/** `depth` arrays (or objects) inside each other around a 1. */
export function nestedValue(depth: number, kind: 'array' | 'object' = 'array'): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = kind === 'array' ? [value] : { k: value };
  return value;
}

/** `count` different CJK characters: 3 UTF-8 bytes each, and random enough that no index compresses them. */
export function cjkText(count: number, seed = 0): string {
  let text = '';
  for (let index = 0; index < count; index++) text += String.fromCharCode(0x4e00 + ((index * 7919 + seed * 104729) % 20000));
  return text;
}

/** Identifiers at the edge of the limit: the first two are valid, the others are one byte over. */
export function edgeIdentifiers(seed = 0): { valid: string[]; tooLong: string[] } {
  const cjk = cjkText(Math.floor(MAX_IDENTIFIER_BYTES / 3), seed);
  const pad = 'x'.repeat(MAX_IDENTIFIER_BYTES - cjk.length * 3);
  return {
    valid: [`${cjk}${pad}`, `${'a'.repeat(MAX_IDENTIFIER_BYTES - 8)}-${seed}`.slice(0, MAX_IDENTIFIER_BYTES)],
    tooLong: [`${cjk}${pad}y`, cjkText(Math.floor(MAX_IDENTIFIER_BYTES / 3) + 1, seed), 'a'.repeat(MAX_IDENTIFIER_BYTES + 1)],
  };
}

/** Strings a store must refuse or keep exactly: NUL, lone surrogates, padding, SQL, over-long multi-byte text. */
export function hostileString(fc: Fc): Arbitrary<string> {
  const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
  return fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      ' padded',
      'padded ',
      'a\u0000b',
      '\u0000',
      '\uD83D',
      'x\uDE00y',
      '😀'.slice(1),
      "'; drop table events; --",
      '$1',
      '%_\\',
      '\u202Eevil',
      '\uFEFF',
      ...edgeIdentifiers(7).valid,
      ...edgeIdentifiers(7).tooLong,
    ),
    fc.string({ unit: anyUnit, maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  );
}

/** Anything JavaScript can pass where a store expects something specific. */
export function hostileAnything(fc: Fc): Arbitrary<unknown> {
  return fc.oneof(
    hostileString(fc),
    fc.constantFrom<unknown>(
      undefined,
      null,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1,
      -0,
      1.5,
      2 ** 31,
      Number.MAX_SAFE_INTEGER + 2,
      true,
      [],
      {},
      [1, 2],
      new Date(Number.NaN),
      new Date('+010000-01-01T00:00:00Z'),
      () => 1,
      Symbol('hostile'),
      BigInt(1),
      new Map(),
      Object.create(null) as object,
      nestedValue(MAX_JSON_DEPTH + 1),
      nestedValue(5_000, 'object'),
    ),
    fc.integer(),
    fc.anything({ maxDepth: 2 }),
  );
}

/** JSON data and metadata, valid or hostile: NUL in strings and keys, lone surrogates, too deep, not JSON. */
export function hostileJson(fc: Fc): Arbitrary<unknown> {
  return fc.oneof(
    fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null)), { maxKeys: 4 }),
    fc.constantFrom<unknown>(
      { text: 'a\u0000b' },
      { 'key\u0000': 1 },
      { half: '\uD83D' },
      { ['\uDE00']: 1 },
      // eslint-disable-next-line no-sparse-arrays -- a hole is the hostile input under test
      [1, , 3],
      { n: Number.NaN },
      { at: new Date() },
      nestedValue(MAX_JSON_DEPTH),
      nestedValue(MAX_JSON_DEPTH + 1, 'object'),
      nestedValue(5_000),
      { deep: nestedValue(50_000) },
    ),
    hostileAnything(fc),
  );
}

/** Identifiers every store must accept: short, unicode, and exactly at the byte limit. */
export function validIdentifier(fc: Fc): Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('Valid', 'Überwiesen✓', 'a-b-c', '漢字-😀', "o'brien", '%_\\', ...edgeIdentifiers(11).valid),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }).filter((text) => identifierProblem(text) === null),
  );
}

/** JSON every store must keep: unicode strings and keys, `__proto__`, -0, nesting up to the limit. */
export function validJson(fc: Fc): Arbitrary<unknown> {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 8 }), { maxKeys: 4 }),
    fc.constantFrom<unknown>(
      JSON.parse('{"__proto__": {"admin": true}}'),
      { emoji: '😀 👩\u200D👩\u200D👧', rtl: 'مرحبا', bom: '\uFEFF' },
      nestedValue(MAX_JSON_DEPTH),
      nestedValue(MAX_JSON_DEPTH, 'object'),
    ),
  );
}

/** Whether `error` is a Factum error with one of `codes`: what every refusal must be. */
export function isCodedRefusal(error: unknown, codes: readonly string[]): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && codes.includes(code);
}
