import { InMemoryEventStore } from '@factum/event-store';
import { createApp, On, ProcessManager, Projector } from '@factum/core';
import { AccountOpened } from './support/transfer-domain';

@Projector({ name: 'twin' })
class First {
  @On(AccountOpened) opened(): void {}
}
@Projector({ name: 'twin' })
class Second {
  @On(AccountOpened) opened(): void {}
}
class Undecorated {
  @On(AccountOpened) opened(): void {}
}
@Projector({ name: 'empty' })
class Empty {}
@Projector({ name: 'tx', transactional: true })
class NeedsTransactions {
  @On(AccountOpened) opened(): void {}
}
@ProcessManager({ name: 'never-starts' })
class NeverStarts {
  @On(AccountOpened, { key: (e) => e.accountId }) opened(): void {}
}
@Projector({ name: 'keyed' })
class KeyedProjector {
  @On(AccountOpened, { key: (e) => e.accountId }) opened(): void {}
}

describe('subscriber mistakes are configuration errors when the app is built', () => {
  const store = new InMemoryEventStore();
  it.each([
    ['two subscribers with one name', { projectors: [First, Second] }, /both named 'twin'/],
    ['a class without decorator', { projectors: [Undecorated] }, /no @Projector/],
    ['a projector listed as a process manager', { processManagers: [First] }, /list it in createApp\(\{ projectors \}\)/],
    ['no @On', { projectors: [Empty] }, /no @On/],
    ['transactional without a transactional store', { projectors: [NeedsTransactions] }, /has no transactions/],
    ['a process manager nothing starts', { processManagers: [NeverStarts] }, /start: true/],
    ['process-manager options on a projector', { projectors: [KeyedProjector] }, /for process managers only/],
  ])('%s', async (_, options, message) => {
    await expect(createApp({ store, ...options })).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR', message: expect.stringMatching(message) });
  });
});
