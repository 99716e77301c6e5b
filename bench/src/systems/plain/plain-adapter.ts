/**
 * The plain JetStream peer of the relay workload: a bare `@nats-io/jetstream` client, no framework,
 * publishing the same messages (same subjects, JSON payloads and a message id each) with the same
 * bound on unacknowledged publishes as the Factum relay, and timing from the first publish to the
 * last acknowledgement. It reads nothing from a log and writes no checkpoint, so it is what the
 * client, the server and the machine allow: the ceiling the relay is measured against.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes, randomUUID } from 'node:crypto';
import { inFlight, now } from '../../harness/concurrency.js';
import { perSecond } from '../../harness/stats.js';
import { catchUpPlan, streamName } from '../../workloads/event-shapes.js';
import { relayInFlight } from '../../workloads/relay-in-flight.js';
import { UnavailableError, type SystemAdapter } from '../../workloads/types.js';

const NATS_URL = process.env.NATS_URL ?? '127.0.0.1:4222';

async function connectNats(): Promise<NatsConnection> {
  try {
    return await connect({ servers: NATS_URL });
  } catch (error) {
    throw new UnavailableError(`no NATS server at ${NATS_URL} (${(error as Error).message}); set NATS_URL`);
  }
}

export const plainAdapter: SystemAdapter = {
  name: 'plain',
  workloads: {
    relay: {
      async measure(context) {
        const { events, streams, eventsPerAppend } = context.params;
        const plan = catchUpPlan(events!, streams!, eventsPerAppend!);
        const suffix = `${context.run}_${randomBytes(4).toString('hex')}`;
        const stream = `BENCH_PLAIN_${suffix}`;
        const subject = `bench.plain.${suffix}`;
        const messages: { subject: string; body: string; id: string }[] = [];
        for (let j = 0; j < plan.appends; j++) {
          const to = `${subject}.${streamName(plan.streamOf(j))}`;
          for (const data of plan.eventsOf(j)) messages.push({ subject: to, body: JSON.stringify(data), id: randomUUID() });
        }
        const nats = await connectNats();
        const manager = await jetstreamManager(nats);
        try {
          await manager.streams.add({ name: stream, subjects: [`${subject}.>`] });
          const js = jetstream(nats);
          const started = now();
          await inFlight(messages.length, relayInFlight(), async (i) => {
            const message = messages[i]!;
            await js.publish(message.subject, message.body, { msgID: message.id });
          });
          const elapsedMs = now() - started;
          context.freezePeakRss();
          const info = await manager.streams.info(stream);
          return { value: perSecond(messages.length, elapsedMs), expected: messages.length, stored: info.state.messages };
        } finally {
          await manager.streams.delete(stream).catch(() => false);
          await nats.close();
        }
      },
    },
  },
};
