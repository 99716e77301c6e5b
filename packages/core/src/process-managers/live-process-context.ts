import { FactumError } from '@factum/event-store';
import { deterministicId } from '../commands/deterministic-id';
import type { DispatchOptions, DispatchResult, UserMetadata } from '../commands/dispatch-options';
import type { DecodedEvent } from '../messages/decode-event';
import type { AnyEventDefinition, Command } from '../messages/message';
import type { ProcessContext } from './process-context';

export type Dispatch = (command: Command, options: DispatchOptions) => Promise<DispatchResult>;

/** The id of the `index`-th command dispatched while `processName` handled event `eventId`. */
export function processCommandId(processName: string, eventId: string, index: number): string {
  return deterministicId('factum/process-command', processName, eventId, String(index));
}

/** The context of one handler call; dispatching after the handler returned is refused. */
export class LiveProcessContext<State> implements ProcessContext<State> {
  private dispatched = 0;
  private open = true;
  ended = false;
  /** When the process manager got the event: with `dispatchedAt`, a trace splits the hop into receive and process. */
  private readonly receivedAt = new Date().toISOString();
  /** Commands of this handler call that were refused: named on the commands sent after them, so the log shows the attempt. */
  private readonly refused: Array<{ type: string; code: string }> = [];

  constructor(
    readonly processName: string,
    readonly key: string,
    public state: State | undefined,
    private readonly event: DecodedEvent<AnyEventDefinition>,
    private readonly send: Dispatch,
  ) {}

  end(): void {
    this.ended = true;
  }

  dispatch(command: Command, options: { metadata?: UserMetadata } = {}): Promise<DispatchResult> {
    if (!this.open) {
      return Promise.reject(
        new FactumError(
          'PROCESS_CONTEXT_CLOSED',
          `Process manager '${this.processName}' dispatched after its handler returned; await every ctx.dispatch(...) inside the handler.`,
        ),
      );
    }
    const index = this.dispatched++;
    const sent = this.send(command, {
      commandId: processCommandId(this.processName, this.event.eventId, index),
      causationId: this.event.eventId,
      correlationId: this.event.correlationId ?? this.event.eventId,
      metadata: {
        ...options.metadata,
        processManager: this.processName,
        processKey: this.key,
        receivedAt: this.receivedAt,
        dispatchedAt: new Date().toISOString(),
        ...(this.refused.length > 0 ? { refusedCommands: [...this.refused] } : {}),
      },
    });
    return sent.catch((error: unknown) => {
      this.refused.push({ type: command.type, code: error instanceof FactumError ? error.code : error instanceof Error ? error.name : 'Error' });
      throw error;
    });
  }

  close(): void {
    this.open = false;
  }
}
