import type * as vscode from 'vscode';

/** The levels of the `synor.logLevel` setting, most serious first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Parses a setting value, falling back to `info` for anything unknown. */
export function toLogLevel(value: unknown): LogLevel {
  return value === 'error' || value === 'warn' || value === 'info' || value === 'debug' ? value : 'info';
}

/**
 * The client's side of the "Synor" output channel. The server writes to the same channel
 * through `window/logMessage`, so both halves of a problem read as one log.
 */
export class Log {
  level: LogLevel = 'info';

  constructor(readonly channel: vscode.OutputChannel) {}

  error(message: string, err?: unknown): void {
    this.write('error', err === undefined ? message : `${message}: ${describe(err)}`);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  info(message: string): void {
    this.write('info', message);
  }

  debug(message: string): void {
    this.write('debug', message);
  }

  private write(level: LogLevel, message: string): void {
    if (ORDER[level] > ORDER[this.level]) return;
    const time = new Date().toISOString().slice(11, 23);
    this.channel.appendLine(`[${time}] [client ${level}] ${message}`);
  }
}

/** An error's stack where there is one, else its text. */
export function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
