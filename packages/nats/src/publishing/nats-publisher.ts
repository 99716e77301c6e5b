import type { IntegrationBroker, IntegrationMessage } from '@factum/core';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsConfigurationError } from '../errors/nats-configuration-error';
import { ensureStream } from '../streams/ensure-stream';
import type { StreamSettings } from '../streams/stream-settings';
import { AckInbox } from './ack-inbox';
import { ChainedRun } from './chained-run';
import { outgoingHeaders } from './outgoing-headers';
import { PerStreamRun } from './per-stream-run';
import { notSent, type PublishRun, type SendMessage } from './publish-run';

export interface NatsPublisherOptions {
  /** An open connection; yours to close. Give it `maxReconnectAttempts: -1` so a relay rides out outages. */
  connection: NatsConnection;
  /** The stream the messages land in: created when missing, checked otherwise (see `ensureStream`). Omit it to use a stream you manage. */
  stream?: StreamSettings;
  /** How long to wait for each publish acknowledgement before failing it (and starting over from the checkpoint). Default 5,000 ms. */
  ackTimeoutMs?: number;
}

/**
 * The JetStream broker for `@IntegrationPublisher`: publishes each message with its id as
 * `Nats-Msg-Id` (the server drops a copy published again within the stream's duplicate window)
 * and resolves on the server's acknowledgement.
 *
 * Order without gaps, per chain of messages (the publisher, or each of its partitions): an
 * unpartitioned publisher's messages each name the one before (`ChainedRun`), and must be the
 * only ones its stream takes; a partition's messages wait for the one before of the same event
 * stream (`PerStreamRun`), so partitions may share a stream.
 */
export class NatsPublisher implements IntegrationBroker {
  private readonly acks: AckInbox;
  private readonly runs = new Map<string, PublishRun>();
  private closed: string | null = null;
  private readonly sendMessage: SendMessage = (message, expectedLastId) => this.send(message, expectedLastId);

  private constructor(options: NatsPublisherOptions) {
    this.acks = new AckInbox(options.connection, options.ackTimeoutMs ?? 5_000);
  }

  /** Checks the options and ensures the stream when one is given. */
  static async create(options: NatsPublisherOptions): Promise<NatsPublisher> {
    if (typeof options?.connection?.publish !== 'function') {
      throw new NatsConfigurationError('NatsPublisher.create needs { connection }: an open NatsConnection from connect() of @nats-io/transport-node.');
    }
    const timeout = options.ackTimeoutMs;
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1)) {
      throw new NatsConfigurationError(`NatsPublisher ackTimeoutMs is ${String(timeout)}; use a whole number of milliseconds of at least 1.`);
    }
    if (options.stream) await ensureStream(options.connection, options.stream);
    return new NatsPublisher(options);
  }

  publish(message: IntegrationMessage): Promise<void> {
    if (this.closed !== null) return Promise.reject(notSent(message, this.closed));
    let run = this.runs.get(message.chain);
    if (message.previousId === null || run === undefined) {
      // A new run from the checkpoint: what the abandoned one still has queued is not sent.
      run?.end('a new run began from the checkpoint');
      run = message.partition === null ? new ChainedRun(this.sendMessage) : new PerStreamRun(this.sendMessage);
      this.runs.set(message.chain, run);
    }
    return run.publish(message);
  }

  /** Stops waiting for acknowledgements (those still awaited fail). The connection stays open: it is yours. */
  close(): void {
    this.closed ??= 'the publisher was closed';
    for (const run of this.runs.values()) run.end(this.closed);
    this.acks.close();
  }

  private send(message: IntegrationMessage, expectedLastId: string | null): Promise<{ duplicate: boolean }> {
    return this.acks.publish(message.subject, message.body, outgoingHeaders(message.headers, message.id, expectedLastId));
  }
}
