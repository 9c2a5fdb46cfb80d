/**
 * Looking for something in a folder and its parents: the nearest project
 * marker, configuration or triage file above a source file.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * `dir`, then each of its parents, nearest first: up to the file system root,
 * or up to and including `stopAt` when the walk meets it. Paths are taken as
 * given (a relative `dir` ends at `.`); `stopAt` is compared resolved, so a
 * trailing separator does not hide it.
 */
export function* ancestors(dir: string, stopAt?: string): Generator<string> {
  const stop = stopAt === undefined ? undefined : path.resolve(stopAt);
  for (let d = dir; ; d = path.dirname(d)) {
    yield d;
    if (path.dirname(d) === d || (stop !== undefined && path.resolve(d) === stop)) return;
  }
}

/** The first answer `found` gives for `dir` or one of its parents (see `ancestors`), or undefined. */
export function findUp<T>(dir: string, found: (dir: string) => T | undefined, stopAt?: string): T | undefined {
  for (const d of ancestors(dir, stopAt)) {
    const answer = found(d);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/** The nearest existing `<folder>/<rel>` from `dir` upwards (see `ancestors`), or undefined. */
export function findFileUp(dir: string, rel: string, stopAt?: string): string | undefined {
  return findUp(dir, (d) => {
    const candidate = path.join(d, rel);
    return fs.existsSync(candidate) ? candidate : undefined;
  }, stopAt);
}
