// One logger shape for every package: defined by the ground package, the store contract.
export { createStderrLogger, silentLogger, stderrLogger } from '@factum/event-store';
export type { Logger, LogLevel, StderrLoggerOptions } from '@factum/event-store';
