import semver from 'semver';
import type { SourceUnit, PragmaDirective } from '@solidity-parser/parser/dist/src/ast-types';

/** The newest compiler Synor knows of; used when a file has no version pragma. */
export const LATEST_SOLC = '0.8.37';

/** Every released solc version that a pragma can select, oldest first. */
export const KNOWN_SOLC_VERSIONS: readonly string[] = (() => {
  const out: string[] = [];
  const last: Record<string, number> = { '0.4': 26, '0.5': 17, '0.6': 12, '0.7': 6, '0.8': 37 };
  for (const [minor, n] of Object.entries(last)) for (let p = 0; p <= n; p++) out.push(`${minor}.${p}`);
  return out;
})();

export interface SolcInfo {
  /** The version range the file's pragmas allow, as written (joined with spaces), or undefined. */
  pragma?: string;
  /** The pragma could not be understood as a version range. */
  invalid?: boolean;
  /** Oldest and newest known compiler the pragma allows; latest when there is no pragma. */
  min: string;
  max: string;
  /** Whether the file gave a version pragma at all. */
  explicit: boolean;
}

export function pragmaRangeToSemver(value: string): string {
  // solc accepts `^0.8.0 <0.9.0` and `>=0.4.22 <0.6.0`; semver reads the same, once
  // stray spaces between an operator and its version are removed.
  // solc reads each number of a version as a decimal integer, so `^0.5.00` is `^0.5.0`;
  // semver refuses leading zeros.
  return value
    .replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1')
    .replace(/\b(\d+)\.(\d+)(?:\.(\d+))?\b/g, (_m, a: string, b: string, c?: string) => [a, b, c].filter((x) => x !== undefined).map((x) => String(Number(x))).join('.'))
    .trim();
}

export function solcInfo(ast: SourceUnit): SolcInfo {
  const pragmas = ast.children.filter((c): c is PragmaDirective => !!c && c.type === 'PragmaDirective' && (c as PragmaDirective).name === 'solidity');
  if (pragmas.length === 0) return { min: LATEST_SOLC, max: LATEST_SOLC, explicit: false };
  const written = pragmas.map((p) => p.value).join(' ');
  const ranges = pragmas.map((p) => pragmaRangeToSemver(p.value));
  // Every file of a project says much the same: the known versions are matched once per range.
  const key = ranges.join('\u0000');
  let allowed = allowedCache.get(key);
  if (!allowed) {
    try {
      const parsed = ranges.map((r) => new semver.Range(r));
      allowed = KNOWN_SOLC_VERSIONS.filter((v) => parsed.every((r) => r.test(v)));
    } catch {
      allowed = [];
    }
    if (allowedCache.size >= 256) allowedCache.clear();
    allowedCache.set(key, allowed);
  }
  if (allowed.length === 0) return { pragma: written, invalid: true, min: LATEST_SOLC, max: LATEST_SOLC, explicit: true };
  return { pragma: written, min: allowed[0], max: allowed[allowed.length - 1], explicit: true };
}

/** The known versions each pragma range allows (empty: none, or not a range). */
const allowedCache = new Map<string, readonly string[]>();

/** True when the pragma allows some compiler older than `version`. */
export function allowsBelow(info: SolcInfo, version: string): boolean {
  return semver.lt(info.min, version);
}

/** True when the pragma allows some compiler at or above `version`. */
export function allowsAtLeast(info: SolcInfo, version: string): boolean {
  return semver.gte(info.max, version);
}
