import type { IntegrationBroker, IntegrationMessage } from '@factum/core';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { NatsConfigurationError } from '../errors/nats-configuration-error';
import { PublishRefusedError } from '../errors/publish-refused-error';
import { ensureStream } from '../streams/ensure-stream';
import type { StreamSettings } from '../streams/stream-settings';
import { AckInbox } from './ack-inbox';

export interface NatsPublisherOptions {
  /** An open connection; yours to close. Give it `maxReconnectAttempts: -1` so a relay rides out outages. */
  connection: NatsConnection;
  /** The stream the messages land in: created when missing, checked otherwise (see `ensureStream`). Omit it to use a stream you manage. */
  stream?: StreamSettings;
  /** How long to wait for each publish acknowledgement before failing it (and starting over from the checkpoint). Default 5,000 ms. */
  ackTimeoutMs?: number;
}

/** One run of the publisher: the messages since `previousId` was last `null`. */
interface Run {
  /** Whether the server has stored a message of this run: from then on, its last message id is this run's. */
  stored: boolean;
  /** Why nothing more is sent in this run (a message failed, or a new run began), or `null`. */
  ended: string | null;
  /** Messages waiting for their turn, before the run has stored one. */
  queued: number;
  /** Resolves when the last queued message may be followed: once it is acknowledged, or sent when the run has stored one. */
  tail: Promise<void>;
}

/**
 * The JetStream broker for `@IntegrationPublisher`: publishes each message with its id as
 * `Nats-Msg-Id` (the server drops a copy published again within the stream's duplicate window)
 * and resolves on the server's acknowledgement.
 *
 * Order without gaps: each message names the one before it (`Nats-Expected-Last-Msg-Id`), so a
 * message lost when the connection drops fails the ones after it rather than letting them be
 * stored ahead of it. The server knows the last message id only from messages it stored, so a
 * run begins by publishing one message at a time, each after the last is acknowledged, until
 * the server stores one (rather than drop it as a copy); from then on messages are pipelined.
 * The stream must take messages from this publisher only.
 */
export class NatsPublisher implements IntegrationBroker {
  private readonly acks: AckInbox;
  private run: Run = newRun();

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
    if (message.previousId === null) {
      // A new run from the checkpoint: what the abandoned one still has queued is not sent.
      this.run.ended ??= 'a new run began from the checkpoint';
      this.run = newRun();
    }
    const run = this.run;
    if (run.ended !== null) return Promise.reject(notSent(message, run.ended));
    if (run.stored && run.queued === 0) return this.send(run, message, message.previousId);
    // Until the server has stored a message of this run, its last message id may be one the chain
    // cannot name (after a restart of the relay or of the server): one at a time, no expectation.
    // Once it has, the messages still queued go out pipelined, each naming its predecessor.
    run.queued++;
    const turn = run.tail;
    let release!: () => void;
    run.tail = new Promise<void>((resolve) => (release = resolve));
    const next = (): void => {
      run.queued--;
      release();
    };
    return turn.then(async () => {
      if (run.ended !== null) {
        next();
        throw notSent(message, run.ended);
      }
      if (run.stored) {
        const sent = this.send(run, message, message.previousId);
        next();
        return sent;
      }
      try {
        await this.send(run, message, null);
      } finally {
        next();
      }
    });
  }

  /** Stops waiting for acknowledgements (those still awaited fail). The connection stays open: it is yours. */
  close(): void {
    this.run.ended ??= 'the publisher was closed';
    this.acks.close();
  }

  private async send(run: Run, message: IntegrationMessage, previousId: string | null): Promise<void> {
    const headers = natsHeaders();
    // `append`, not `set`: the keys are distinct, and `set` searches the headers twice per key.
    for (const key in message.headers) headers.append(key, message.headers[key]!);
    headers.set('Nats-Msg-Id', message.id);
    if (previousId !== null) headers.set('Nats-Expected-Last-Msg-Id', previousId);
    try {
      const ack = await this.acks.publish(message.subject, message.body, headers);
      if (!ack.duplicate) run.stored = true;
    } catch (error) {
      run.ended ??= `message ${message.id} failed`;
      throw error;
    }
  }
}

function newRun(): Run {
  return { stored: false, ended: null, queued: 0, tail: Promise.resolve() };
}

function notSent(message: IntegrationMessage, why: string): PublishRefusedError {
  return new PublishRefusedError(`message ${message.id} was not sent: ${why}; it is published again from the checkpoint`);
}
