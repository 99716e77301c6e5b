import { INTEGRATION_BROKER, type SubscriberClass } from '@factum/core';
import { NatsPublisher } from '@factum/nats';
import { connect } from '@nats-io/transport-node';
import { Container } from 'inversify';
import { TRANSFER_SUBJECT_PREFIX, transfersToNats } from './transfers-to-nats';

/** Where the bank publishes transfer outcomes, when it does (`NATS_URL`). */
export interface TransferRelayOptions {
  /** The NATS server(s), e.g. `127.0.0.1:4222`. */
  servers: string;
  /** The JetStream stream, created when missing. Default `BANK_TRANSFERS`. */
  stream?: string;
  /** Default `bank.transfers`: the stream takes `bank.transfers.*`. */
  subjectPrefix?: string;
}

export interface TransferRelay {
  /** Holds the broker: pass it to `createApp`. */
  container: Container;
  eventHandlers: SubscriberClass[];
  close(): Promise<void>;
}

/** Connects to NATS, ensures the stream, and gives what the app needs to publish transfer outcomes. */
export async function openTransferRelay(options: TransferRelayOptions): Promise<TransferRelay> {
  const prefix = options.subjectPrefix ?? TRANSFER_SUBJECT_PREFIX;
  const connection = await connect({ servers: options.servers, maxReconnectAttempts: -1 });
  try {
    const publisher = await NatsPublisher.create({ connection, stream: { name: options.stream ?? 'BANK_TRANSFERS', subjects: [`${prefix}.*`] } });
    const container = new Container();
    container.bind(INTEGRATION_BROKER).toConstantValue(publisher);
    return { container, eventHandlers: [transfersToNats(prefix)], close: () => connection.close() };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
