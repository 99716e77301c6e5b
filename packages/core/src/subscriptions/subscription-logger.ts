/** The slice of a pino-compatible logger the subscription runtime uses; every method is optional. */
export interface SubscriptionLogger {
  debug?(object: object, message?: string): void;
  info?(object: object, message?: string): void;
  warn?(object: object, message?: string): void;
  error?(object: object, message?: string): void;
}
