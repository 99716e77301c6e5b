import type { IntegrationMessage } from '@factum/core';
import { PublishRefusedError } from '../errors/publish-refused-error';

/** Sends one message to JetStream (naming `expectedLastId` as the stream's last message id, when given) and resolves with its acknowledgement. */
export type SendMessage = (message: IntegrationMessage, expectedLastId: string | null) => Promise<{ duplicate: boolean }>;

/** The messages of one chain since its `previousId` was last `null`: what a failure ends. */
export interface PublishRun {
  publish(message: IntegrationMessage): Promise<void>;
  /** Nothing more is sent in this run; messages still waiting for their turn fail with `why`. */
  end(why: string): void;
}

export function notSent(message: IntegrationMessage, why: string): PublishRefusedError {
  return new PublishRefusedError(`message ${message.id} was not sent: ${why}; it is published again from the checkpoint`);
}
