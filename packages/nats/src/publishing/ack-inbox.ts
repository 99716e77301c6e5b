import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { PublishRefusedError } from '../errors/publish-refused-error';

interface Pending {
  resolve(ack: { duplicate: boolean }): void;
  reject(error: Error): void;
  deadline: number;
}

interface PubAckResponse {
  seq?: number;
  duplicate?: boolean;
  error?: { code?: number; err_code?: number; description?: string };
}

/**
 * Publishes to JetStream with one reply subscription for every acknowledgement (`<inbox>.<n>`)
 * and one timer for every timeout, instead of a request (with its own timer and error objects)
 * per message: at thousands of messages a second, that bookkeeping was most of the client's work.
 * Messages given in one turn of the event loop are written together, in order, at its end: one
 * socket write for a batch rather than one per message.
 */
export class AckInbox {
  private readonly prefix = createInbox();
  private readonly pending = new Map<number, Pending>();
  private readonly subscription: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private next = 0;
  private readonly decoder = new TextDecoder();
  private outgoing: { id: number; subject: string; body: Uint8Array; headers: MsgHdrs }[] = [];
  private scheduled = false;

  constructor(
    private readonly connection: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    this.subscription = connection.subscribe(`${this.prefix}.*`, { callback: (error, message) => (error ? this.failAll(error) : this.receive(message)) });
    this.sweeper = setInterval(() => this.sweep(), Math.max(10, Math.min(250, timeoutMs / 4)));
    this.sweeper.unref();
  }

  /** Resolves with the server's acknowledgement; rejects with `PublishRefusedError` when it refuses or does not answer in time. */
  publish(subject: string, body: Uint8Array, headers: MsgHdrs): Promise<{ duplicate: boolean }> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      // Deadlines grow with ids, so the sweep stops at the first one not yet due.
      this.pending.set(id, { resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.outgoing.push({ id, subject, body, headers });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.write());
      }
    });
  }

  private write(): void {
    this.scheduled = false;
    const outgoing = this.outgoing;
    this.outgoing = [];
    for (const { id, subject, body, headers } of outgoing) {
      const pending = this.pending.get(id);
      if (!pending) continue;
      try {
        this.connection.publish(subject, body, { reply: `${this.prefix}.${id}`, headers });
      } catch (error) {
        this.pending.delete(id);
        pending.reject(error as Error);
      }
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.subscription.unsubscribe();
    this.failAll(new PublishRefusedError('the publisher was closed before the acknowledgement came'));
  }

  private receive(message: Msg): void {
    const id = Number(message.subject.slice(this.prefix.length + 1));
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (message.data.length === 0) {
      const code = message.headers?.code;
      return pending.reject(
        new PublishRefusedError(code === 503 ? `no JetStream stream takes the subject` : `empty acknowledgement (status ${code ?? 'none'})`),
      );
    }
    let response: PubAckResponse;
    try {
      response = JSON.parse(this.decoder.decode(message.data)) as PubAckResponse;
    } catch {
      return pending.reject(new PublishRefusedError('the acknowledgement was not JSON'));
    }
    if (response.error) return pending.reject(new PublishRefusedError(response.error.description ?? 'refused by JetStream', response.error.err_code));
    pending.resolve({ duplicate: response.duplicate === true });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, pending] of this.pending) {
      if (pending.deadline > now) return;
      this.pending.delete(id);
      pending.reject(new PublishRefusedError(`no acknowledgement within ${this.timeoutMs} ms`));
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
