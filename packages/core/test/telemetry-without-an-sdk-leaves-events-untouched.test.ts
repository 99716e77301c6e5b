import { InMemoryEventStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { Account, OpenAccount } from './support/transfer-domain';

describe('with no OpenTelemetry SDK registered', () => {
  it('dispatches as before and stores no trace context in the metadata', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Account] });
    const result = await app.dispatch(OpenAccount({ accountId: 'a', balance: 1 }));
    expect(Object.keys(result.events[0]!.metadata).sort()).toEqual(['commandId', 'commandType']);
    await app.stop();
  });
});
