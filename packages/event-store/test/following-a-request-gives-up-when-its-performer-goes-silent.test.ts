import { InMemorySubscriberOperations, OperationTimeoutError, requestAndFollow, SubscriberNotRunningError, type NewSubscriberReport } from '../src';

const report = (owner: string): NewSubscriberReport => ({
  subscriber: 'ledger',
  kind: 'projector',
  eventTypes: ['Deposited'],
  owner,
  state: 'live',
  position: null,
  eventsPerSecond: 0,
  lastError: null,
});

describe('following an operation request', () => {
  it('gives up with SubscriberNotRunningError when the process that took it goes silent, and leaves it open', async () => {
    const operations = new InMemorySubscriberOperations();
    const started = Date.now();
    const following = requestAndFollow(
      operations,
      { subscriber: 'ledger', kind: 'rebuild' },
      { claimTimeoutMs: 5_000, stallTimeoutMs: 300, pollMs: 10, onRequested: (operation) => void operations.claim(operation.id, 'host:1') },
    );
    const error = await following.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SubscriberNotRunningError);
    expect(error).toMatchObject({ code: 'SUBSCRIBER_NOT_RUNNING', subscriber: 'ledger', performer: 'host:1' });
    expect((error as Error).message).toMatch(/No process runs subscriber 'ledger'/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(4_000);
    // Still running: the next process to run the subscriber takes it over.
    const [open] = await operations.open(['ledger']);
    expect(open).toMatchObject({ state: 'running', performer: 'host:1' });
    expect(await operations.claim(open!.id, 'host:2')).toBe(true);
  });

  it('waits as long as the subscriber reports, then returns what the performer did', async () => {
    const operations = new InMemorySubscriberOperations();
    let id = '';
    const alive = setInterval(() => void operations.publish(report('host:1')), 50);
    try {
      const following = requestAndFollow(
        operations,
        { subscriber: 'ledger', kind: 'rebuild' },
        {
          claimTimeoutMs: 5_000,
          stallTimeoutMs: 300,
          pollMs: 10,
          onRequested: (operation) => {
            id = operation.id;
            void operations.claim(operation.id, 'host:1');
          },
        },
      );
      // The performer works (silently, but its process reports) for three times the stall timeout.
      await new Promise((resolve) => setTimeout(resolve, 900));
      await operations.finish(id, { result: { events: 3 } });
      await expect(following).resolves.toEqual({ events: 3 });
    } finally {
      clearInterval(alive);
    }
  });

  it('still cancels a request no process took within the claim timeout', async () => {
    const operations = new InMemorySubscriberOperations();
    await expect(requestAndFollow(operations, { subscriber: 'ledger', kind: 'restart' }, { claimTimeoutMs: 100, pollMs: 10 })).rejects.toBeInstanceOf(
      OperationTimeoutError,
    );
    expect(await operations.open(['ledger'])).toEqual([]);
  });
});
