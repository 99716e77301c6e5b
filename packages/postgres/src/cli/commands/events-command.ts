import type { EventFilter, RecordedEvent } from '@factum/event-store';
import type { CliCommand } from '../cli-command';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-errors';
import { eventJson, eventLine } from '../format/format-event';

const USAGE = 'Usage: factum events tail [--stream ID] [--category NAME] [--type TYPE]... [--correlation ID] [--from-start] [--limit N] | show <stream>';

function print(context: CliContext, event: RecordedEvent): void {
  context.io.out(`${context.json ? eventJson(event) : eventLine(event)}\n`);
}

/** Follows the log live (from now, or from the start), printing each matching event as it commits. */
async function tail(context: CliContext): Promise<number> {
  const { values, io } = context;
  const store = await context.store();
  const stream = values.stream as string | undefined;
  const correlation = values.correlation as string | undefined;
  const types = values.type as string[] | undefined;
  const category = values.category as string | undefined;
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit > 0)) throw new CliUsageError('--limit takes a positive number.');
  const filter: EventFilter = {
    ...(types?.length ? { types } : {}),
    // A stream's category narrows the read in the store; the stream itself is then matched here.
    ...(category !== undefined ? { categories: [category] } : stream !== undefined && stream.includes('-') ? { categories: [stream.split('-')[0]!] } : {}),
  };
  const matches = (event: RecordedEvent) =>
    (stream === undefined || event.streamId === stream) && (correlation === undefined || event.correlationId === correlation);
  let printed = 0;
  // Live from here: what had committed when the marker was taken is left out, whatever commits later is printed.
  const marker = values['from-start'] ? null : await store.startMarker();
  const from = marker === null ? { from: 'origin' as const } : { from: marker.position ?? ('origin' as const), startedAt: marker };
  await new Promise<void>((resolve, reject) => {
    const subscription = store.subscribe({ ...from, filter }).subscribe({
      next: (event) => {
        if (!matches(event) || printed >= limit) return;
        print(context, event);
        if (++printed >= limit) finish();
      },
      error: reject,
      complete: () => resolve(),
    });
    const finish = (): void => {
      subscription.unsubscribe();
      resolve();
    };
    io.signal?.addEventListener('abort', finish, { once: true });
    // Tells a script (or a test) that the tail is live: events appended from now on are printed.
    io.err(`tailing${values['from-start'] ? ' from the start' : ''}; Ctrl-C to stop\n`);
  });
  return 0;
}

async function show(context: CliContext, streamId: string): Promise<number> {
  const store = await context.store();
  let count = 0;
  for await (const event of store.readStream(streamId)) {
    print(context, event);
    count++;
  }
  if (count === 0) {
    context.io.err(`Stream '${streamId}' has no events.\n`);
    return 1;
  }
  return 0;
}

/** `factum events tail|show`. */
export const eventsCommand: CliCommand = {
  name: 'events',
  summary: 'print events with positions, times, causation and correlation: live (tail) or of one stream (show)',
  usage: [
    'events tail [--stream ID] [--category NAME] [--type TYPE]... [--correlation ID] [--from-start] [--limit N] [--json]',
    'events show <stream> [--json]',
  ],
  options: {
    stream: { type: 'string' },
    category: { type: 'string' },
    type: { type: 'string', multiple: true },
    correlation: { type: 'string' },
    'from-start': { type: 'boolean', default: false },
    limit: { type: 'string' },
  },
  async run(context) {
    const [action, stream, ...extra] = context.args;
    if (action === 'tail' && stream === undefined) return tail(context);
    if (action === 'show' && stream !== undefined && extra.length === 0) return show(context, stream);
    throw new CliUsageError(USAGE);
  },
};
