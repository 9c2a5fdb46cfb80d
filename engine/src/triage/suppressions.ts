import { analyze, type AnalyzeOptions } from '../analyze';
import { parse } from '../parse';
import type { Finding } from '../types';

const SYNOR_DIRECTIVE = /^\s*\*?\s*synor-(disable-next-line|disable-line|disable-file|disable-start|disable|disable-end|enable)\b([^\n]*)/m;

export interface SuppressedFinding {
  finding: Finding;
  /** The reason written after `--` in the comment that suppressed it, when one is found on its line or the line before. */
  reason?: string;
  /** 0-based line of that comment. */
  commentLine?: number;
}

/**
 * The findings that inline `synor-disable…` comments suppress in this text:
 * the file is analysed once as it is and once with those comments blanked
 * out (same length, same lines, so every fingerprint is the same), and the
 * findings only the second run has are the suppressed ones.
 */
export function suppressedFindings(text: string, options: AnalyzeOptions = {}): SuppressedFinding[] {
  const parsed = parse(text);
  const directives = parsed.comments.filter((c) => SYNOR_DIRECTIVE.test(c.value));
  if (directives.length === 0) return [];
  let blanked = text;
  for (const c of directives) blanked = blanked.slice(0, c.start) + text.slice(c.start, c.end).replace(/[^\r\n]/g, ' ') + blanked.slice(c.end);
  const { parsed: _p, ...rest } = options;
  const kept = analyze(text, { ...rest, parsed: parsed }).findings;
  const all = analyze(blanked, rest).findings;
  const left = new Map<string, number>();
  for (const f of kept) if (f.fingerprint) left.set(f.fingerprint, (left.get(f.fingerprint) ?? 0) + 1);
  const out: SuppressedFinding[] = [];
  for (const f of all) {
    const n = f.fingerprint ? (left.get(f.fingerprint) ?? 0) : 0;
    if (n > 0) {
      left.set(f.fingerprint!, n - 1);
      continue;
    }
    if (f.ruleId === 'unused-suppression') continue;
    const line = f.range.start.line;
    const near = directives.find((c) => {
      const l = parsed.lines.positionAt(c.start).line;
      return l === line || l === line - 1;
    });
    const m = near ? SYNOR_DIRECTIVE.exec(near.value) : null;
    const reason = m && m[2].includes('--') ? m[2].slice(m[2].indexOf('--') + 2).trim() : undefined;
    out.push({ finding: f, ...(reason ? { reason } : {}), ...(near ? { commentLine: parsed.lines.positionAt(near.start).line } : {}) });
  }
  return out;
}
