import { performance } from 'node:perf_hooks';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { LineIndex, comparePositions } from './parse/positions';
import { parse, type ParsedFile } from './parse';
import { analyze, type AnalyzeOptions } from './analyze';
import { forEachChild } from './facts/ast-index';
import { lineEdits } from './diff';
import type { AnalysisResult, Finding, Fix, Range, TextEdit } from './types';

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

// ---------------------------------------------------------------------------
// Fix all: every chosen fix of a file, computed together and re-checked.
// ---------------------------------------------------------------------------

export interface FixAllOptions extends Omit<AnalyzeOptions, 'only' | 'startedAt'> {
  /** Apply unsafe fixes too (the first fix of each finding); by default only safe fixes. */
  unsafe?: boolean;
  /** Only fixes of findings of these rules (every finding is still re-checked). */
  rules?: readonly string[];
  /** At most this many rounds of apply, re-analyse (default 5). */
  maxPasses?: number;
}

/** A fix that was applied. `range` is its finding's, in the text as it was given. */
export interface AppliedFix {
  ruleId: string;
  messageId: string;
  title: string;
  safety: 'safe' | 'unsafe';
  range: Range;
  /** The round (1-based) in which it was applied. */
  pass: number;
}

/**
 * Why a fix was left out: `unsafe` (only safe fixes were asked for), `conflict`
 * (it overlapped a fix taken before it in every round), `does-not-parse` (the
 * result would not parse), `new-finding` (the result would raise a finding the
 * text did not have), `rule-error` (a rule failed on the result), `not-checked`
 * (the time budget or the signal stopped the re-check).
 */
export type SkipReason = 'unsafe' | 'conflict' | 'does-not-parse' | 'new-finding' | 'rule-error' | 'not-checked';

export interface SkippedFix extends Omit<AppliedFix, 'pass'> {
  reason: SkipReason;
  /** In words, e.g. "the result would raise uninitialized-state (never-assigned) at line 12". */
  detail: string;
}

export interface FixAllResult {
  /** The text with the fixes applied (the given text when none was). */
  text: string;
  changed: boolean;
  /** Edits that turn the given text into `text`, one per changed run of lines, on the given text's positions. */
  edits: TextEdit[];
  applied: AppliedFix[];
  /** Findings of `text` that still have a fix, and why it was not applied. */
  skipped: SkippedFix[];
  /** Rounds run. */
  passes: number;
  /** The analysis of `text`: the findings that remain. */
  result: AnalysisResult;
  /** Set when the signal or the time budget stopped the work; what was checked by then is kept. */
  stopped?: 'aborted' | 'budget';
}

/** AST node types whose text a fix rewrites as a whole; two fixes inside one of them are not applied in the same round. */
const UNIT_TYPES = new Set([
  'SourceUnit', 'PragmaDirective', 'ImportDirective', 'ContractDefinition', 'StateVariableDeclaration', 'FunctionDefinition', 'ModifierDefinition',
  'StructDefinition', 'EnumDefinition', 'EventDefinition', 'CustomErrorDefinition', 'UsingForDeclaration', 'TypeDefinition', 'FileLevelConstant',
]);
const isUnit = (n: ASTNode) => UNIT_TYPES.has(n.type) || n.type.endsWith('Statement');

interface Span {
  start: number;
  end: number;
  text: string;
}

interface Candidate {
  finding: Finding;
  fix: Fix;
  /** Identifies the fix across rounds: rule, message, title and where its finding starts in the given text. */
  key: string;
  spans: Span[];
  units: Set<ASTNode>;
}

/** One round's state: a text, its parse and its analysis. */
interface State {
  text: string;
  parsed: ParsedFile;
  result: AnalysisResult;
}

type Verdict = { ok: true; state: State } | { ok: false; reason: Exclude<SkipReason, 'unsafe' | 'conflict'>; detail: string };

/** Offsets of one round's edits, to map a position after the round back to before it. */
type RoundEdits = Array<{ start: number; end: number; length: number }>;

/** Maps an offset in the text after `edits` to the text before them; inside a replacement, to the replaced range. */
function mapBack(edits: RoundEdits, offset: number): { offset: number; inside?: [number, number] } {
  let delta = 0;
  for (const e of edits) {
    const newStart = e.start + delta;
    if (offset < newStart) break;
    if (offset < newStart + e.length) return { offset: e.start, inside: [e.start, e.end] };
    delta += e.length - (e.end - e.start);
  }
  return { offset: offset - delta };
}

/**
 * Every fix of a file that can be applied together: the first safe fix of
 * each finding (or its first fix, with `unsafe`), all computed on one text and
 * applied at once, then the result parsed and analysed again. A round keeps
 * the fixes whose result parses no worse, raises no finding the text did not
 * have and makes no rule fail; when the result of a round fails, its fixes are
 * split and checked in halves, so that the fixes to blame are left out and the
 * others kept. Fixes that touch the same statement or declaration as one taken
 * before them (in the order of their findings) wait for the next round, which
 * analyses the new text afresh; rounds repeat until nothing changes or
 * `maxPasses`. Deterministic for a given text, options and project.
 *
 * Never throws on input; honours the signal and the time budget (the whole
 * work counts against `budgetMs`), keeping what was checked when it stops.
 */
export function fixAll(text: string, options: FixAllOptions = {}): FixAllResult {
  const t0 = performance.now();
  const { unsafe = false, rules, maxPasses = 5, parsed: given, ...rest } = options;
  const analyzeText = (t: string, parsed: ParsedFile) => analyze(t, { ...rest, parsed, startedAt: t0 });
  const stoppedBy = (r: AnalysisResult): FixAllResult['stopped'] => (r.aborted ? 'aborted' : r.cutShort ? 'budget' : undefined);
  const original = new LineIndex(text);
  const firstParse = given && given.text === text ? given : parse(text);
  let state: State = { text, parsed: firstParse, result: analyzeText(text, firstParse) };
  const rounds: RoundEdits[] = [];
  /** An offset of the current text in the given text. */
  const toOriginal = (offset: number): number => {
    let o = offset;
    for (let i = rounds.length - 1; i >= 0; i--) o = mapBack(rounds[i], o).offset;
    return o;
  };
  const originalRange = (lines: LineIndex, r: Range): Range => original.range(toOriginal(lines.offsetAt(r.start)), toOriginal(lines.offsetAt(r.end)));
  const applied: AppliedFix[] = [];
  const rejected = new Map<string, { reason: SkipReason; detail: string }>();
  const deferred = new Set<string>();
  let stopped = stoppedBy(state.result);
  let passes = 0;

  const chosenFix = (f: Finding): Fix | undefined => {
    if (rules && !rules.includes(f.ruleId)) return undefined;
    const fix = unsafe ? f.fixes[0] : f.fixes.find((x) => x.safety === 'safe');
    return fix && fix.edits.length > 0 ? fix : undefined;
  };
  const keyOf = (lines: LineIndex, f: Finding, fix: Fix) => `${f.ruleId}|${f.messageId}|${fix.title}|${toOriginal(lines.offsetAt(f.range.start))}`;

  while (!stopped && passes < maxPasses) {
    const base = state;
    const lines = base.parsed.lines;
    const root = base.parsed.ast;
    // Choose this round's fixes, in the order of their findings.
    const taken: Candidate[] = [];
    const takenUnits = new Set<ASTNode>();
    const takenSpans: Span[] = [];
    deferred.clear();
    for (const f of base.result.findings) {
      const fix = chosenFix(f);
      if (!fix) continue;
      const key = keyOf(lines, f, fix);
      if (rejected.has(key)) continue;
      const spans = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => a.start - b.start || a.end - b.end);
      if (spans.some((s, i) => i > 0 && overlaps(spans[i - 1], s))) {
        rejected.set(key, { reason: 'does-not-parse', detail: 'its own edits overlap' });
        continue;
      }
      const units = new Set(spans.map((s) => unitAt(root, s.start, s.end)));
      if (spans.some((s) => takenSpans.some((t) => overlaps(s, t))) || [...units].some((u) => takenUnits.has(u))) {
        deferred.add(key);
        continue;
      }
      taken.push({ finding: f, fix, key, spans, units });
      for (const u of units) takenUnits.add(u);
      takenSpans.push(...spans);
    }
    if (taken.length === 0) break;
    passes++;

    // Check them together; when that fails, in halves, keeping what passes.
    let last: State = base;
    let halted = false;
    const check = (set: Candidate[]): Verdict | undefined => {
      const spans = set.flatMap((c) => c.spans).sort((a, b) => a.start - b.start || a.end - b.end);
      let out = '';
      let pos = 0;
      for (const s of spans) {
        out += base.text.slice(pos, s.start) + s.text;
        pos = s.end;
      }
      out += base.text.slice(pos);
      const round: RoundEdits = spans.map((s) => ({ start: s.start, end: s.end, length: s.text.length }));
      const parsed = parse(out);
      if (parsed.errors.length > base.parsed.errors.length) {
        const e = parsed.errors.find((x) => !base.parsed.errors.some((y) => y.message === x.message)) ?? parsed.errors[0];
        return { ok: false, reason: 'does-not-parse', detail: `the result would not parse (${e.message} at line ${original.positionAt(toOriginal(mapBack(round, parsed.lines.offsetAt(e.range.start)).offset)).line + 1})` };
      }
      const result = analyzeText(out, parsed);
      const why = stoppedBy(result);
      if (why) {
        stopped = why;
        halted = true;
        return undefined;
      }
      const failing = result.ruleErrors.find((e) => !base.result.ruleErrors.some((b) => b.ruleId === e.ruleId));
      if (failing) return { ok: false, reason: 'rule-error', detail: `rule ${failing.ruleId} fails on the result (${failing.message})` };
      const fresh = newFindings(base, { text: out, parsed, result }, round);
      if (fresh.length > 0) {
        const f = fresh[0];
        const at = original.positionAt(toOriginal(mapBack(round, parsed.lines.offsetAt(f.range.start)).offset)).line + 1;
        return { ok: false, reason: 'new-finding', detail: `the result would raise ${f.ruleId} (${f.messageId}) at line ${at}: ${f.message}` };
      }
      return { ok: true, state: { text: out, parsed, result } };
    };
    const solve = (set: Candidate[], accepted: Candidate[]): Candidate[] => {
      if (set.length === 0 || halted) return [];
      const v = check([...accepted, ...set]);
      if (!v) return [];
      if (v.ok) {
        last = v.state;
        return set;
      }
      if (set.length === 1) {
        rejected.set(set[0].key, { reason: v.reason, detail: v.detail });
        return [];
      }
      const half = Math.ceil(set.length / 2);
      const left = solve(set.slice(0, half), accepted);
      return [...left, ...solve(set.slice(half), [...accepted, ...left])];
    };
    const kept = solve(taken, []);
    if (kept.length === 0) {
      // Nothing of this round could be applied; what waited behind it is tried next.
      if (deferred.size === 0 || halted) break;
      continue;
    }
    for (const c of kept) applied.push({ ruleId: c.finding.ruleId, messageId: c.finding.messageId, title: c.fix.title, safety: c.fix.safety, range: originalRange(lines, c.finding.range), pass: passes });
    rounds.push(kept.flatMap((c) => c.spans).sort((a, b) => a.start - b.start).map((s) => ({ start: s.start, end: s.end, length: s.text.length })));
    state = last;
    // Nothing waited for this round: another would find only what these fixes created, which the check forbids.
    if (deferred.size === 0) break;
  }

  const skipped: SkippedFix[] = [];
  const lines = state.parsed.lines;
  for (const f of state.result.findings) {
    if (f.fixes.length === 0 || (rules && !rules.includes(f.ruleId))) continue;
    const fix = chosenFix(f);
    const range = originalRange(lines, f.range);
    const base = { ruleId: f.ruleId, messageId: f.messageId, range };
    if (!fix) {
      const first = f.fixes[0];
      skipped.push({ ...base, title: first.title, safety: first.safety, reason: 'unsafe', detail: `unsafe: ${first.reason ?? 'it may change behaviour'}` });
      continue;
    }
    const key = keyOf(lines, f, fix);
    const r = rejected.get(key);
    if (r) skipped.push({ ...base, title: fix.title, safety: fix.safety, reason: r.reason, detail: r.detail });
    else if (stopped) skipped.push({ ...base, title: fix.title, safety: fix.safety, reason: 'not-checked', detail: stopped === 'aborted' ? 'stopped before it could be checked' : 'the time limit was reached before it could be checked' });
    else skipped.push({ ...base, title: fix.title, safety: fix.safety, reason: 'conflict', detail: `it overlaps another fix in each of ${passes} round${passes === 1 ? '' : 's'}` });
  }
  return { text: state.text, changed: state.text !== text, edits: lineEdits(text, state.text), applied, skipped, passes, result: state.result, ...(stopped ? { stopped } : {}) };
}

/** Two edits overlap: they share a character, or insert at one place, or one inserts strictly inside the other. */
function overlaps(a: Span, b: Span): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** The smallest statement or declaration whose text holds `[start, end)`. */
function unitAt(root: ASTNode, start: number, end: number): ASTNode {
  let unit: ASTNode = root;
  let node: ASTNode | undefined = root;
  while (node) {
    let next: ASTNode | undefined;
    forEachChild(node, (c) => {
      if (next || !c.range) return;
      if (c.range[0] <= start && end <= c.range[1] + 1) next = c;
    });
    if (next && isUnit(next)) unit = next;
    node = next;
  }
  return unit;
}

/**
 * Findings of `after` that `before` did not have. A finding of `after` is
 * mapped back through the round's edits and matched, one to one, with a
 * finding of the same rule and message of `before`: at the same place, else
 * inside the replaced text it came from (where one may stand for several: a
 * fix that duplicates code duplicates its findings), else on the same line.
 */
function newFindings(before: State, after: State, round: RoundEdits): Finding[] {
  return introduced(before.parsed.lines, before.result.findings, after.parsed.lines, after.result.findings, round);
}

/**
 * The findings of `after` (the analysis of `afterText`, which `edits` made
 * from `beforeText`) that the analysis of `beforeText` did not have, matched
 * as "fix all" matches them. For checks of fixes from outside (the fix-safety
 * benchmark).
 */
export function findingsIntroduced(beforeText: string, before: readonly Finding[], afterText: string, after: readonly Finding[], edits: readonly TextEdit[]): Finding[] {
  const bl = new LineIndex(beforeText);
  const round: RoundEdits = edits
    .map((e) => ({ start: bl.offsetAt(e.range.start), end: bl.offsetAt(e.range.end), length: e.newText.length }))
    .sort((a, b) => a.start - b.start);
  return introduced(bl, before, new LineIndex(afterText), after, round);
}

function introduced(bl: LineIndex, beforeFindings: readonly Finding[], al: LineIndex, afterFindings: readonly Finding[], round: RoundEdits): Finding[] {
  const pool = beforeFindings.map((f) => ({ f, at: bl.offsetAt(f.range.start), line: f.range.start.line, used: false }));
  const mapped = afterFindings.map((f) => ({ f, m: mapBack(round, al.offsetAt(f.range.start)), matched: false }));
  const same = (a: Finding, b: Finding) => a.ruleId === b.ruleId && a.messageId === b.messageId;
  const tiers: Array<(p: (typeof pool)[number], x: (typeof mapped)[number]) => boolean> = [
    (p, x) => p.at === x.m.offset,
    (p, x) => !!x.m.inside && p.at >= x.m.inside[0] && p.at <= x.m.inside[1],
    (p, x) => p.line === bl.positionAt(x.m.offset).line,
  ];
  tiers.forEach((tier, i) => {
    for (const x of mapped) {
      if (x.matched) continue;
      // Inside rewritten text, one finding may stand for several: a fix that splits
      // `require(a && b, "…")` in two carries the finding on its string into both.
      const p = pool.find((q) => (i === 1 || !q.used) && same(q.f, x.f) && tier(q, x));
      if (p) {
        p.used = true;
        x.matched = true;
      }
    }
  });
  return mapped.filter((x) => !x.matched).map((x) => x.f);
}
