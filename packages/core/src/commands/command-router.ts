import { describeValue, identifierProblem, MAX_IDENTIFIER_BYTES, streamIdFor } from '@factum/event-store';
import type { AggregateModel, CommandRoute } from '../aggregates/aggregate-model';
import { declaredHandlerHint } from '../aggregates/aggregate-metadata';
import { ConfigurationError } from '../errors/configuration-error';
import { UnknownCommandError } from '../errors/unknown-command-error';
import { ValidationError } from '../errors/validation-error';
import type { MessageRegistry } from '../messages/message-registry';

/**
 * Maps each command type to its one handler. Built once with the app: a command type claimed by
 * two handlers is a `ConfigurationError` then, never a surprise at dispatch time.
 */
export class CommandRouter {
  private readonly routes = new Map<string, CommandRoute>();

  constructor(aggregates: readonly AggregateModel[], registry: MessageRegistry) {
    const problems: string[] = [];
    for (const model of aggregates) {
      for (const route of model.commands) {
        const existing = this.routes.get(route.command.type);
        if (existing) {
          problems.push(
            `command '${route.command.type}' is handled by both ${existing.aggregate.name}.${String(existing.method)} and ` +
              `${model.name}.${String(route.method)}; a command has exactly one handler`,
          );
          continue;
        }
        this.routes.set(route.command.type, route);
      }
    }
    if (problems.length > 0) throw new ConfigurationError(`The app is misconfigured: ${problems.join('; ')}.`);
    for (const model of aggregates) {
      for (const route of model.commands) registry.registerCommand(route.command);
      for (const applier of model.appliers.values()) registry.registerEvent(applier.event);
    }
  }

  route(commandType: string): CommandRoute {
    const route = this.routes.get(commandType);
    if (route) return route;
    const declaredBy = declaredHandlerHint(commandType);
    throw new UnknownCommandError(
      commandType,
      declaredBy ? `${declaredBy} declares a @CommandHandler for it: pass ${declaredBy} to createApp({ aggregates }).` : undefined,
    );
  }

  /**
   * The stream of the aggregate a (validated) command is for: `<category>-<id>`.
   * Every defect of the id (not a string, empty, padded, NUL, a lone surrogate, too long for a
   * stream id) is one `ValidationError`: the id comes from the command's data, so it is the
   * command that is invalid, whichever rule it breaks.
   */
  streamIdOf(route: CommandRoute, data: unknown): string {
    const id = route.id(data);
    const streamId = typeof id === 'string' ? streamIdFor(route.aggregate.category, id) : id;
    const problem = identifierProblem(id) ?? identifierProblem(streamId);
    if (problem !== null) {
      throw new ValidationError(route.command.type, [
        {
          path: [],
          code: 'invalid_aggregate_id',
          message: `the aggregate id taken from the command (${describeValue(id)}) ${problem}; it must be a non-empty string without surrounding spaces or NUL, and its stream id ('${route.aggregate.category}-' and the id) at most ${MAX_IDENTIFIER_BYTES} bytes in UTF-8`,
        },
      ]);
    }
    return streamId as string;
  }

  get commandTypes(): string[] {
    return [...this.routes.keys()];
  }
}
