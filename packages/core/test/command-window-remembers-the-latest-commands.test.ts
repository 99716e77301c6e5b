import fc from 'fast-check';
import { CommandWindow } from '../src/aggregates/command-window';

/**
 * The window is a ring of slots. Its answers are checked against the simplest model of what it
 * promises: the list of every (id, from, to) written, of which the last `capacity` are kept.
 */
describe('the idempotency window', () => {
  it('answers for the latest commands, forgets the oldest, and says when it has forgotten', () => {
    const window = new CommandWindow(3, true);
    window.add('a', 1, 1);
    window.add('b', 2, 3);
    window.add('c', 4, 4);
    expect(window.get('a')).toEqual({ from: 1, to: 1 });
    expect(window.get('b')).toEqual({ from: 2, to: 3 });
    expect(window.complete).toBe(true);
    window.add('d', 5, 5);
    expect(window.get('a')).toBeUndefined();
    expect(window.get('d')).toEqual({ from: 5, to: 5 });
    expect(window.complete).toBe(false);
    expect(window.toData()).toEqual({
      commands: [
        ['b', 2, 3],
        ['c', 4, 4],
        ['d', 5, 5],
      ],
      complete: false,
    });
  });

  it('extends the span of a command whose events are recorded one by one', () => {
    const window = new CommandWindow(2, true);
    window.record('a', 1);
    window.record('a', 2);
    window.record('b', 3);
    window.record('a', 4);
    expect(window.get('b')).toEqual({ from: 3, to: 3 });
    // The newest span of an id answers.
    expect(window.get('a')).toEqual({ from: 4, to: 4 });
    expect(window.size).toBe(2);
    expect(window.complete).toBe(false);
  });

  it('keeps nothing with a capacity of 0, and is never complete then', () => {
    const window = new CommandWindow(0, true);
    window.add('a', 1, 1);
    expect(window.get('a')).toBeUndefined();
    expect(window.complete).toBe(false);
  });

  it('matches the model for any sequence of commands, and survives a snapshot round trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 40 }), (capacity, ids) => {
        const window = new CommandWindow(capacity, true);
        const written: [string, number, number][] = [];
        ids.forEach((id, index) => {
          const from = index * 2 + 1;
          window.add(id, from, from + 1);
          written.push([id, from, from + 1]);
        });
        const kept = written.slice(-capacity);
        expect(window.toData()).toEqual({ commands: kept, complete: written.length <= capacity });
        const restored = CommandWindow.fromData(capacity, window.toData());
        for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
          const newest = kept.filter(([keptId]) => keptId === id).pop();
          const expected = newest ? { from: newest[1], to: newest[2] } : undefined;
          expect(window.get(id)).toEqual(expected);
          expect(restored.get(id)).toEqual(expected);
        }
      }),
    );
  });
});
