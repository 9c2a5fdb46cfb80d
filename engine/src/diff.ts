/**
 * Line differences between two texts: the edits that turn one into the other
 * (what "fix all" hands an editor, one edit per changed run of lines, so that
 * the cursor and folds elsewhere stay put) and a unified diff for people
 * (`synor --fix-dry-run`).
 */
import { LineIndex } from './parse/positions';
import type { TextEdit } from './types';

/** Lines `a[aStart, aEnd)` are replaced by `b[bStart, bEnd)`. */
export interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** Above this many differing lines the middle of the texts is one hunk: fixes change little, and Myers' trace grows with the square. */
const MAX_DIFFERENCES = 2000;

/** The lines of a text, each with its line break (`\n`, `\r\n` or `\r`); the last may have none. */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** The runs of lines that differ between `a` and `b`, in order (Myers' O(ND) difference). */
export function diffLines(a: readonly string[], b: readonly string[]): Hunk[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  if (A.length === 0 && B.length === 0) return [];
  const pairs = A.length === 0 || B.length === 0 ? [] : myers(A, B);
  if (!pairs) return [{ aStart: pre, aEnd: pre + A.length, bStart: pre, bEnd: pre + B.length }];
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [x, y] of [...pairs, [A.length, B.length] as [number, number]]) {
    if (x > i || y > j) hunks.push({ aStart: pre + i, aEnd: pre + x, bStart: pre + j, bEnd: pre + y });
    i = x + 1;
    j = y + 1;
  }
  return hunks;
}

/** Index pairs of equal lines along a shortest edit script, or undefined when the texts differ too much. */
function myers(a: readonly string[], b: readonly string[]): Array<[number, number]> | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_DIFFERENCES);
  const off = n + m + 1;
  const v = new Int32Array(2 * (n + m) + 3);
  v[off + 1] = 0;
  // trace[d] is v before step d, over the diagonals -d-1 … d+1 it can read.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) (x++, y++);
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], n: number, m: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const t = trace[d];
    const at = (k: number) => t[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  return pairs.reverse();
}

/** The edits that turn `before` into `after`: one per run of changed lines, in order, on `before`'s positions. */
export function lineEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  const starts: number[] = [0];
  for (const l of a) starts.push(starts[starts.length - 1] + l.length);
  const lines = new LineIndex(before);
  return diffLines(a, b).map((h) => ({ range: lines.range(starts[h.aStart], starts[h.aEnd]), newText: b.slice(h.bStart, h.bEnd).join('') }));
}

/** A unified diff of two versions of `file` (three lines of context), or '' when they are equal. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const hunks = diffLines(a, b);
  if (hunks.length === 0) return '';
  const line = (prefix: string, l: string) => `${prefix}${l.replace(/\r?\n$|\r$/, '')}\n` + (/[\r\n]$/.test(l) ? '' : '\\ No newline at end of file\n');
  let out = `--- a/${file}\n+++ b/${file}\n`;
  // Hunks closer than twice the context share one block.
  const groups: Hunk[][] = [];
  for (const h of hunks) {
    const last = groups[groups.length - 1];
    if (last && h.aStart - last[last.length - 1].aEnd <= 2 * context) last.push(h);
    else groups.push([h]);
  }
  for (const g of groups) {
    const aFrom = Math.max(0, g[0].aStart - context);
    const aTo = Math.min(a.length, g[g.length - 1].aEnd + context);
    const bFrom = g[0].bStart - (g[0].aStart - aFrom);
    const bTo = g[g.length - 1].bEnd + (aTo - g[g.length - 1].aEnd);
    out += `@@ -${aFrom + 1},${aTo - aFrom} +${bFrom + 1},${bTo - bFrom} @@\n`;
    let i = aFrom;
    for (const h of g) {
      for (; i < h.aStart; i++) out += line(' ', a[i]);
      for (let k = h.aStart; k < h.aEnd; k++) out += line('-', a[k]);
      for (let k = h.bStart; k < h.bEnd; k++) out += line('+', b[k]);
      i = h.aEnd;
    }
    for (; i < aTo; i++) out += line(' ', a[i]);
  }
  return out;
}
