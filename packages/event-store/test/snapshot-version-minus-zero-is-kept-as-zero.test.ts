import { InMemorySnapshotStore } from '../src';

// -0 passes every whole-number check, and Postgres keeps it as 0: the contract keeps it as 0
// everywhere, so a store's answer does not depend on which store it is.
describe('a snapshot saved at version -0', () => {
  it('loads back at version 0', async () => {
    const snapshots = new InMemorySnapshotStore();
    await snapshots.save({ streamId: 'account-1', version: -0, schemaVersion: 1, state: { balance: -0 }, takenAt: new Date(0) });
    const loaded = await snapshots.load('account-1');
    expect(Object.is(loaded?.version, 0)).toBe(true);
    expect(Object.is((loaded?.state as { balance: number }).balance, 0)).toBe(true);
  });
});
