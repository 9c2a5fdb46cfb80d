/**
 * Typed errors. Analysis of user code never throws; these are for the engine's
 * callers: bad configuration, unreadable input, compiler trouble.
 */
export type ErrorCode =
  | 'config-invalid'
  | 'input-unreadable'
  | 'compiler-unavailable'
  | 'compiler-crashed'
  | 'compile-timeout'
  | 'import-unresolved'
  | 'measure-failed'
  | 'cancelled';

export class SynorError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SynorError';
  }
}

export interface ConfigProblem {
  message: string;
  /** 0-based line and character of the offending key or value. */
  line: number;
  character: number;
}

export class ConfigError extends SynorError {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super('config-invalid', problems.map((p) => `${file}:${p.line + 1}:${p.character + 1}: ${p.message}`).join('\n'), { file });
    this.name = 'ConfigError';
  }
}
