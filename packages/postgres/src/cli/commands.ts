import type { CliCommand } from './cli-command';
import { consoleCommand } from './commands/console-command';
import { deadLettersCommand } from './commands/dead-letters-command';
import { eventsCommand } from './commands/events-command';
import { migrateCommand } from './commands/migrate-command';
import { rebuildCommand } from './commands/rebuild-command';
import { statusCommand } from './commands/status-command';
import { traceCommand } from './commands/trace-command';

/** Every `factum` command, in the order the help lists them. A new command is one more line here. */
export const commands: readonly CliCommand[] = [migrateCommand, statusCommand, rebuildCommand, deadLettersCommand, eventsCommand, traceCommand, consoleCommand];
