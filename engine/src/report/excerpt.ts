import type { Range } from '../types';

/** Source lines around a range, numbered, with a caret line under the first line of the range. */
export interface Excerpt {
  lines: Array<{ number: number; text: string; marked: boolean }>;
  caret: { line: number; start: number; length: number };
}

export function excerpt(source: string | undefined, range: Range, context = 1): Excerpt | undefined {
  if (source === undefined) return undefined;
  const all = source.split(/\r\n|\r|\n/);
  if (range.start.line >= all.length) return undefined;
  const first = Math.max(0, range.start.line - context);
  const last = Math.min(all.length - 1, Math.min(range.end.line, range.start.line + 3) + context);
  const lines = [];
  for (let i = first; i <= last; i++) lines.push({ number: i + 1, text: all[i].replace(/\t/g, '    '), marked: i >= range.start.line && i <= range.end.line });
  const startLine = all[range.start.line];
  const prefix = startLine.slice(0, range.start.character).replace(/\t/g, '    ');
  const endChar = range.end.line === range.start.line ? range.end.character : startLine.length;
  const length = Math.max(1, startLine.slice(range.start.character, endChar).replace(/\t/g, '    ').length);
  return { lines, caret: { line: range.start.line + 1, start: prefix.length, length } };
}
