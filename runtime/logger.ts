/**
 * Logger seam (STYLE practice 16). Core code and daemons depend on this interface; pino lives in the shells
 * (`createPinoLogger`), and the simulator uses `NOOP_LOGGER`.
 */
export type LogContext = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, context?: LogContext, err?: unknown): void;
  warn(message: string, context?: LogContext, err?: unknown): void;
  info(message: string, context?: LogContext): void;
  debug(message: string, context?: LogContext): void;
  trace(message: string, context?: LogContext): void;
  child(bindings: LogContext): Logger;
}

const noop = (): void => undefined;

/** A logger that discards everything. */
export const NOOP_LOGGER: Logger = {
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  child: () => NOOP_LOGGER,
};
