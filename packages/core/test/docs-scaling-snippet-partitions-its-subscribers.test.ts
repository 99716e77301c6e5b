// The partitioned subscribers of docs/scaling.md run as shown: a partition per checkpoint and lease.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { TenantTotals, Transfers } from '../../../docs/snippets/scaling-partitions';

describe('the partitioned subscribers of the scaling guide', () => {
  it('run one runner per partition, listed under the partition names', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), projectors: [TenantTotals], processManagers: [Transfers] });
    await app.start();
    const names = (await app.subscribers.status()).map((status) => status.name).sort();
    expect(names).toEqual([...[0, 1, 2, 3].map((i) => `tenant-totals#${i}`), ...[0, 1, 2, 3].map((i) => `transfers#${i}`)]);
    await app.stop();
  });
});
