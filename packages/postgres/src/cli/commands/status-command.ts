import { readStoreStatus } from '../../status/store-status';
import type { CliCommand } from '../cli-command';
import type { CliContext } from '../cli-context';
import { formatStatus, formatSubscribers } from '../format/format-status';
import { summarizePartitions } from '../partition-summary';
import { subscriberOverview } from '../subscriber-overview';
import { sleep } from '../sleep';

async function printStatus(context: CliContext): Promise<number> {
  const { io } = context;
  const client = context.client();
  const status = await context.guard(() => readStoreStatus(client, context.schema));
  const outdated = status.schemaVersion < status.latestSchemaVersion;
  // An outdated schema may lack the subscriber tables: show what there is, and say to migrate.
  const subscribers = outdated ? [] : await subscriberOverview(await context.store(), await context.subscriberStore());
  const now = new Date();
  if (context.json) io.out(`${JSON.stringify({ ...status, subscribers, partitioned: summarizePartitions(subscribers) })}\n`);
  else io.out(formatStatus(status, now) + formatSubscribers(subscribers, now));
  return outdated ? 1 : 0;
}

/** `factum status [--json] [--watch]`. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'subscribers (state, lag in events and seconds, owner, last error), head, held-back events and who holds them',
  usage: ['status [--json] [--watch] [--interval MS]'],
  options: {
    watch: { type: 'boolean', default: false },
    interval: { type: 'string' },
  },
  async run(context) {
    if (!context.values.watch) return printStatus(context);
    const interval = Number(context.values.interval ?? 2_000);
    const { io } = context;
    for (;;) {
      // Redraw in place on a terminal; as a stream of snapshots elsewhere (one JSON line each with --json).
      if (io.isTty && !context.json) io.out('\u001b[2J\u001b[H');
      const code = await printStatus(context);
      if (code !== 0) return code;
      if (!(await sleep(interval, io.signal))) return 0;
    }
  },
};
