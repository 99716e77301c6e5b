// A runner looks at its feed, finds nothing, and only a few microtasks later waits. An event
// pushed in between pokes once; a wakeup that forgot that poke left the subscriber live beside
// events it never handled (seen as a bank projector stuck at `lag 18` for good).
import { Wakeup } from '../src/subscriptions/wakeup';

const never = new AbortController().signal;

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

describe('Wakeup', () => {
  it('ends the next wait at once when it was poked while nobody waited', async () => {
    const wakeup = new Wakeup();
    wakeup.poke();
    expect(await settlesWithin(wakeup.wait(undefined, never), 200)).toBe(true);
  });

  it('keeps such a poke for one wait only', async () => {
    const wakeup = new Wakeup();
    wakeup.poke();
    wakeup.poke();
    await wakeup.wait(undefined, never);
    expect(await settlesWithin(wakeup.wait(undefined, never), 100)).toBe(false);
  });

  it('ends every current wait on a poke, and keeps nothing for later', async () => {
    const wakeup = new Wakeup();
    const first = wakeup.wait(undefined, never);
    const second = wakeup.wait(undefined, never);
    wakeup.poke();
    expect(
      await settlesWithin(
        Promise.all([first, second]).then(() => undefined),
        200,
      ),
    ).toBe(true);
    expect(await settlesWithin(wakeup.wait(undefined, never), 100)).toBe(false);
  });

  it('still refuses a wait on an aborted signal', async () => {
    const wakeup = new Wakeup();
    wakeup.poke();
    const aborted = AbortSignal.abort('closing');
    await expect(wakeup.wait(undefined, aborted)).rejects.toThrow();
  });
});
