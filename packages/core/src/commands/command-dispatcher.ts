import { adoptJsonObject, describeValue, randomId, type EventMetadata } from '@factum/event-store';
import { context as otelContext } from '@opentelemetry/api';
import { safeParse } from 'zod/v4/core';
import type { AggregateRepository } from '../aggregates/aggregate-repository';
import type { AggregateRoot } from '../aggregates/aggregate-root';
import { ConfigurationError } from '../errors/configuration-error';
import { ValidationError } from '../errors/validation-error';
import { CommandTelemetry } from '../telemetry/command-telemetry';
import { telemetryEnabled } from '../telemetry/enabled';
import type { Command } from '../messages/message';
import { toMessageIssues } from '../messages/schema-issues';
import { checkDispatchOptions } from './check-dispatch-options';
import type { CommandRouter } from './command-router';
import type { DispatchContext, DispatchOptions, DispatchResult } from './dispatch-options';
import { composeMiddleware, type Middleware } from './middleware';

type Handler = (this: AggregateRoot, data: unknown, context: DispatchContext) => unknown;

/** Carries a dispatch's telemetry through the middleware chain (a spread copy keeps it). */
const TELEMETRY = Symbol('factum.telemetry');
type TracedContext = DispatchContext & { [TELEMETRY]?: CommandTelemetry };

/**
 * The way in for every command: validate (before anything else), run the middleware chain,
 * then hand the command to its aggregate through the repository.
 */
export class CommandDispatcher {
  private readonly chain: (context: DispatchContext) => Promise<DispatchResult>;

  constructor(
    private readonly router: CommandRouter,
    private readonly repository: AggregateRepository,
    middleware: readonly Middleware[],
  ) {
    this.chain = composeMiddleware(middleware, (context) => this.execute(context));
  }

  dispatch(command: Command, input?: DispatchOptions): Promise<DispatchResult> {
    return this.dispatchChecked(command, checkDispatchOptions(input));
  }

  /**
   * `dispatch` for options that `checkDispatchOptions` has already checked (the app does, first).
   * Never throws: a refusal rejects. Not an async function, so that an untraced command pays for
   * no extra promise.
   */
  dispatchChecked(command: Command, options: DispatchOptions): Promise<DispatchResult> {
    try {
      if (typeof command !== 'object' || command === null || typeof command.type !== 'string') {
        throw new ValidationError(describeValue((command as { type?: unknown } | null | undefined)?.type ?? 'unknown'), [
          { path: ['type'], code: 'invalid_command', message: 'a command is { type, data }: make it with its definition, e.g. OpenAccount({ ... })' },
        ]);
      }
      if (!telemetryEnabled()) return this.run(command, options, undefined);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.traced(command, options);
  }

  private async traced(command: Command, options: DispatchOptions): Promise<DispatchResult> {
    const telemetry = new CommandTelemetry(command.type);
    try {
      const result = await otelContext.with(telemetry.context, () => this.run(command, options, telemetry));
      telemetry.succeeded(result);
      return result;
    } catch (error) {
      telemetry.failed(error);
      throw error;
    }
  }

  private run(command: Command, options: DispatchOptions, telemetry: CommandTelemetry | undefined): Promise<DispatchResult> {
    const route = this.router.route(command.type);
    const parsed = safeParse(route.command.schema, command.data);
    if (!parsed.success) throw new ValidationError(command.type, toMessageIssues(parsed.error.issues));
    const commandId = options.commandId ?? randomId();
    const dispatchContext: TracedContext = {
      command: { type: command.type, data: parsed.data },
      commandId,
      correlationId: options.correlationId ?? commandId,
      causationId: options.causationId ?? null,
      metadata: { ...options.metadata },
      streamId: this.router.streamIdOf(route, parsed.data),
      options,
      [TELEMETRY]: telemetry,
    };
    telemetry?.identify(dispatchContext.streamId, commandId);
    return this.chain(dispatchContext);
  }

  private execute(context: TracedContext): Promise<DispatchResult> {
    const { command, commandId, causationId } = context;
    const route = this.router.route(command.type);
    // A literal when there is no user metadata: the same keys in the same order, without a spread's generic copy.
    const built: EventMetadata = hasKeys(context.metadata)
      ? { ...context.metadata, commandId, commandType: command.type }
      : { commandId, commandType: command.type };
    // Kept for readers of events stored before `causationId` named the command's cause.
    if (causationId !== null) built['commandCausationId'] = causationId;
    // Checked and frozen here, once: the store then keeps this object instead of a copy of it.
    // A literal or a spread has only writable value properties (a spread reads getters as values).
    const metadata: EventMetadata = adoptJsonObject(built, 'metadata', { plainProperties: true });
    return this.repository.execute(route.aggregate, context.streamId, {
      commandId,
      commandType: command.type,
      correlationId: context.correlationId,
      // The causation model (docs/event-store.md): an event follows from what caused its command,
      // so the chain of causes runs from event to event through the log; a command from outside
      // is the first link, and names itself.
      causationId: causationId ?? commandId,
      metadata,
      mayRepeat: context.options.commandId !== undefined,
      // Missing only when a middleware built a new context instead of spreading it.
      telemetry: context[TELEMETRY],
      decide: (aggregate) => {
        const handler = (aggregate as unknown as Record<string | symbol, unknown>)[route.method];
        if (typeof handler !== 'function') {
          throw new ConfigurationError(`@CommandHandler(${command.type}) marks ${route.aggregate.name}.${String(route.method)}, which is not a method.`);
        }
        return (handler as Handler).call(aggregate, command.data, context);
      },
    });
  }
}

function hasKeys(object: object): boolean {
  for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return true;
  return false;
}
