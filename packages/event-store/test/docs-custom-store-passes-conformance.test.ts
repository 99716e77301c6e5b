// The worked example of docs/custom-stores.md keeps the contract: the whole conformance suite runs on it.
import { InMemoryEventStore } from '@factum/event-store';
import { countingStoreConformance } from '../../../docs/snippets/custom-store-conformance';
import { CountingEventStore } from '../../../docs/snippets/custom-store-counting';

countingStoreConformance();

describe('the CountingEventStore of the custom-stores guide', () => {
  it('counts the events that were stored, and nothing for a refused append', async () => {
    const store = new CountingEventStore(new InMemoryEventStore());
    await store.append(
      'order-1',
      [
        { type: 'OrderPlaced', data: {} },
        { type: 'OrderShipped', data: {} },
      ],
      { expectedVersion: 'no-stream' },
    );
    await store.append('order-2', [{ type: 'OrderPlaced', data: {} }]);
    await expect(store.append('order-1', [{ type: 'OrderPlaced', data: {} }], { expectedVersion: 'no-stream' })).rejects.toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
    });
    expect(Object.fromEntries(store.counts())).toEqual({ OrderPlaced: 2, OrderShipped: 1 });
    await store.close();
  });
});
