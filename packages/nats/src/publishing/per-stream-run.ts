import type { IntegrationMessage } from '@factum/core';
import { notSent, type PublishRun, type SendMessage } from './publish-run';

/**
 * A run of one partition of a partitioned publisher. Its partitions publish to the same JetStream
 * stream at once, from any process, so the stream's last message id belongs to whichever stored
 * last and cannot chain one partition's messages. Order is kept per event stream instead: a
 * message is sent only once the one before it of the same event stream is acknowledged (stored,
 * or dropped as a copy of a stored one), so no message is ever stored ahead of an earlier one of
 * its stream, whatever is lost in transit. Messages of different event streams are pipelined.
 */
export class PerStreamRun implements PublishRun {
  private ended: string | null = null;
  /** Per event stream, its last message of this run: the next one of the stream waits for it. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly sendMessage: SendMessage) {}

  end(why: string): void {
    this.ended ??= why;
  }

  publish(message: IntegrationMessage): Promise<void> {
    if (this.ended !== null) return Promise.reject(notSent(message, this.ended));
    const before = this.tails.get(message.streamId);
    const sent = before === undefined ? this.send(message) : before.then(() => this.send(message));
    // The next message of the stream waits for this one's acknowledgement; a failure ends the run.
    const tail = sent.then(
      () => {
        if (this.tails.get(message.streamId) === tail) this.tails.delete(message.streamId);
      },
      () => undefined,
    );
    this.tails.set(message.streamId, tail);
    return sent;
  }

  private async send(message: IntegrationMessage): Promise<void> {
    if (this.ended !== null) throw notSent(message, this.ended);
    try {
      await this.sendMessage(message, null);
    } catch (error) {
      this.ended ??= `message ${message.id} failed`;
      throw error;
    }
  }
}
