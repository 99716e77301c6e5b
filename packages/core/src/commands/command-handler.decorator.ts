import type { AggregateRoot } from '../aggregates/aggregate-root';
import { declareCommandHandler } from '../aggregates/aggregate-metadata';
import type { AnyCommandDefinition, CommandOf } from '../messages/message';
import type { CommandContext } from './dispatch-options';

export interface CommandHandlerOptions<Data> {
  /** The id of the aggregate instance the command is for; its stream is `<category>-<id>`. */
  id: (command: Data) => string;
}

/**
 * Marks the aggregate method that decides a command: it checks the current state and either
 * emits events or throws a `DomainError`. Its parameters are the command's (validated) data and
 * the command's context (ids, metadata). Each command type has exactly one handler in an app.
 */
export function CommandHandler<Definition extends AnyCommandDefinition>(
  command: Definition,
  options: CommandHandlerOptions<CommandOf<Definition>>,
): <Method extends (command: CommandOf<Definition>, context: CommandContext) => void | Promise<void>>(
  target: AggregateRoot,
  method: string | symbol,
  descriptor: TypedPropertyDescriptor<Method>,
) => void {
  return (target, method) => {
    const isStatic = typeof target === 'function';
    declareCommandHandler(isStatic ? target : target.constructor, { command, method, id: options?.id, isStatic });
  };
}
