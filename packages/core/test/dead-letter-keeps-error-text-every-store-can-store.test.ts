import { asGlobalPosition, checkDeadLetter, type RecordedEvent } from '@factum/event-store';
import { toDeadLetter } from '../src/subscriptions/failure-records';

// A handler's error often quotes the event it failed on. The stores refuse NUL and lone surrogates,
// so the runtime replaces them: refusing the dead letter would turn a `skip` into a stopped subscriber.
const event = { eventId: 'e1', type: 'T', streamId: 's-1', version: 1, position: asGlobalPosition('1') } as RecordedEvent;

describe('a dead letter made from a failure', () => {
  it('replaces NUL and lone surrogates in the error text with U+FFFD, so every store accepts it', () => {
    const error = new Error('cannot parse "a\u0000b" or "\uD83D"');
    error.name = 'Parse\u0000Error';
    const letter = toDeadLetter('proj', event, error, 3);
    expect(letter.error.message).toBe('cannot parse "a\uFFFDb" or "\uFFFD"');
    expect(letter.error.name).toBe('Parse\uFFFDError');
    expect(() => checkDeadLetter(letter)).not.toThrow();
  });

  it('keeps well-formed text, emoji included, unchanged', () => {
    const letter = toDeadLetter('proj', event, new Error('😀 漢字 e\u0301'), 1);
    expect(letter.error.message).toBe('😀 漢字 e\u0301');
  });

  it('describes a thrown value that String() cannot convert', () => {
    const letter = toDeadLetter('proj', event, Object.create(null) as object, 1);
    expect(() => checkDeadLetter(letter)).not.toThrow();
  });
});
