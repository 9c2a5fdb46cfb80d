/**
 * solc's findings between compiles. The compiler runs on save or when idle,
 * never on the typing path, so its findings describe the last compiled text.
 * On an edit, a compiler finding whose range the edit touches (for a syntax
 * error: any edit on its lines) is dropped at once: the code it was about has
 * changed. The others are kept, moved with the text, and marked as from the
 * last compile (in their message and in the diagnostic's data) until the next
 * deep run replaces them.
 */
import { LineIndex, type Finding, type Range } from '../../engine/src';

/** Findings that come from solc. */
export const COMPILER_RULES: ReadonlySet<string> = new Set(['compiler-error', 'compiler-warning']);

/** What a finding carried over from an earlier text says about itself. */
export const LAST_COMPILE_NOTE = ' (from the last compile)';

const carried = new WeakSet<Finding>();

/** Whether a finding was computed by an earlier compile and moved with the text since. */
export function fromLastCompile(f: Finding): boolean {
  return carried.has(f);
}

/** One edit as the difference between two texts: the common prefix and suffix are unchanged. */
export interface TextChange {
  start: number;
  /** End of the replaced span in the old text. */
  oldEnd: number;
  /** End of the inserted span in the new text. */
  newEnd: number;
}

export function diffTexts(old: string, text: string): TextChange | undefined {
  if (old === text) return undefined;
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  return { start: p, oldEnd: old.length - s, newEnd: text.length - s };
}

/** Syntax errors are about a whole line: the parser names the token after the problem. */
function isSyntaxError(f: Finding): boolean {
  return f.ruleId === 'compiler-error' && /^(ParserError|SyntaxError|DocstringParsingError)\b/.test(f.message);
}

/**
 * Moves compiler findings from `old` to `text`: those the edit touches are
 * dropped, the others shifted and marked as from the last compile.
 */
export function carryCompilerFindings(findings: readonly Finding[], old: string, text: string): { kept: Finding[]; dropped: number } {
  const change = diffTexts(old, text);
  if (!change) return { kept: [...findings], dropped: 0 };
  const before = new LineIndex(old);
  const after = new LineIndex(text);
  const delta = change.newEnd - change.oldEnd;
  const kept: Finding[] = [];
  let dropped = 0;
  for (const f of findings) {
    let start = before.offsetAt(f.range.start);
    let end = before.offsetAt(f.range.end);
    const syntax = isSyntaxError(f);
    const zoneStart = syntax ? before.lineStart(f.range.start.line) : start;
    // Up to the end of the line: joining it with the next (deleting its break) touches it.
    const zoneEnd = syntax ? before.lineEnd(f.range.end.line) : end;
    // Touching: the edit overlaps the range or borders on it (typing at its edge changes the token).
    if (change.start <= zoneEnd && change.oldEnd >= zoneStart) {
      dropped++;
      continue;
    }
    if (start >= change.oldEnd) {
      start += delta;
      end += delta;
    }
    kept.push(markCarried(f, after.range(start, end)));
  }
  return { kept, dropped };
}

function markCarried(f: Finding, range: Range): Finding {
  const message = fromLastCompile(f) ? f.message : f.message + LAST_COMPILE_NOTE;
  const out: Finding = { ...f, range, message };
  carried.add(out);
  return out;
}

/**
 * Moves any finding with the text, keeping it even where the edit touches it
 * (as an editor moves its markers): for a publish between analyses.
 */
export function shiftFinding(f: Finding, old: LineIndex, text: LineIndex, change: TextChange): Finding {
  const delta = change.newEnd - change.oldEnd;
  const move = (o: number) => (o >= change.oldEnd ? o + delta : o > change.start ? Math.min(o, change.newEnd) : o);
  const range = text.range(move(old.offsetAt(f.range.start)), move(old.offsetAt(f.range.end)));
  const out: Finding = { ...f, range };
  if (fromLastCompile(f)) carried.add(out);
  return out;
}
