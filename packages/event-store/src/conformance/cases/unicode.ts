import assert from 'node:assert/strict';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';
import { MAX_IDENTIFIER_BYTES } from '../../validation/identifier';
import { expectError } from '../support/expect-error';
import { edgeIdentifiers } from '../support/hostile-values';

// Written with escapes where the exact code points matter, so no editor can normalise them.
const TEXTS = {
  emoji: '😀 👩\u200D👩\u200D👧\u200D👦 🏳\uFE0F\u200D🌈 👍🏽 🇯🇵',
  cjk: '漢字 かな カナ 한국어 中文 𠀋',
  rtl: 'שלום עולם — مرحبا بالعالم — سلام',
  bidiControls: 'abc\u202Edef\u202C \u200F\u200E',
  composedE: '\u00E9',
  decomposedE: 'e\u0301',
  angstromSign: '\u212B',
  ringedA: '\u00C5',
  zalgo: 'Z\u0351\u0357\u034Ba\u0350\u0352l\u0346g\u0352o\u0353',
  astralMath: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚',
  bom: '\uFEFFstarts with a BOM',
  mixed: 'Ⅻ ℃ ﬁ ß ẞ İ ı ǅ',
};

/** Unicode in data, keys, metadata and identifiers, stored exactly: no normalisation, no loss. */
export const unicodeCases = defineTopic('unicode', [
  {
    slug: 'text-round-trips-exactly',
    name: 'emoji, CJK, RTL, combining characters and astral code points round-trip code unit for code unit',
    async run({ store }) {
      const keyed = Object.fromEntries(Object.entries(TEXTS).map(([name, text]) => [`${text}:${name}`, text]));
      await store.append('text-1', [{ type: 'Texts', data: { ...TEXTS, list: Object.values(TEXTS), keyed }, metadata: { note: TEXTS.rtl } }]);
      for (const [event] of [await readStream(store, 'text-1'), await readAll(store)]) {
        const data = event!.data as typeof TEXTS & { list: string[]; keyed: Record<string, string> };
        for (const [name, text] of Object.entries(TEXTS)) {
          const read = data[name as keyof typeof TEXTS];
          assert.equal(read, text, `${name} must round-trip unchanged (got ${JSON.stringify(read)}, sent ${JSON.stringify(text)})`);
        }
        assert.notEqual(data.composedE, data.decomposedE, 'precomposed and combining forms must not be normalised to one');
        assert.notEqual(data.angstromSign, data.ringedA, 'compatibility characters must not be normalised');
        assert.deepEqual(data.list, Object.values(TEXTS));
        assert.deepEqual(data.keyed, keyed, 'unicode object keys round-trip');
        assert.deepEqual(event!.metadata, { note: TEXTS.rtl });
      }
    },
  },
  {
    slug: 'identifiers-round-trip-exactly',
    name: 'unicode stream ids, categories, event types and ids work for appends, reads and filters',
    async run({ store }) {
      const streamId = `konto\u00F1-ñandú-😀-漢`;
      const decomposedStream = `konto\u006E\u0303-ñandú-😀-漢`;
      await store.append(streamId, [{ type: 'Überwiesen✓', data: 1, eventId: 'évènement-😀-1', causationId: 'commande-é', correlationId: '会話-1' }]);
      await store.append(decomposedStream, [{ type: 'Überwiesen✓', data: 2 }], { expectedVersion: 'no-stream' });
      const [event] = await readStream(store, streamId);
      assert.equal(event!.streamId, streamId);
      assert.equal(event!.type, 'Überwiesen✓');
      assert.equal(event!.eventId, 'évènement-😀-1');
      assert.equal(event!.causationId, 'commande-é');
      assert.equal(event!.correlationId, '会話-1');
      assert.equal(await store.streamVersion(decomposedStream), 1, 'differently normalised ids are different streams');
      const byCategory = await readAll(store, { filter: { categories: ['konto\u00F1'], types: ['Überwiesen✓'] } });
      assert.deepEqual(
        byCategory.map((read) => read.streamId),
        [streamId],
      );
    },
  },
  {
    slug: 'lone-surrogates-are-refused',
    name: 'a lone UTF-16 surrogate (half an emoji) is refused with InvalidInputError, not stored mangled',
    async run({ store }) {
      const halfEmoji = '😀'.slice(0, 1);
      const error = await expectError(
        () => store.append('text-1', [{ type: 'Broken', data: { text: `ok ${halfEmoji} no` } }]),
        'INVALID_INPUT',
        'data with a lone surrogate',
      );
      assert.match(String(error.argument), /^events\[0\]\.data/);
      await expectError(() => store.append(`text-${halfEmoji}`, [{ type: 'Broken', data: 1 }]), 'INVALID_INPUT', 'a stream id with a lone surrogate');
      assert.deepEqual(await readAll(store), []);
    },
  },
  {
    slug: 'identifier-limits-count-utf8-bytes',
    name: `identifiers of up to ${MAX_IDENTIFIER_BYTES} UTF-8 bytes work in every role; one byte more (though far fewer UTF-16 units) is refused with InvalidInputError`,
    async run({ store }) {
      const [longest] = edgeIdentifiers(1).valid;
      const ids = (seed: number) => edgeIdentifiers(seed).valid[0]!;
      // Different ids of the longest length in every role, so each needs its own index entry.
      const streamId = ids(2);
      await store.append(streamId, [{ type: longest!, data: 1, eventId: ids(3), causationId: ids(4), correlationId: ids(5) }]);
      const [event] = await readStream(store, streamId);
      assert.equal(event!.streamId, streamId);
      assert.equal(event!.type, longest);
      assert.equal(event!.eventId, ids(3));
      assert.deepEqual([event!.causationId, event!.correlationId], [ids(4), ids(5)]);
      assert.equal((await readAll(store, { filter: { types: [longest!] } })).length, 1);
      await store.deleteStream(streamId, { reason: ids(6).repeat(3) });

      for (const tooLong of edgeIdentifiers(8).tooLong) {
        assert.ok(tooLong.length <= MAX_IDENTIFIER_BYTES + 1, 'the refused ids are short in UTF-16 units');
        const roles: Array<[string, () => unknown]> = [
          ['streamId', () => store.append(tooLong, [{ type: 'A', data: 1 }])],
          ['events[0].type', () => store.append('limits-1', [{ type: tooLong, data: 1 }])],
          ['events[0].eventId', () => store.append('limits-1', [{ type: 'A', data: 1, eventId: tooLong }])],
          ['events[0].causationId', () => store.append('limits-1', [{ type: 'A', data: 1, causationId: tooLong }])],
          ['events[0].correlationId', () => store.append('limits-1', [{ type: 'A', data: 1, correlationId: tooLong }])],
          ['streamId', () => readStream(store, tooLong)],
          ['streamId', () => store.streamVersion(tooLong)],
          ['streamId', () => store.deleteStream(tooLong)],
        ];
        for (const [argument, action] of roles) {
          const error = await expectError(action, 'INVALID_INPUT', `${argument} of ${tooLong.length} UTF-16 units`);
          assert.ok(String(error.argument).startsWith(argument), `the refusal must name ${argument}, got ${String(error.argument)}`);
        }
      }
      assert.equal((await readAll(store)).length, 1, 'nothing refused was stored');
    },
  },
]);
