/**
 * Structured, levelled logging to the client's output channel. Every line is
 * `[level] message key=value …` so that timings and context (file, rule,
 * compiler version) can be grepped out of a log a user attaches to a bug.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Where log lines go; the server passes the connection's remote console. */
export interface LogSink {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export type LogFields = Record<string, string | number | boolean | undefined>;

/** A levelled logger; the level follows the `synor.logLevel` setting. */
export class Logger {
  level: LogLevel = 'info';

  constructor(private readonly sink: LogSink) {}

  enabled(level: LogLevel): boolean {
    return ORDER[level] <= ORDER[this.level];
  }

  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  private write(level: LogLevel, message: string, fields?: LogFields): void {
    if (!this.enabled(level)) return;
    let line = `[${level}] ${message}`;
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        const s = typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v);
        line += ` ${k}=${/\s/.test(s) ? JSON.stringify(s) : s}`;
      }
    }
    try {
      if (level === 'error') this.sink.error(line);
      else if (level === 'warn') this.sink.warn(line);
      else if (level === 'info') this.sink.info(line);
      else this.sink.log(line);
    } catch {
      // The connection may already be closed while shutting down; logging must never throw.
    }
  }
}

/** Parses a level name from settings, falling back to `info`. */
export function toLogLevel(value: unknown): LogLevel {
  return typeof value === 'string' && value in ORDER ? (value as LogLevel) : 'info';
}
