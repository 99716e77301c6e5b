import { requestAndFollow } from '@factum/event-store';
import type { CliCommand } from '../cli-command';
import { CliUsageError } from '../cli-errors';
import { progressLine, type ProgressFigures } from '../format/progress-line';
import { requireSubscriber } from '../known-subscribers';
import { waitOption } from '../wait-option';

/**
 * `factum rebuild <projector>`: asks the process that runs the projector to rebuild it, and
 * follows its progress. The CLI has none of the app's classes: the rebuild runs in the app.
 */
export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'rebuild a projector in the process that runs it, with a progress bar',
  usage: [
    'rebuild <projector> [--timeout MS]   (MS: how long to wait for a process to take it, or for a sign of life of the one performing it; default 10000)',
  ],
  options: { timeout: { type: 'string' } },
  async run(context) {
    const [name, ...extra] = context.args;
    if (name === undefined || extra.length > 0) throw new CliUsageError('Usage: factum rebuild <projector>');
    const subscribers = await context.subscriberStore();
    const { kind } = await requireSubscriber(subscribers, name);
    if (kind !== null && kind !== 'projector') throw new CliUsageError(`'${name}' is a ${kind.replace('-', ' ')}; only projectors are rebuilt.`);
    const { io } = context;
    let drawn = false;
    const result = await requestAndFollow(
      subscribers.operations,
      { subscriber: name, kind: 'rebuild' },
      {
        ...waitOption(context.values),
        onProgress: (progress) => {
          if (context.json) return;
          const line = progressLine(progress as unknown as ProgressFigures);
          io.out(io.isTty ? `\r${line}` : `${line}\n`);
          drawn = true;
        },
      },
    );
    const report = result as { events: number; durationMs: number; eventsPerSecond: number };
    if (context.json) io.out(`${JSON.stringify(report)}\n`);
    else {
      if (drawn && io.isTty) io.out('\n');
      io.out(`Rebuilt ${name}: ${report.events} events in ${(report.durationMs / 1000).toFixed(1)}s (${Math.round(report.eventsPerSecond)} events/s).\n`);
    }
    return 0;
  },
};
