import { pino, type Logger as Pino } from 'pino';
import type { LogContext, Logger } from './logger.ts';

/** Options of {@link createPinoLogger}. */
export interface PinoLoggerInit {
  /** pino level: fatal, error, warn, info, debug, trace, silent (default info, or $RINGWATCH_LOG_LEVEL). */
  readonly level?: string;
  /** `name` field of every line (the process: "cma", "nanoprobe"). */
  readonly name?: string;
  /** File descriptor to write JSON lines to (default 2: stderr, so stdout stays for command output). */
  readonly fd?: number;
}

/** The shells' logger: pino JSON lines on stderr, behind the runtime Logger interface. */
export function createPinoLogger(init: PinoLoggerInit = {}): Logger {
  const level = init.level ?? process.env.RINGWATCH_LOG_LEVEL ?? 'info';
  const base = pino({ level, ...(init.name === undefined ? {} : { name: init.name }) }, pino.destination({ fd: init.fd ?? 2, sync: false }));
  return adapt(base);
}

/** Wraps an existing pino logger (tests pass one writing to a stream). */
export function adapt(p: Pino): Logger {
  return {
    error: (message, context, err) => {
      p.error(withErr(context, err), message);
    },
    warn: (message, context, err) => {
      p.warn(withErr(context, err), message);
    },
    info: (message, context) => {
      p.info(context ?? {}, message);
    },
    debug: (message, context) => {
      p.debug(context ?? {}, message);
    },
    trace: (message, context) => {
      p.trace(context ?? {}, message);
    },
    child: (bindings: LogContext) => adapt(p.child(bindings)),
  };
}

function withErr(context: LogContext | undefined, err: unknown): object {
  return err === undefined ? (context ?? {}) : { ...context, err };
}
