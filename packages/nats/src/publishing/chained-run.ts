import type { IntegrationMessage } from '@factum/core';
import { notSent, type PublishRun, type SendMessage } from './publish-run';

/**
 * A run of an unpartitioned publisher, the only one writing to its JetStream stream: each message
 * names the one before it (`Nats-Expected-Last-Msg-Id`), so a message lost when the connection
 * drops fails the ones after it rather than letting them be stored ahead of it. The server knows
 * the last message id only from messages it stored, so the run begins by publishing one message
 * at a time, each after the last is acknowledged, until the server stores one (rather than drop
 * it as a copy); from then on messages are pipelined.
 */
export class ChainedRun implements PublishRun {
  /** Whether the server has stored a message of this run: from then on, its last message id is this run's. */
  private stored = false;
  private ended: string | null = null;
  /** Messages waiting for their turn, before the run has stored one. */
  private queued = 0;
  /** Resolves when the last queued message may be followed: once it is acknowledged, or sent when the run has stored one. */
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly sendMessage: SendMessage) {}

  end(why: string): void {
    this.ended ??= why;
  }

  publish(message: IntegrationMessage): Promise<void> {
    if (this.ended !== null) return Promise.reject(notSent(message, this.ended));
    if (this.stored && this.queued === 0) return this.send(message, message.previousId);
    // Until the server has stored a message of this run, its last message id may be one the chain
    // cannot name (after a restart of the relay or of the server): one at a time, no expectation.
    // Once it has, the messages still queued go out pipelined, each naming its predecessor.
    this.queued++;
    const turn = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    const next = (): void => {
      this.queued--;
      release();
    };
    return turn.then(async () => {
      if (this.ended !== null) {
        next();
        throw notSent(message, this.ended);
      }
      if (this.stored) {
        const sent = this.send(message, message.previousId);
        next();
        return sent;
      }
      try {
        await this.send(message, null);
      } finally {
        next();
      }
    });
  }

  private async send(message: IntegrationMessage, expectedLastId: string | null): Promise<void> {
    try {
      const ack = await this.sendMessage(message, expectedLastId);
      if (!ack.duplicate) this.stored = true;
    } catch (error) {
      this.ended ??= `message ${message.id} failed`;
      throw error;
    }
  }
}
