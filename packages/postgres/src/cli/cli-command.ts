import type { ParseArgsConfig } from 'node:util';
import type { CliContext, CliIo } from './cli-context';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * One `factum` command. `name` is its first word (`dead-letters`); `run` gets the words after
 * it and its parsed options, and returns the exit code. Register it in `commands.ts`.
 */
export interface CliCommand {
  name: string;
  /** One line for the help. */
  summary: string;
  /** Usage lines shown in the help, e.g. `rebuild <projector> [--timeout MS]`. */
  usage: readonly string[];
  /** Its own options; the connection options are every command's. */
  options?: CliOptions;
  run(context: CliContext): Promise<number>;
  /**
   * A command that parses its own arguments (and opens its own database) gets them untouched
   * instead: every word after its name. `run` is then not called.
   */
  passThrough?(argv: readonly string[], io: CliIo): Promise<number>;
}
