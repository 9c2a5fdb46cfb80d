/**
 * What every analysis must satisfy, whatever the input: it returns (never
 * throws), no rule throws, and every range it reports (findings, the edits of
 * their fixes, syntax errors) lies inside the text, on a real line, start
 * before end. Lines are split here independently of the engine, the way LSP
 * counts them: `\r\n`, `\r` and `\n` each end a line.
 */
import { performance } from 'node:perf_hooks';
import { analyze, type AnalysisResult, type AnalyzeOptions, type Range } from '../../engine/src';

export interface Problem {
  kind: 'exception' | 'rule-error' | 'range' | 'line-endings';
  detail: string;
}

/** The length of each line of `text`, without its line break. */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

/** Why `r` is not a range inside a text of these line lengths, or undefined when it is. */
export function rangeProblem(r: Range, lines: number[]): string | undefined {
  const pos = (p: { line: number; character: number }, what: string) => {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `${what} ${p.line}:${p.character} is not a position`;
    if (p.line >= lines.length) return `${what} line ${p.line} is past the last line (${lines.length - 1})`;
    if (p.character > lines[p.line]) return `${what} ${p.line}:${p.character} is past the end of its line (${lines[p.line]} characters)`;
    return undefined;
  };
  const bad = pos(r.start, 'start') ?? pos(r.end, 'end');
  if (bad) return bad;
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `inverted range ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  return undefined;
}

/** The problems of one analysis result of `text`. */
export function resultProblems(text: string, r: AnalysisResult): Problem[] {
  const out: Problem[] = [];
  const lines = lineLengths(text);
  for (const e of r.ruleErrors) out.push({ kind: 'rule-error', detail: `${e.ruleId}: ${e.message} ${(e.stack ?? '').split('\n')[1]?.trim() ?? ''}` });
  for (const f of r.findings) {
    const p = rangeProblem(f.range, lines);
    if (p) out.push({ kind: 'range', detail: `${f.ruleId} finding: ${p}` });
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        const q = rangeProblem(e.range, lines);
        if (q) out.push({ kind: 'range', detail: `${f.ruleId} fix "${fix.title}": ${q}` });
      }
    }
  }
  for (const e of r.parseErrors) {
    const p = rangeProblem(e.range, lines);
    if (p) out.push({ kind: 'range', detail: `syntax error "${e.message.slice(0, 60)}": ${p}` });
  }
  return out;
}

/** Analyses `text`; an exception is a problem like any other. */
export function analyzeChecked(text: string, options: AnalyzeOptions = {}): { result?: AnalysisResult; ms: number; problems: Problem[] } {
  const t0 = performance.now();
  try {
    const result = analyze(text, options);
    const ms = performance.now() - t0;
    return { result, ms, problems: resultProblems(text, result) };
  } catch (err) {
    return { ms: performance.now() - t0, problems: [{ kind: 'exception', detail: (err as Error)?.stack ?? String(err) }] };
  }
}

/** A finding's place, independent of the text's line breaks. */
function placeKey(r: AnalysisResult): string[] {
  const at = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
  return r.findings.map((f) => `${f.ruleId} ${at(f.range)} [${f.fixes.map((x) => x.edits.map((e) => at(e.range)).join(' ')).join(' | ')}]`).sort();
}

/**
 * The same code with `\n`, `\r\n` and `\r` line breaks must give the same
 * findings on the same lines and characters. Texts where the kind of break
 * changes what the code means are left out: a backslash before a line break
 * (an escape in a string takes one character of `\r\n`, not both).
 */
export function lineEndingProblems(text: string, options: AnalyzeOptions = {}): Problem[] {
  const lf = text.replace(/\r\n|\r|\n/g, '\n');
  if (/\\\n/.test(lf)) return [];
  const variants: Array<[string, string]> = [
    ['\\n', lf],
    ['\\r\\n', lf.replace(/\n/g, '\r\n')],
    ['\\r', lf.replace(/\n/g, '\r')],
  ];
  const keys: string[][] = [];
  const out: Problem[] = [];
  for (const [name, t] of variants) {
    const c = analyzeChecked(t, options);
    out.push(...c.problems.map((p) => ({ ...p, detail: `with ${name} line breaks: ${p.detail}` })));
    keys.push(c.result ? placeKey(c.result) : []);
  }
  for (let i = 1; i < variants.length; i++) {
    const a = new Set(keys[0]);
    const b = new Set(keys[i]);
    const onlyA = keys[0].filter((k) => !b.has(k));
    const onlyB = keys[i].filter((k) => !a.has(k));
    if (onlyA.length > 0 || onlyB.length > 0) {
      out.push({ kind: 'line-endings', detail: `${variants[i][0]} differs from \\n: only with \\n: ${onlyA.slice(0, 3).join('; ')}; only with ${variants[i][0]}: ${onlyB.slice(0, 3).join('; ')}` });
    }
  }
  return out;
}
