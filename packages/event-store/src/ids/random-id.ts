import { randomFillSync } from 'node:crypto';
import { noteIdentifier } from '../validation/identifier';
import { uuidText } from './uuid-text';

/**
 * Random (version 4) UUIDs as flat strings, for the ids a store and dispatch generate: event ids
 * and command ids, one or more per event, kept as long as the event is.
 *
 * `crypto.randomUUID()` builds its result by concatenating 2-character pieces, which V8 keeps as
 * a tree of about twenty string nodes: some 480 bytes for every retained id instead of about 60,
 * which an in-memory store holding 200,000 events pays twice over, in memory and in garbage
 * collection. Here the 36 characters are written into a byte array and made into one flat
 * string. The bytes come from the same source (`randomFillSync`, the OS's CSPRNG), drawn 64 KB
 * (4,096 ids) at a time.
 */
const POOL_BYTES = 65_536;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

const text = new Uint8Array(36).fill('-'.charCodeAt(0));
/** Where the two hex digits of each of the 16 bytes go: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`. */
const DIGIT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const HEX = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

export function randomId(): string {
  if (used + 16 > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  for (let index = 0; index < 16; index++) {
    let byte = pool[used + index]!;
    // The version (4) and variant (10xx) bits of RFC 9562.
    if (index === 6) byte = (byte & 0x0f) | 0x40;
    else if (index === 8) byte = (byte & 0x3f) | 0x80;
    const at = DIGIT_AT[index]!;
    text[at] = HEX[byte >> 4]!;
    text[at + 1] = HEX[byte & 0x0f]!;
  }
  used += 16;
  const id = uuidText(text);
  // Hex digits and dashes: a valid identifier and clean text, which the checks need not scan.
  noteIdentifier(id);
  return id;
}
