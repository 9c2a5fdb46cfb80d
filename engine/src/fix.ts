import { LineIndex, comparePositions } from './parse/positions';
import type { TextEdit } from './types';

export interface ApplyResult {
  text: string;
  /** Edits that overlapped an earlier one and were left out. */
  skipped: TextEdit[];
}

/**
 * Applies text edits to a text. Edits that overlap an edit already taken are
 * skipped and returned, so that "fix all" can run again on the result.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): ApplyResult {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  const taken: Array<{ start: number; end: number; newText: string }> = [];
  const skipped: TextEdit[] = [];
  let lastEnd = -1;
  for (const e of sorted) {
    const start = lines.offsetAt(e.range.start);
    const end = lines.offsetAt(e.range.end);
    // Edits that touch end to start are fine; edits that overlap are not.
    if (start < lastEnd) {
      skipped.push(e);
      continue;
    }
    taken.push({ start, end, newText: e.newText });
    lastEnd = Math.max(lastEnd, end);
  }
  let out = '';
  let pos = 0;
  for (const t of taken) {
    out += text.slice(pos, t.start) + t.newText;
    pos = t.end;
  }
  out += text.slice(pos);
  return { text: out, skipped };
}
