export { factumConsole } from './console-plugin';
export { MIN_TOKEN_LENGTH } from './console-options';
export type { ConsoleApp, ConsoleRebuildProgress, ConsoleSubscribers, ConsoleSubscriberStatus, FactumConsoleOptions, RedactedEvent } from './console-options';
export { startConsoleServer } from './server/start-console-server';
export type { ConsoleServer, ConsoleServerOptions } from './server/start-console-server';
export { CONSOLE_USAGE, runConsoleCommand } from './server/console-command';
export type { ConsoleCommandIo } from './server/console-command';
export { storedSubscribers } from './server/stored-subscribers';
export { ConsoleActionRefusedError, ConsoleActionUnsupportedError, ConsoleConfigurationError, ConsoleRequestError } from './errors/console-errors';
