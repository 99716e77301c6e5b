import type { Command } from '../messages/message';
import type { DispatchResult, UserMetadata } from '../commands/dispatch-options';

/** What a process manager's `@On` method gets besides the event: its instance, and a way to act. */
export interface ProcessContext<State = unknown> {
  readonly processName: string;
  /** The instance's correlation key. */
  readonly key: string;
  /**
   * The instance's state: `undefined` for a new instance. Assign (or change) it; it is saved with
   * the checkpoint when the handler returns, and must be JSON.
   */
  state: State | undefined;
  /** Ends the instance once this handler returns: its state is deleted. */
  end(): void;
  /**
   * Dispatches a command caused by this event: its causation id is the event's id, its
   * correlation id the event's, and its command id is derived from (process name, event id, the
   * number of this dispatch within the handler), so a re-delivered event does not execute it
   * twice. Resolves (or rejects) as `app.dispatch` does; an already handled command resolves with
   * `alreadyHandled: true`.
   */
  dispatch(command: Command, options?: { metadata?: UserMetadata }): Promise<DispatchResult>;
}
