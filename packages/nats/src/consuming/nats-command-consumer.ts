import { deterministicId, INTEGRATION_HEADERS, isRefusal, stderrLogger, type App, type Command, type Logger } from '@factum/core';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import { context, propagation } from '@opentelemetry/api';
import { NatsConfigurationError } from '../errors/nats-configuration-error';
import { isSubject } from '../streams/ensure-stream';
import { DEAD_LETTER_HEADERS } from './dead-letter-headers';
import type { InboundMessage } from './inbound-message';
import { InboundMessageError } from './inbound-message-error';

export interface NatsCommandConsumerOptions {
  /** An open connection; yours to close. */
  connection: NatsConnection;
  /** Where commands go: the app's `dispatch` (idempotent by command id). */
  app: Pick<App, 'dispatch'> & Partial<Pick<App, 'logger'>>;
  /** The JetStream stream to consume. */
  stream: string;
  /** The durable consumer's name: its position in the stream outlives this process. Created when missing. */
  durable: string;
  /** Only messages on this subject (wildcards allowed); default: every message of the stream. Used when the consumer is created. */
  filterSubject?: string;
  /**
   * The command a message asks for, or `null` to acknowledge it and do nothing. Throwing (or a
   * command its schema or aggregate refuses) sends the message to `deadLetterSubject`.
   */
  toCommand(message: InboundMessage): Command | null | Promise<Command | null>;
  /** Where refused messages are published, with why (`DEAD_LETTER_HEADERS`); a stream must store this subject. */
  deadLetterSubject: string;
  /** How long the server waits for an acknowledgement before delivering a message again. Default 30,000 ms. Used when the consumer is created. */
  ackWaitMs?: number;
  /** After a failure that is not a refusal (the store is down), the message is delivered again after this long. Default 1,000 ms. */
  retryDelayMs?: number;
  logger?: Logger;
}

/**
 * A durable JetStream consumer that turns messages into commands. Each message's command gets an
 * id derived from the message id, so a message delivered twice (a redelivery, or a copy published
 * again) executes its command once: the second dispatch finds the command id handled and appends
 * nothing. A message is acknowledged only after its command's events are stored; a refused
 * command's message goes to the dead-letter subject and is acknowledged; any other failure
 * leaves it to be delivered again after `retryDelayMs`. Messages are handled one at a time, in
 * the order the consumer delivers them.
 */
export class NatsCommandConsumer {
  private readonly js: JetStreamClient;
  private readonly logger: Logger;
  private readonly retryDelayMs: number;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;

  private constructor(private readonly options: NatsCommandConsumerOptions) {
    this.js = jetstream(options.connection);
    this.logger = options.logger ?? options.app.logger ?? stderrLogger;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
  }

  /** Checks the options, creates the durable consumer when missing, and starts consuming. */
  static async start(options: NatsCommandConsumerOptions): Promise<NatsCommandConsumer> {
    checkOptions(options);
    const consumer = new NatsCommandConsumer(options);
    await consumer.prepare();
    consumer.loop = consumer.consume();
    return consumer;
  }

  /** Stops taking messages and waits for the one being handled. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
  }

  private async prepare(): Promise<void> {
    const { connection, stream, durable, filterSubject, deadLetterSubject, ackWaitMs } = this.options;
    const manager = await jetstreamManager(connection);
    try {
      await manager.streams.find(deadLetterSubject);
    } catch (error) {
      throw new NatsConfigurationError(
        `No JetStream stream stores the dead-letter subject '${deadLetterSubject}': create one (ensureStream) so refused messages are kept.`,
        { cause: error },
      );
    }
    try {
      await manager.consumers.info(stream, durable);
    } catch (error) {
      if (!(error instanceof JetStreamApiError)) throw error;
      if (error.code === JetStreamApiCodes.StreamNotFound) throw new NatsConfigurationError(`JetStream stream '${stream}' does not exist.`, { cause: error });
      if (error.code !== JetStreamApiCodes.ConsumerNotFound) throw error;
      await manager.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ackWaitMs ?? 30_000),
        ...(filterSubject ? { filter_subject: filterSubject } : {}),
      });
    }
  }

  private async consume(): Promise<void> {
    const consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    while (!this.stopping) {
      try {
        this.messages = await consumer.consume({ max_messages: 100 });
        if (this.stopping) await this.messages.close();
        for await (const message of this.messages) {
          await this.handle(message);
          if (this.stopping) break;
        }
      } catch (error) {
        if (this.stopping) break;
        this.logger.warn?.({ err: error, consumer: this.options.durable }, 'consuming from JetStream failed; starting again');
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const inbound = toInbound(message);
    let command: Command | null;
    try {
      command = await this.options.toCommand(inbound);
    } catch (error) {
      return this.deadLetter(
        message,
        inbound,
        new InboundMessageError(`toCommand refused message ${inbound.id}: ${(error as Error)?.message ?? String(error)}`, { cause: error }),
      );
    }
    if (command !== null) {
      try {
        // The message's trace context (`traceparent`) is the command's parent: one trace across services.
        const parent = propagation.extract(context.active(), inbound.headers);
        await context.with(parent, () =>
          this.options.app.dispatch(command, {
            commandId: deterministicId('nats-message', inbound.id),
            correlationId: inbound.headers[INTEGRATION_HEADERS.correlationId] ?? inbound.id,
            causationId: inbound.headers[INTEGRATION_HEADERS.eventId] ?? inbound.id,
          }),
        );
      } catch (error) {
        if (isRefusal(error)) return this.deadLetter(message, inbound, error);
        this.logger.warn?.({ err: error, consumer: this.options.durable, messageId: inbound.id }, 'a command from NATS failed; it will be delivered again');
        message.nak(this.retryDelayMs);
        return;
      }
    }
    // Lost acknowledgements mean a redelivery, which the command id makes harmless.
    message.ack();
  }

  private async deadLetter(message: JsMsg, inbound: InboundMessage, error: unknown): Promise<void> {
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(inbound.headers)) if (!key.toLowerCase().startsWith('nats-')) headers.set(key, value);
    const code = (error as { code?: unknown })?.code;
    headers.set(DEAD_LETTER_HEADERS.errorCode, typeof code === 'string' ? code : 'UNKNOWN');
    headers.set(DEAD_LETTER_HEADERS.errorMessage, oneLine((error as Error)?.message ?? String(error)));
    headers.set(DEAD_LETTER_HEADERS.sourceSubject, inbound.subject);
    headers.set(DEAD_LETTER_HEADERS.sourceStream, inbound.stream);
    headers.set(DEAD_LETTER_HEADERS.sourceSequence, String(inbound.sequence));
    headers.set(DEAD_LETTER_HEADERS.sourceMessageId, inbound.id);
    try {
      await this.js.publish(this.options.deadLetterSubject, message.data, { msgID: `dead-letter:${inbound.id}`, headers });
    } catch (publishError) {
      this.logger.warn?.(
        { err: publishError, consumer: this.options.durable, messageId: inbound.id },
        'dead-lettering a refused message failed; it will be delivered again',
      );
      message.nak(this.retryDelayMs);
      return;
    }
    this.logger.warn?.({ err: error, consumer: this.options.durable, messageId: inbound.id }, `a refused message went to ${this.options.deadLetterSubject}`);
    // Acknowledged, not terminated: the message is done with (kept on the dead-letter subject), and
    // servers before 2.10 ignore a termination that gives a reason.
    message.ack();
  }
}

function toInbound(message: JsMsg): InboundMessage {
  const headers: Record<string, string> = {};
  if (message.headers) for (const [key, values] of message.headers) if (values[0] !== undefined) headers[key] = values[0];
  const stream = message.info.stream;
  const sequence = message.info.streamSequence;
  const id = message.headers?.get('Nats-Msg-Id') || `${stream}:${sequence}`;
  let data: unknown;
  try {
    data = message.data.length === 0 ? null : message.json<unknown>();
  } catch {
    data = undefined;
  }
  return { id, subject: message.subject, data, headers, stream, sequence, deliveryCount: message.info.deliveryCount };
}

/** Header values are one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 1_000);
}

function checkOptions(options: NatsCommandConsumerOptions): void {
  const where = 'NatsCommandConsumer.start';
  if (typeof options?.connection?.publish !== 'function') throw new NatsConfigurationError(`${where} needs { connection }: an open NatsConnection.`);
  if (typeof options.app?.dispatch !== 'function') throw new NatsConfigurationError(`${where} needs { app }: the Factum app whose dispatch runs the commands.`);
  if (typeof options.stream !== 'string' || !/^[A-Za-z0-9_-]+$/.test(options.stream))
    throw new NatsConfigurationError(`${where}: stream ${JSON.stringify(options.stream)} is not a stream name.`);
  if (typeof options.durable !== 'string' || !/^[A-Za-z0-9_-]+$/.test(options.durable))
    throw new NatsConfigurationError(`${where}: durable ${JSON.stringify(options.durable)} is not a consumer name (letters, digits, '-' and '_').`);
  if (typeof options.toCommand !== 'function') throw new NatsConfigurationError(`${where} needs toCommand(message): the command a message asks for.`);
  if (!isSubject(options.deadLetterSubject))
    throw new NatsConfigurationError(`${where} needs deadLetterSubject: a subject such as 'notifications.dead-letters'.`);
  if (options.filterSubject !== undefined && !isSubject(options.filterSubject))
    throw new NatsConfigurationError(`${where}: filterSubject ${JSON.stringify(options.filterSubject)} is not a subject.`);
  for (const key of ['ackWaitMs', 'retryDelayMs'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      throw new NatsConfigurationError(`${where}: ${key} is ${String(value)}; use a whole number of milliseconds of at least 1.`);
  }
}
