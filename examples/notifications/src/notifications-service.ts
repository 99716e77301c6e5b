import { createApp, type App, type Command } from '@factum/core';
import type { EventStore } from '@factum/event-store';
import { ensureStream, NatsCommandConsumer, type InboundMessage } from '@factum/nats';
import { connect } from '@nats-io/transport-node';
import { SendTransferNotice } from './notice-messages';
import { TransferNotice } from './transfer-notice';

export interface NotificationsOptions {
  /** The NATS server(s), e.g. `127.0.0.1:4222`. */
  servers: string;
  /** The bank's stream. Default `BANK_TRANSFERS`. */
  stream?: string;
  /** The bank's subjects: `<prefix>.completed` and `<prefix>.failed`. Default `bank.transfers`. */
  subjectPrefix?: string;
  /** Where refused messages go; a stream `<stream>_DEAD_LETTERS` is created for it. Default `notifications.dead-letters`. */
  deadLetterSubject?: string;
}

export interface NotificationsService {
  app: App;
  stop(): Promise<void>;
}

/** The command a message of the bank asks for. */
export function noticeFor(message: InboundMessage, prefix: string): Command {
  const data = message.data as { transferId: string; reason?: string };
  const outcome = message.subject === `${prefix}.completed` ? 'completed' : 'failed';
  return SendTransferNotice({ transferId: data.transferId, outcome, ...(outcome === 'failed' ? { reason: data.reason } : {}) });
}

/** Starts the service on its own store: the bank's transfer outcomes become notices, each once. */
export async function startNotifications(store: EventStore, options: NotificationsOptions): Promise<NotificationsService> {
  const stream = options.stream ?? 'BANK_TRANSFERS';
  const prefix = options.subjectPrefix ?? 'bank.transfers';
  const deadLetterSubject = options.deadLetterSubject ?? 'notifications.dead-letters';
  const connection = await connect({ servers: options.servers, maxReconnectAttempts: -1 });
  try {
    await ensureStream(connection, { name: `${stream}_DEAD_LETTERS`, subjects: [deadLetterSubject] });
    const app = await createApp({ store, aggregates: [TransferNotice] });
    await app.start();
    const consumer = await NatsCommandConsumer.start({
      connection,
      app,
      stream,
      durable: 'notifications',
      filterSubject: `${prefix}.*`,
      toCommand: (message) => noticeFor(message, prefix),
      deadLetterSubject,
    });
    return {
      app,
      async stop() {
        await consumer.stop();
        await app.stop();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
