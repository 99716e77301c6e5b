/**
 * An async iterator over items fetched a page at a time: what an async generator that yields
 * each item of each page does, without a generator step per item (that step, several promise
 * hops per event, was a noticeable share of reading a long stream). Like a generator it is its
 * own iterable, starts fetching only at the first `next()`, serves concurrent `next()` calls in
 * order, and is finished after `return()` or after `nextPage` throws (that call rejects).
 *
 * `nextPage` returns the next page, or `undefined` when there is none; an empty page also ends.
 */
export class PageIterator<T> implements AsyncIterableIterator<T> {
  private page: readonly T[] = [];
  private index = 0;
  private finished = false;
  /** Calls that wait for a fetch (or for one before them); while there are any, later calls queue too. */
  private pending = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly nextPage: () => Promise<readonly T[] | undefined>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.pending === 0 && this.index < this.page.length) return Promise.resolve({ done: false, value: this.page[this.index++]! });
    this.pending++;
    const result = this.queue.then(() => this.afterFetches());
    this.queue = result.catch(() => undefined);
    return result;
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.finish();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    this.finish();
    return Promise.reject(error);
  }

  private async afterFetches(): Promise<IteratorResult<T, undefined>> {
    try {
      while (this.index >= this.page.length) {
        if (this.finished) return { done: true, value: undefined };
        let page: readonly T[] | undefined;
        try {
          page = await this.nextPage();
        } catch (error) {
          this.finish();
          throw error;
        }
        // Ended meanwhile (`return()`), the page is dropped.
        if (!page || page.length === 0) this.finish();
        else if (!this.finished) {
          this.page = page;
          this.index = 0;
        }
      }
      return { done: false, value: this.page[this.index++]! };
    } finally {
      this.pending--;
    }
  }

  private finish(): void {
    this.finished = true;
    this.page = [];
    this.index = 0;
  }
}
