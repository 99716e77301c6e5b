import { runMigrations } from '../../migrations/run-migrations';
import type { CliCommand } from '../cli-command';

/** `factum migrate`: creates or updates the store's tables. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: "create or update the event store's tables (safe to repeat)",
  usage: ['migrate'],
  async run(context) {
    const { io } = context;
    const result = await context.guard(() => runMigrations(context.client(), context.schema));
    if (context.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.applied.length === 0) io.out(`Schema '${result.schema}' is up to date (version ${result.version}).\n`);
    else {
      for (const step of result.applied) io.out(`applied ${step.version}: ${step.name}\n`);
      io.out(`Schema '${result.schema}' is at version ${result.version}.\n`);
    }
    return 0;
  },
};
