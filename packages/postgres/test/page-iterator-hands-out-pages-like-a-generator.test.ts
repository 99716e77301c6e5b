import { PageIterator } from '../src/events/page-iterator';

/** Pages handed out one at a time, each after the test lets it go. */
function pages(...list: Array<number[] | Error>): { iterator: PageIterator<number>; fetches: () => number } {
  let fetches = 0;
  const iterator = new PageIterator<number>(async () => {
    const page = list[fetches++];
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (page instanceof Error) throw page;
    return page;
  });
  return { iterator, fetches: () => fetches };
}

async function drain(iterable: AsyncIterable<number>): Promise<number[]> {
  const items: number[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('PageIterator: the items of pages, in order, as an async generator would yield them', () => {
  it('fetches nothing until the first next(), and ends at an empty or missing page', async () => {
    const { iterator, fetches } = pages([1, 2], [3], [], [4]);
    expect(fetches()).toBe(0);
    expect(await drain(iterator)).toEqual([1, 2, 3]);
    expect(fetches()).toBe(3);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(await drain(pages([1]).iterator)).toEqual([1]);
  });

  it('answers next() calls made at once in call order, across page boundaries', async () => {
    const { iterator } = pages([1, 2], [3, 4, 5], [6]);
    const results = await Promise.all(Array.from({ length: 8 }, () => iterator.next()));
    expect(results.map((result) => (result.done ? 'done' : result.value))).toEqual([1, 2, 3, 4, 5, 6, 'done', 'done']);
  });

  it('is finished after return(), also when a page was being fetched', async () => {
    const { iterator, fetches } = pages([1, 2], [3, 4]);
    for await (const item of iterator) if (item === 1) break;
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(fetches()).toBe(1);

    const second = pages([1, 2]).iterator;
    const inFlight = second.next();
    await second.return();
    expect(await inFlight).toEqual({ done: true, value: undefined });
    expect(await second.next()).toEqual({ done: true, value: undefined });
  });

  it('rejects the call whose fetch failed, then is finished', async () => {
    const failure = new Error('page lost');
    const { iterator, fetches } = pages([1], failure, [2]);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    await expect(iterator.next()).rejects.toBe(failure);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(fetches()).toBe(2);
  });
});
