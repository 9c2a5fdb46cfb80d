/**
 * Checks of request params: every handler validates what it reads before using it, so a
 * malformed request is answered with JSON-RPC's −32602 (invalid params), naming the field,
 * rather than failing inside the handler as −32603 (internal error). A check is a function
 * that returns the value, typed, or throws; they compose (`object`, `array`, `optional`, …)
 * and are typed against the LSP types, so a check cannot promise more than it verifies.
 * Objects keep their other properties (a client may send fields we do not read).
 */
import { ErrorCodes, ResponseError, type Diagnostic, type Position, type Range } from 'vscode-languageserver/node';

/** Returns `value` when it has the expected shape; throws InvalidParams naming `at` otherwise. */
export type Check<T> = (value: unknown, at: string) => T;

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The error a malformed request is answered with. */
export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function fail(at: string, expected: string, value: unknown): never {
  throw invalidParams(`${at} must be ${expected} (got ${show(value)})`);
}

export const string: Check<string> = (v, at) => (typeof v === 'string' ? v : fail(at, 'a string', v));
export const boolean: Check<boolean> = (v, at) => (typeof v === 'boolean' ? v : fail(at, 'a boolean', v));
export const integer: Check<number> = (v, at) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : fail(at, 'an integer', v));
export const uinteger: Check<number> = (v, at) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fail(at, 'a non-negative integer', v));
/** Anything at all; for fields passed through untouched. */
export const anything: Check<unknown> = (v) => v;

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, at) => (v === undefined ? undefined : check(v, at));
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, at) => (v === null ? null : check(v, at));
}

export function literal<const T extends string | number>(...values: T[]): Check<T> {
  return (v, at) => (values.includes(v as T) ? (v as T) : fail(at, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v));
}

export function array<T>(check: Check<T>): Check<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) fail(at, 'an array', v);
    v.forEach((x, i) => check(x, `${at}[${i}]`));
    return v as T[];
  };
}

/** One of several checks, tried in order; fails with `expected` when none passes. */
export function either<A, B>(a: Check<A>, b: Check<B>, expected: string): Check<A | B> {
  return (v, at) => {
    try {
      return a(v, at);
    } catch {
      try {
        return b(v, at);
      } catch {
        return fail(at, expected, v);
      }
    }
  };
}

/** An object whose listed properties pass their checks; other properties are kept unchecked. */
export function object<T>(shape: { [K in keyof T]?: Check<T[K]> }): Check<T> {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'an object', v);
    const o = v as Record<string, unknown>;
    for (const [k, check] of Object.entries(shape) as Array<[string, Check<unknown>]>) check(o[k], `${at}.${k}`);
    return v as T;
  };
}

export const position: Check<Position> = object<Position>({ line: uinteger, character: uinteger });
export const range: Check<Range> = object<Range>({ start: position, end: position });
export const textDocument: Check<{ uri: string }> = object<{ uri: string }>({ uri: string });
/** A diagnostic as a client sends it back in a code action request; `data` is ours and checked where it is read. */
export const diagnostic: Check<Diagnostic> = object<Diagnostic>({
  range,
  message: string,
  severity: optional(literal(1, 2, 3, 4)),
  code: optional(either(integer, string, 'an integer or a string')),
  source: optional(string),
});

/**
 * Validates a request's params (or a part of them, named by `at`); answers −32602 naming
 * the method and the field when they are malformed.
 */
export function validate<T>(params: unknown, check: Check<T>, method: string, at = 'params'): T {
  try {
    return check(params, at);
  } catch (err) {
    if (err instanceof ResponseError) throw invalidParams(`${method}: ${err.message}`);
    throw err;
  }
}
