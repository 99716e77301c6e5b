/**
 * The logger Factum's Postgres parts accept: the shape of pino (and of most structured
 * loggers), so an application passes its own. Library code never writes to the console.
 */
export interface Logger {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
