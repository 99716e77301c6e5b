/**
 * The one logger shape every Factum package accepts: pino's (`logger.warn({ ...fields }, 'message')`),
 * so an application passes its pino, fastify or any look-alike logger as it is.
 */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const nothing = (): void => undefined;

/** Says nothing at all: for tests that provoke failures on purpose. */
export const silentLogger: Logger = Object.freeze({ debug: nothing, info: nothing, warn: nothing, error: nothing });

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export interface StderrLoggerOptions {
  /** The least severe level written. Default `'warn'`: a failure is never silent, routine work is. */
  level?: LogLevel;
  /** Where lines go; standard error by default. */
  write?: (line: string) => void;
}

/**
 * The default logger: one JSON line per entry on standard error, in pino's field names
 * (`level` as a number, `time`, `msg`, errors under `err` with `type`, `message`, `code`,
 * `stack`), for warnings and errors only unless told otherwise.
 */
export function createStderrLogger(options: StderrLoggerOptions = {}): Logger {
  const least = RANK[options.level ?? 'warn'];
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const log =
    (level: LogLevel) =>
    (fields: object, message?: string): void => {
      if (RANK[level] < least) return;
      write(`${formatLine(RANK[level], fields, message)}\n`);
    };
  return Object.freeze({ debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') });
}

/** The default logger of every Factum part: warnings and errors to standard error. */
export const stderrLogger: Logger = createStderrLogger();

function formatLine(level: number, fields: object, message: string | undefined): string {
  const entry: Record<string, unknown> = { level, time: Date.now(), name: 'factum' };
  for (const [key, value] of Object.entries(fields)) entry[key] = value instanceof Error ? serializeError(value) : value;
  if (message !== undefined) entry.msg = message;
  try {
    return JSON.stringify(entry);
  } catch {
    // A circular or BigInt field must not turn a log line into a crash.
    return JSON.stringify({ level, time: entry.time, name: 'factum', msg: message, unserializable: true });
  }
}

function serializeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const serialized: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  if (code !== undefined) serialized.code = code;
  if (error.cause instanceof Error) serialized.cause = serializeError(error.cause);
  return serialized;
}
