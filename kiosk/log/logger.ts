import { pino, type DestinationStream, type Logger } from 'pino';
import { logCatalog, type LogEventName } from './catalog.ts';
import { Redactor } from '../privacy/redactor.ts';
import type { LogLevel } from './events/define.ts';

export interface KioskLogger {
  /** Logs a catalog event. Fields pass through the redactor: NIKs are masked, names blanked. */
  event(name: LogEventName, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): KioskLogger;
  readonly redactor: Redactor;
  flush(): void;
}

export interface LoggerOptions {
  level: LogLevel | 'silent';
  /** Human-readable lines for a developer's terminal instead of JSON. */
  pretty: boolean;
  /** Where JSON lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
  redactor?: Redactor;
}

class PinoKioskLogger implements KioskLogger {
  constructor(
    private readonly pino: Logger,
    readonly redactor: Redactor,
  ) {}

  event(name: LogEventName, fields: Record<string, unknown> = {}): void {
    const spec = logCatalog[name];
    const safe = this.redactor.object(fields);
    this.pino[spec.level]({ event: name, ...safe }, name);
  }

  child(bindings: Record<string, unknown>): KioskLogger {
    return new PinoKioskLogger(this.pino.child(this.redactor.object(bindings)), this.redactor);
  }

  flush(): void {
    this.pino.flush();
  }
}

export async function createLogger(options: LoggerOptions): Promise<KioskLogger> {
  const redactor = options.redactor ?? new Redactor();
  const base = {
    level: options.level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    // Last line of defence for anything logged around `event()`, e.g. by a library given our pino.
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
        const redacted = args.map((a: unknown) => redactor.value(a));
        return method.apply(this, redacted as Parameters<Logger['info']>);
      },
    },
  };
  let destination = options.destination;
  if (!destination && options.pretty) {
    const { default: pretty } = await import('pino-pretty');
    destination = pretty({ sync: true, colorize: process.stdout.isTTY, ignore: 'event', translateTime: 'HH:MM:ss.l' });
  }
  const logger = destination ? pino(base, destination) : pino(base, pino.destination({ sync: true }));
  return new PinoKioskLogger(logger, redactor);
}
