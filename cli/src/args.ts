/**
 * What every `synor` sub-command's argument parser shares: the usage error that
 * makes it exit 2, `--flag=value` splitting, reading a flag's value, and
 * `--fail-on`.
 */
import { SEVERITIES, type Severity } from '../../engine/src';

/** A mistake in the command line: reported on standard error, exit code 2. */
export class UsageError extends Error {}

/** `--flag=value` as the flag and its inline value; anything else as itself with no value. */
export function splitFlag(arg: string): [flag: string, inline: string | undefined] {
  return arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
}

/** The value after `argv[i]` (the flag), which must not be another option. */
export function valueAfter(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return v;
}

/** `--fail-on`'s value: a severity or `none`. */
export function failOnOf(s: string): Severity | 'none' {
  if (s !== 'none' && !(SEVERITIES as string[]).includes(s)) throw new UsageError(`unknown severity "${s}" for --fail-on (expected ${SEVERITIES.join(', ')} or none)`);
  return s as Severity | 'none';
}
