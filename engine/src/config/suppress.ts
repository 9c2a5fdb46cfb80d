import type { RawComment } from '../parse/antlr';
import type { LineIndex } from '../parse/positions';
import type { Finding, Range, RuleMeta } from '../types';

type Tool = 'synor' | 'slither' | 'solhint';
type Scope = 'next-line' | 'line' | 'start' | 'end' | 'file';

/** One suppression comment, as written. */
export interface Directive {
  tool: Tool;
  scope: Scope;
  /** Ids as written; empty means every rule of that tool. */
  ids: string[];
  /** The comment's range in the file. */
  range: Range;
  line: number;
}

const DIRECTIVE = /^\s*(synor|slither|solhint)-(disable-next-line|disable-line|disable-file|disable-start|disable-end|disable|enable)\b([^\n]*)$/;

const SCOPES: Record<string, Scope> = {
  'disable-next-line': 'next-line',
  'disable-line': 'line',
  'disable-file': 'file',
  'disable-start': 'start',
  disable: 'start',
  'disable-end': 'end',
  enable: 'end',
};

export function parseDirectives(comments: readonly RawComment[], lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    // A block comment may hold one directive per line, as solhint allows.
    const parts = c.kind === 'block' ? c.value.split(/\r\n|\r|\n/).map((s) => s.replace(/^\s*\*?/, '')) : [c.value];
    for (const part of parts) {
      const m = DIRECTIVE.exec(part);
      if (!m) continue;
      // Text after `--` is a reason for people, not rule ids.
      const idsText = m[3].split('--')[0];
      const ids = idsText.split(/[\s,]+/).filter(Boolean);
      const range = lines.range(c.start, c.end);
      out.push({ tool: m[1] as Tool, scope: SCOPES[m[2]], ids, range, line: range.start.line });
    }
  }
  return out;
}

interface Span {
  directive: Directive;
  fromLine: number;
  toLine: number;
  /** Our rule ids this span covers, or null for every rule. */
  rules: Set<string> | null;
  used: boolean;
}

export interface SuppressionResult {
  kept: Finding[];
  suppressed: Finding[];
  /** Synor directives that suppressed nothing, or that name unknown rules. */
  problems: Array<{ range: Range; message: string; messageId: 'unknown-rule' | 'suppresses-nothing' }>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Applies suppression comments to findings. `elsewhere` names the ids of
 * findings another pass reports (the deep tier's bytecode detectors): a comment
 * naming them names no unknown rule, and one naming only them is not said to
 * suppress nothing here (that pass applies it to its own findings). Synor's own comments name our rule
 * ids; Slither's and solhint's are honoured for rules that map to theirs.
 */
export function applySuppressions(findings: Finding[], directives: Directive[], rules: ReadonlyMap<string, RuleMeta>, lineCount: number, elsewhere: ReadonlySet<string> = NONE): SuppressionResult {
  const problems: SuppressionResult['problems'] = [];
  const spans: Span[] = [];
  const open: Span[] = [];
  for (const d of directives) {
    const resolved = resolveIds(d, rules);
    if (d.tool === 'synor') {
      for (const unknown of resolved.unknown) if (!elsewhere.has(unknown)) problems.push({ range: d.range, messageId: 'unknown-rule', message: `Suppression names an unknown rule "${unknown}".` });
      if (d.ids.length > 0 && resolved.rules && resolved.rules.size === 0) continue;
    } else if (resolved.rules && resolved.rules.size === 0) {
      continue;
    }
    const make = (fromLine: number, toLine: number): Span => ({ directive: d, fromLine, toLine, rules: resolved.rules, used: false });
    switch (d.scope) {
      case 'next-line':
        spans.push(make(d.range.end.line + 1, d.range.end.line + 1));
        break;
      case 'line':
        spans.push(make(d.line, d.line));
        break;
      case 'file':
        spans.push(make(0, lineCount));
        break;
      case 'start': {
        const s = make(d.line, lineCount);
        spans.push(s);
        open.push(s);
        break;
      }
      case 'end': {
        // Close the most recent open region of the same tool with the same ids.
        for (let i = open.length - 1; i >= 0; i--) {
          const o = open[i];
          if (o.directive.tool === d.tool && sameIds(o.directive.ids, d.ids)) {
            o.toLine = d.line;
            open.splice(i, 1);
            break;
          }
        }
        break;
      }
    }
  }
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const line = f.range.start.line;
    let hit = false;
    for (const s of spans) {
      if (line >= s.fromLine && line <= s.toLine && (s.rules === null || s.rules.has(f.ruleId))) {
        s.used = true;
        hit = true;
      }
    }
    (hit ? suppressed : kept).push(f);
  }
  for (const s of spans) {
    if (!s.used && s.directive.tool === 'synor' && !(s.directive.ids.length > 0 && s.directive.ids.every((id) => elsewhere.has(id)))) {
      const what = s.directive.ids.length > 0 ? s.directive.ids.join(', ') : 'all rules';
      problems.push({ range: s.directive.range, messageId: 'suppresses-nothing', message: `This suppression (${what}) suppresses nothing; remove it.` });
    }
  }
  return { kept, suppressed, problems };
}

function sameIds(a: string[], b: string[]): boolean {
  return b.length === 0 || (a.length === b.length && a.every((x) => b.includes(x)));
}

function resolveIds(d: Directive, rules: ReadonlyMap<string, RuleMeta>): { rules: Set<string> | null; unknown: string[] } {
  if (d.tool === 'synor') {
    if (d.ids.length === 0) return { rules: null, unknown: [] };
    const known = new Set<string>();
    const unknown: string[] = [];
    for (const id of d.ids) (rules.has(id) ? known.add(id) : unknown.push(id));
    return { rules: known, unknown };
  }
  const out = new Set<string>();
  for (const meta of rules.values()) {
    const theirs = meta.aliases?.[d.tool];
    if (!theirs || theirs.length === 0) continue;
    if (d.ids.length === 0 || d.ids.some((id) => theirs.includes(id))) out.add(meta.id);
  }
  return { rules: out, unknown: [] };
}
