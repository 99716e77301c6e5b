// Compiled by `npm run typecheck` and run by the core tests, so docs/integration.md stays true.
import type { IntegrationBroker, IntegrationMessage } from '@factum/core';

/**
 * A broker adapter that keeps messages in memory: the contract in a dozen lines, as a start for a
 * broker of your own (or a stand-in in tests). It acknowledges a copy without storing it again,
 * and refuses a message whose predecessor in its chain it does not hold last, so it never holds a gap.
 */
export class InMemoryBroker implements IntegrationBroker {
  readonly messages: IntegrationMessage[] = [];
  private readonly ids = new Set<string>();
  /** Per chain (a publisher, or each partition of one), the id of the last message held. */
  private readonly last = new Map<string, string>();

  async publish(message: IntegrationMessage): Promise<void> {
    if (this.ids.has(message.id)) return;
    if (message.previousId !== null && this.last.get(message.chain) !== message.previousId) {
      throw new Error(`message ${message.id} follows ${message.previousId}, which is not the last message held of ${message.chain}`);
    }
    this.ids.add(message.id);
    this.last.set(message.chain, message.id);
    this.messages.push(message);
  }
}
