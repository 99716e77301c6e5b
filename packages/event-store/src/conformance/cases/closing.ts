import { defineTopic } from '../conformance-case';
import { drain } from '../support/collect';
import { expectError } from '../support/expect-error';
import { sampleEvents } from '../support/sample-events';
import { SubscriptionProbe } from '../support/subscription-probe';

const CLOSED = 'STORE_CLOSED';

/** close(): subscriptions end, later calls fail clearly, a second close is harmless. */
export const closingCases = defineTopic('closing', [
  {
    slug: 'close-ends-subscriptions',
    name: 'closing the store ends its subscriptions',
    async run({ store, waitTimeoutMs }) {
      await store.append('account-1', sampleEvents(2));
      const probe = new SubscriptionProbe(store.subscribe(), waitTimeoutMs);
      try {
        await probe.waitForCount(2);
        await store.close();
        await probe.waitForEnd();
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'calls-after-close-fail',
    name: 'after close every call fails with StoreClosedError, and closing again does nothing',
    async run({ store, waitTimeoutMs }) {
      const { position } = await store.append('account-1', sampleEvents(2));
      await store.close();
      await store.close();
      await expectError(() => store.append('account-1', sampleEvents(1)), CLOSED, 'append');
      await expectError(() => drain(store.readStream('account-1')), CLOSED, 'readStream');
      await expectError(() => drain(store.readAll()), CLOSED, 'readAll');
      await expectError(() => store.headPosition(), CLOSED, 'headPosition');
      await expectError(() => store.streamVersion('account-1'), CLOSED, 'streamVersion');
      await expectError(() => store.deleteStream('account-1'), CLOSED, 'deleteStream');
      await expectError(
        async () => {
          const probe = new SubscriptionProbe(store.subscribe({ from: position }), waitTimeoutMs);
          try {
            await probe.waitForEnd();
            if (probe.error !== undefined) throw probe.error;
          } finally {
            probe.stop();
          }
        },
        CLOSED,
        'subscribe',
      );
    },
  },
]);
