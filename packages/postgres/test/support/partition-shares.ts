import type { ChildApp } from './subscriptions-child-process';

/** The partitions of `subscriber` each child reports holding, by child. */
export function shares(children: ChildApp[], subscriber = 'ledger'): string[][] {
  return children.map((child) => ((child.latest['active'] as string[] | undefined) ?? []).filter((name) => name.startsWith(`${subscriber}#`)));
}

/** Waits until the children hold all `partitions` between them, each exactly once, in these amounts (any order); returns how long it took. */
export async function waitForSplit(children: ChildApp[], expected: number[], what: string, timeoutMs: number, partitions: number): Promise<number> {
  const started = Date.now();
  const wanted = [...expected].sort().join('/');
  for (;;) {
    const held = shares(children);
    const all = held.flat();
    if (
      held
        .map((list) => list.length)
        .sort()
        .join('/') === wanted &&
      new Set(all).size === partitions
    )
      return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: after ${timeoutMs} ms the split is ${JSON.stringify(held)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
