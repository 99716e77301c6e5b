import { DeadLetterNotFoundError, OperationFailedError, requestAndFollow, skipDeadLetter } from '@factum/event-store';
import type { CliCommand } from '../cli-command';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-errors';
import { table } from '../format/format-status';
import { requireSubscriber } from '../known-subscribers';
import { waitOption } from '../wait-option';

const USAGE = 'Usage: factum dead-letters list <subscriber> | retry <subscriber> (<event-id> | --all) | skip <subscriber> <event-id>';

async function list(context: CliContext, name: string): Promise<number> {
  const subscribers = await context.subscriberStore();
  await requireSubscriber(subscribers, name);
  const letters = await subscribers.deadLetters.list(name);
  const { io } = context;
  if (context.json) io.out(`${JSON.stringify(letters)}\n`);
  else if (letters.length === 0) io.out(`${name} has no dead letters.\n`);
  else {
    io.out(
      table([
        ['EVENT ID', 'TYPE', 'STREAM', 'VERSION', 'POSITION', 'ATTEMPTS', 'FAILED AT', 'ERROR'],
        ...letters.map((letter) => [
          letter.eventId,
          letter.eventType,
          letter.streamId,
          String(letter.version),
          letter.position,
          String(letter.attempts),
          letter.failedAt.toISOString(),
          `${letter.error.code ? `${letter.error.code}: ` : ''}${letter.error.message}`.replace(/\s+/g, ' ').slice(0, 120),
        ]),
      ]),
    );
  }
  return 0;
}

/** Retries run in the process that runs the subscriber: only it has the handler. */
async function retry(context: CliContext, name: string, eventId: string | undefined): Promise<number> {
  const all = context.values.all === true;
  if ((eventId === undefined) === !all) throw new CliUsageError('Give the event id of one dead letter, or --all.');
  const subscribers = await context.subscriberStore();
  await requireSubscriber(subscribers, name);
  if (eventId !== undefined && !(await subscribers.deadLetters.list(name)).some((letter) => letter.eventId === eventId)) {
    throw new DeadLetterNotFoundError(name, eventId);
  }
  const request = all ? { subscriber: name, kind: 'retry-dead-letters' as const } : { subscriber: name, kind: 'retry-dead-letter' as const, eventId };
  const result = (await requestAndFollow(subscribers.operations, request, waitOption(context.values)).catch((error: unknown) => {
    // A skip (or another retry) removed the letter before this retry could: nothing was handled.
    if (eventId !== undefined && error instanceof OperationFailedError && error.reasonCode === DeadLetterNotFoundError.code) {
      throw new DeadLetterNotFoundError(name, eventId);
    }
    throw error;
  })) as {
    retried: string[];
    failed: Array<{ eventId: string; code: string | null; message: string }>;
  };
  const { io } = context;
  if (context.json) io.out(`${JSON.stringify(result)}\n`);
  else {
    for (const id of result.retried) io.out(`retried ${id}\n`);
    for (const failure of result.failed) io.out(`failed again ${failure.eventId}: ${failure.code ? `${failure.code}: ` : ''}${failure.message}\n`);
  }
  return result.failed.length === 0 ? 0 : 1;
}

async function skip(context: CliContext, name: string, eventId: string): Promise<number> {
  const subscribers = await context.subscriberStore();
  await requireSubscriber(subscribers, name);
  await skipDeadLetter(subscribers, subscribers.operations, `factum-cli:${process.pid}`, name, eventId);
  context.io.out(context.json ? `${JSON.stringify({ skipped: eventId })}\n` : `skipped ${eventId} (recorded; the event stays in the log)\n`);
  return 0;
}

/** `factum dead-letters list|retry|skip`. */
export const deadLettersCommand: CliCommand = {
  name: 'dead-letters',
  summary: "list a subscriber's dead letters, retry them (in the process that runs it) or skip them",
  usage: [
    'dead-letters list <subscriber> [--json]',
    'dead-letters retry <subscriber> (<event-id> | --all) [--timeout MS]',
    'dead-letters skip <subscriber> <event-id>',
  ],
  options: { all: { type: 'boolean', default: false }, timeout: { type: 'string' } },
  async run(context) {
    const [action, name, eventId, ...extra] = context.args;
    if (name === undefined || extra.length > 0) throw new CliUsageError(USAGE);
    if (action === 'list' && eventId === undefined) return list(context, name);
    if (action === 'retry') return retry(context, name, eventId);
    if (action === 'skip' && eventId !== undefined) return skip(context, name, eventId);
    throw new CliUsageError(USAGE);
  },
};
