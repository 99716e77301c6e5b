/**
 * The relay workload on Factum's side: an `@IntegrationPublisher` from the origin, checkpointed
 * in Postgres, publishing every event to JetStream through `@factum/nats`. The figure is events
 * per second from the log to JetStream acknowledgements: the clock stops when the publisher's
 * checkpoint (written only past acknowledged messages) reaches the last event.
 */
import { createApp, INTEGRATION_BROKER, IntegrationPublisher, On, silentLogger, type DecodedEvent } from '@factum/core';
import { NatsPublisher } from '@factum/nats';
import { PostgresEventStore, PostgresSubscriberStore } from '@factum/postgres';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { inFlight, now } from '../../harness/concurrency.js';
import { perSecond } from '../../harness/stats.js';
import { catchUpPlan, EVENT_TYPE, streamName, writersFor } from '../../workloads/event-shapes.js';
import { relayInFlight } from '../../workloads/relay-in-flight.js';
import { UnavailableError, type SystemWorkload, type WorkloadContext } from '../../workloads/types.js';
import { Deposited } from './bank-account.js';

const NATS_URL = process.env.NATS_URL ?? '127.0.0.1:4222';

// The bench is an ES module; Factum's packages are CommonJS and expect inversify's CommonJS Container.
type AppContainer = NonNullable<Parameters<typeof createApp>[0]['container']>;
const { Container } = createRequire(import.meta.url)('inversify') as { Container: new () => AppContainer };

function openStore(context: WorkloadContext, poolSize: number): PostgresEventStore {
  return new PostgresEventStore({ pool: { connectionString: context.databaseUrl(), max: poolSize } });
}

async function connectNats(): Promise<NatsConnection> {
  try {
    return await connect({ servers: NATS_URL, maxReconnectAttempts: -1 });
  } catch (error) {
    throw new UnavailableError(`no NATS server at ${NATS_URL} (${(error as Error).message}); set NATS_URL`);
  }
}

function relayPublisher(name: string, subject: string): new () => object {
  @IntegrationPublisher({ name, startFrom: 'origin', maxInFlight: relayInFlight() })
  class Relay {
    @On(Deposited)
    deposited(event: DecodedEvent<typeof Deposited>) {
      return { subject: `${subject}.${event.streamId}`, payload: event.data };
    }
  }
  return Relay;
}

export const relayWorkload: SystemWorkload = {
  async setup(context) {
    const { events, streams, eventsPerAppend } = context.params;
    const plan = catchUpPlan(events!, streams!, eventsPerAppend!);
    const lanes = writersFor(16, streams!);
    const store = openStore(context, lanes);
    try {
      await store.migrate();
      await inFlight(plan.appends, lanes, (j) =>
        store.append(
          streamName(plan.streamOf(j)),
          plan.eventsOf(j).map((data) => ({ type: EVENT_TYPE, data })),
        ),
      );
      await store.client.query('vacuum analyze');
      return {};
    } finally {
      await store.close();
    }
  },
  async measure(context) {
    const { events, batchSize } = context.params;
    const nats = await connectNats();
    const store = openStore(context, 4);
    const suffix = `${context.run}_${randomBytes(4).toString('hex')}`;
    const streamNameJs = `BENCH_RELAY_${suffix}`;
    const subject = `bench.relay.${suffix}`;
    const name = `bench-relay-${suffix}`;
    try {
      const publisher = await NatsPublisher.create({ connection: nats, stream: { name: streamNameJs, subjects: [`${subject}.>`] } });
      const container = new Container();
      container.bind(INTEGRATION_BROKER).toConstantValue(publisher);
      const subscriberStore = new PostgresSubscriberStore(store.client);
      const head = await store.headPosition();
      const app = await createApp({
        store,
        container,
        eventHandlers: [relayPublisher(name, subject)],
        subscriptions: { store: subscriberStore, batchSize: batchSize! },
        logger: silentLogger,
      });
      const started = now();
      await app.start();
      const deadline = started + 180_000;
      while ((await subscriberStore.checkpoints.get(name)) !== head) {
        if (now() > deadline) throw new Error('the relay did not reach the head within 180 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const elapsedMs = now() - started;
      await app.stop();
      context.freezePeakRss();
      const info = await (await jetstreamManager(nats)).streams.info(streamNameJs);
      return { value: perSecond(events!, elapsedMs), expected: events!, stored: info.state.messages };
    } finally {
      await (await jetstreamManager(nats)).streams.delete(streamNameJs).catch(() => false);
      await nats.close();
      await store.close();
    }
  },
};
