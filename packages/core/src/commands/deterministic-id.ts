import * as crypto from 'node:crypto';

// A fixed namespace, so the same parts give the same id in every process and release.
const NAMESPACE = 'factum:3c9a1f0e-6b2d-4e7a-8f5c-0d1b2a394857;';

// The one-shot `crypto.hash` (Node ≥ 20.12) is several times faster than a Hash object; this runs
// once per appended event, so it is worth using where it exists.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;
const sha1Hex: (data: string) => string = oneShot ? (data) => oneShot('sha1', data) : (data) => crypto.createHash('sha1').update(data).digest('hex');

/**
 * A name-based UUID (the version 5 layout: SHA-1 of a namespace and the name): the same parts
 * always give the same id. Factum derives event ids from (stream, command id, index), so a
 * command stored twice collides in the store; process managers derive command ids from event ids.
 */
export function deterministicId(...parts: readonly string[]): string {
  let name = NAMESPACE;
  // Length-prefixed, so ('ab', 'c') and ('a', 'bc') differ.
  for (const part of parts) name += `${part.length}:${part};`;
  const hex = sha1Hex(name);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
