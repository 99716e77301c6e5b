import { AppendCombiner } from '../src/events/append-combiner';

/**
 * The combiner's scheduling alone, with senders that only record: how many statements run at
 * once, how large a group gets, and in which order a stream's appends are sent.
 */
interface Append {
  streamId: string;
  n: number;
}

function recordingCombiner(inFlight: number, maxGroup: number, groupWrites: (appends: readonly Append[]) => boolean = () => true) {
  const sent: Append[][] = [];
  let running = 0;
  let mostRunning = 0;
  const pending: Array<() => void> = [];
  const statement = async (appends: readonly Append[]): Promise<void> => {
    sent.push([...appends]);
    running++;
    mostRunning = Math.max(mostRunning, running);
    await new Promise<void>((resolve) => pending.push(resolve));
    running--;
  };
  const combiner = new AppendCombiner<Append, number>(
    { inFlight, maxGroup },
    {
      alone: async (append) => {
        await statement([append]);
        return append.n;
      },
      group: async (appends) => {
        await statement(appends);
        return groupWrites(appends) ? appends.map((append) => ({ status: 'fulfilled' as const, value: append.n })) : null;
      },
    },
  );
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  /** Lets the statements running now finish, and what follows them start. */
  const step = async (): Promise<void> => {
    await tick();
    for (const finish of pending.splice(0)) finish();
    await tick();
  };
  /** Lets every statement finish, until nothing is left running. */
  const drain = async (): Promise<void> => {
    for (;;) {
      await tick();
      if (pending.length === 0) return;
      await step();
    }
  };
  return { combiner, sent, step, drain, mostRunning: () => mostRunning };
}

describe('the append combiner', () => {
  it('runs at most inFlight statements, groups at most maxGroup appends, and gives each caller its own result', async () => {
    const { combiner, sent, drain, mostRunning } = recordingCombiner(2, 5);
    const results = Array.from({ length: 40 }, (_, n) => combiner.append({ streamId: `s-${n}`, n }));
    await drain();
    await expect(Promise.all(results)).resolves.toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(mostRunning()).toBe(2);
    expect(Math.max(...sent.map((group) => group.length))).toBe(5);
    expect(sent.slice(0, 2).map((group) => group.length)).toEqual([1, 1]);
    expect(
      sent
        .flat()
        .map((append) => append.n)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it("sends a stream's appends one statement after another, in the order they were made", async () => {
    const { combiner, sent, drain } = recordingCombiner(3, 16);
    const results = Array.from({ length: 30 }, (_, n) => combiner.append({ streamId: `s-${n % 3}`, n }));
    await drain();
    await Promise.all(results);
    for (const group of sent) expect(new Set(group.map((append) => append.streamId)).size).toBe(group.length);
    for (const stream of ['s-0', 's-1', 's-2']) {
      const order = sent.flat().filter((append) => append.streamId === stream);
      expect(order.map((append) => append.n)).toEqual([...order.map((append) => append.n)].sort((a, b) => a - b));
    }
  });

  it('sends each append of a group that wrote nothing alone, outside the inFlight limit', async () => {
    const { combiner, sent, step, drain } = recordingCombiner(1, 16, () => false);
    const results = Array.from({ length: 5 }, (_, n) => combiner.append({ streamId: `s-${n}`, n }));
    await step(); // 0 was sent alone; 1 to 4 go as a group
    await step(); // the group wrote nothing: 1 to 4 go alone, and are still running
    expect(sent.map((group) => group.map((append) => append.n))).toEqual([[0], [1, 2, 3, 4], [1], [2], [3], [4]]);
    // Sent at once, while 1 to 4 still run: they do not hold the one slot.
    const later = combiner.append({ streamId: 's-9', n: 9 });
    expect(sent[6]).toEqual([{ streamId: 's-9', n: 9 }]);
    await drain();
    await expect(Promise.all([...results, later])).resolves.toEqual([0, 1, 2, 3, 4, 9]);
  });
});
