// docs/integration.md shows this adapter as the broker contract in brief: here it runs under a publisher.
import { createApp, defineEvent, INTEGRATION_BROKER, IntegrationPublisher, On, silentLogger, type DecodedEvent } from '@factum/core';
import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { Container } from 'inversify';
import { z } from 'zod';
import { InMemoryBroker } from '../../../docs/snippets/integration-custom-broker';

const Ticked = defineEvent('Ticked', z.object({ n: z.number() }));

@IntegrationPublisher({ name: 'ticks-out', startFrom: 'origin', batchSize: 4 })
class TicksOut {
  @On(Ticked)
  ticked(event: DecodedEvent<typeof Ticked>) {
    return { subject: `ticks.${event.streamId}` };
  }
}

describe('the in-memory broker of docs/integration.md', () => {
  it('holds each event once, in log order, and refuses a gap', async () => {
    const store = new InMemoryEventStore();
    for (let n = 1; n <= 10; n++) await store.append(`clock-${n % 2}`, [{ type: 'Ticked', data: { n } }]);
    const broker = new InMemoryBroker();
    const container = new Container();
    container.bind(INTEGRATION_BROKER).toConstantValue(broker);
    const subscriberStore = new InMemorySubscriberStore();
    const app = await createApp({ store, container, eventHandlers: [TicksOut], subscriptions: { store: subscriberStore }, logger: silentLogger });
    await app.start();
    await app.subscribers.waitFor(await store.headPosition());
    await app.stop();
    expect(broker.messages.map((message) => JSON.parse(new TextDecoder().decode(message.body)).n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    // Restarted from an older checkpoint, the publisher sends copies: the broker keeps one of each.
    await subscriberStore.checkpoints.delete('ticks-out');
    const again = await createApp({ store, container, eventHandlers: [TicksOut], subscriptions: { store: subscriberStore }, logger: silentLogger });
    await again.start();
    await again.subscribers.waitFor(await store.headPosition());
    await again.stop();
    expect(broker.messages).toHaveLength(10);

    const [first] = broker.messages;
    await expect(broker.publish({ ...first!, id: 'late', previousId: 'lost' })).rejects.toThrow(
      'message late follows lost, which is not the last message held',
    );
  });
});
