/** A JetStream message as `toCommand` sees it. */
export interface InboundMessage {
  /** Its `Nats-Msg-Id` when it has one, else `<stream>:<sequence>`: what the command id is derived from. */
  readonly id: string;
  readonly subject: string;
  /** The payload parsed as JSON. */
  readonly data: unknown;
  /** Its headers (the first value of each). */
  readonly headers: Readonly<Record<string, string>>;
  readonly stream: string;
  /** Its sequence in the stream. */
  readonly sequence: number;
  /** 1 on the first delivery, more on redeliveries. */
  readonly deliveryCount: number;
}
