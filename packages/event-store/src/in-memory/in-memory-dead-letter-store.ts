import type { DeadLetter, DeadLetterStore, NewDeadLetter } from '../contract/dead-letter-store';
import { checkIdentifier } from '../validation/identifier';
import { checkDeadLetter } from '../validation/subscriber-input';

export class InMemoryDeadLetterStore implements DeadLetterStore {
  private readonly letters = new Map<string, DeadLetter>();
  private sequence = 0;
  private readonly order = new Map<string, number>();

  async add(input: NewDeadLetter): Promise<void> {
    const letter = checkDeadLetter(input);
    const id = this.id(letter.subscriber, letter.eventId);
    this.letters.set(id, Object.freeze({ ...letter, error: Object.freeze({ ...letter.error }), failedAt: new Date() }));
    this.order.set(id, this.sequence++);
  }

  async list(subscriber?: string): Promise<DeadLetter[]> {
    if (subscriber !== undefined) checkIdentifier(subscriber, 'subscriber');
    return [...this.letters.entries()]
      .filter(([, letter]) => subscriber === undefined || letter.subscriber === subscriber)
      .sort(([a], [b]) => this.order.get(a)! - this.order.get(b)!)
      .map(([, letter]) => letter);
  }

  async delete(subscriber: string, eventId: string): Promise<boolean> {
    const id = this.id(subscriber, eventId);
    this.order.delete(id);
    return this.letters.delete(id);
  }

  private id(subscriber: string, eventId: string): string {
    return `${checkIdentifier(subscriber, 'subscriber')}\u0000${checkIdentifier(eventId, 'eventId')}`;
  }
}
