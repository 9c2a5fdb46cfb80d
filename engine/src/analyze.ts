import semver from 'semver';
import { performance } from 'node:perf_hooks';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { LineIndex, parse, type ParsedFile } from './parse';
import { AnalysisStopped, checkpointFor, NEVER_STOP, type Checkpoint } from './stop';
import { allowsAtLeast, allowsBelow, type SolcInfo } from './parse/pragma';
import { compareRanges } from './parse/positions';
import { AstIndex } from './facts/ast-index';
import type { TypedIndex } from './facts/typed';
import { inMemoryFile, type Project, type SourceFile } from './project';
import { appliesToTestCode, isTestCode } from './project/test-code';
import { findingOf, messageIdOf, type Fact, type FactContext, type ReportDescriptor, type RuleContext, type RuleDefinition, type Visitor } from './rules/framework';
import { allRules, ruleMap } from './rules';
import { defaultConfig, type SynorConfig } from './config/config';
import { applySuppressions, parseDirectives } from './config/suppress';
import { assignFingerprints } from './fingerprint';
import { BYTECODE_DETECTOR_IDS } from './bytecode/detectors';
import type { AnalysisCutShort, AnalysisResult, Finding, Range, RuleError, RuleMeta, TextEdit } from './types';

export interface AnalyzeOptions {
  /** The file's path as the caller names it; copied into every finding. */
  path?: string;
  config?: SynorConfig;
  signal?: AbortSignal;
  /**
   * Time budget in milliseconds, for the whole analysis (the parse included).
   * When it runs out, the analysis stops at its next checkpoint and returns
   * what it found until then, with an `analysis-incomplete` finding.
   */
  budgetMs?: number;
  /**
   * When the budget started, as a `performance.now()` time; by default when
   * `analyze` is called. A caller that did part of the work first (parsed the
   * text itself) counts that part in.
   */
  startedAt?: number;
  /** Run only these rules (by id); the default is every enabled rule. */
  only?: readonly string[];
  /** Reuse a parse of exactly this text, e.g. one the server already holds. */
  parsed?: ParsedFile;
  /**
   * The project the file belongs to: its facts are then built over the file's
   * whole import closure, read through the project (overlays win over the disk).
   */
  project?: Project;
  /**
   * The compiler's typed AST of the files it compiled (the deep tier builds it):
   * the facts answer from it where it covers a node, and from their own
   * resolver elsewhere. The rules are the same either way.
   */
  typed?: TypedIndex;
  /**
   * A debugging aid: when given, each fact's own time in milliseconds (the
   * facts it asked for in turn left out) is added to it by fact id. Rule
   * times (`stats.ruleMs`) count the facts a rule was the first to ask for.
   */
  factMs?: Record<string, number>;
}

/** How many nodes the walk visits between checkpoints. */
const CHECK_INTERVAL = 64;

/** A rule's handler that runs longer than this is followed by a checkpoint. */
const SLOW_HANDLER_MS = 5;

/**
 * The fast tier: parse and run every enabled rule over the AST in one walk.
 * Never throws on user input; a rule that throws is reported in `ruleErrors`
 * while the others go on. The signal and the time budget are checked
 * throughout (the parser included); `cutShort` says where it stopped.
 */
export function analyze(source: string, options: AnalyzeOptions = {}): AnalysisResult {
  const t0 = performance.now();
  const file = options.path ?? '<input>';
  const config = options.config ?? defaultConfig();
  const text = typeof source === 'string' ? source : String(source ?? '');
  const budgetMs = typeof options.budgetMs === 'number' && !Number.isNaN(options.budgetMs) ? Math.max(0, options.budgetMs) : undefined;
  const started = typeof options.startedAt === 'number' && Number.isFinite(options.startedAt) ? Math.min(t0, options.startedAt) : t0;
  const check = checkpointFor(options.signal, budgetMs === undefined || !Number.isFinite(budgetMs) ? undefined : started + budgetMs);
  let cutShort: AnalysisCutShort | undefined;
  const stoppedIn = (stage: AnalysisCutShort['stage'], err: unknown): boolean => {
    if (!(err instanceof AnalysisStopped)) return false;
    cutShort = { reason: err.reason, stage, ...(budgetMs !== undefined ? { budgetMs } : {}) };
    return true;
  };

  let parsed: ParsedFile | undefined;
  try {
    if (options.parsed && options.parsed.text === text) parsed = options.parsed;
    else if (options.project && options.path !== undefined) {
      // The project's parse of this text (shared by content with every other use of it), so that
      // the facts' closure and the rules walk one tree with one index instead of two.
      check();
      parsed = options.project.file(file, text, undefined, undefined, check)?.parsed ?? parse(text, { check });
    } else {
      check();
      parsed = parse(text, { check });
    }
  } catch (err) {
    if (!stoppedIn('parse', err)) throw err;
  }
  const t1 = performance.now();
  const ruleErrors: RuleError[] = [];
  const findings: Finding[] = [];
  const ruleMs: Record<string, number> = {};
  let rules: RuleDefinition[] = [];

  let base: FactContext | undefined;
  if (parsed) {
    try {
      base = createFactContext(parsed, file, options.project, check, options.typed, options.factMs);
    } catch (err) {
      // Without a project, this is only the file's own index: part of running the rules.
      if (!stoppedIn(options.project ? 'imports' : 'rules', err)) throw err;
    }
  }
  if (parsed && base) {
    rules = selectRules(base.solc, config, options.only, isTestCode(file, options.project?.root));
    try {
      runRules(rules, base, parsed, findings, ruleErrors, ruleMs, check);
    } catch (err) {
      if (!stoppedIn('rules', err)) throw err;
    }
  }
  const t2 = performance.now();

  // Syntax errors are findings of their own rule, so they are configured,
  // suppressed and reported like any other; so are the parts of the file the
  // analysis had to leave out, and a stop for lack of time.
  const syntaxMeta = ruleMap().get('syntax-error')!;
  if (parsed && isEnabled(syntaxMeta, config, options.only)) {
    for (const e of parsed.errors) findings.push(findingOf(syntaxMeta, file, e.range, e.message));
  }
  const incompleteMeta = ruleMap().get('analysis-incomplete')!;
  if (isEnabled(incompleteMeta, config, options.only)) {
    for (const o of parsed?.omitted ?? []) findings.push(findingOf(incompleteMeta, file, o.range, o.message, [], 'too-deep'));
    if (cutShort?.reason === 'budget') findings.push(cutShortFinding(file, parsed?.lines ?? new LineIndex(text), cutShort));
  }

  configureSeverities(findings, config);

  let kept = findings;
  if (parsed) {
    const directives = parseDirectives(parsed.comments, parsed.lines);
    const applied = applySuppressions(findings, directives, ruleMap(), parsed.lines.lineCount, BYTECODE_DETECTOR_IDS);
    kept = applied.kept;
    const unusedMeta = ruleMap().get('unused-suppression')!;
    if (!options.only && isEnabled(unusedMeta, config, undefined) && !cutShort) {
      for (const p of applied.problems) kept.push(findingOf(unusedMeta, file, p.range, p.message, [{ title: 'Remove the suppression comment', safety: 'safe', edits: [removeCommentEdit(parsed, p.range)] }], p.messageId));
    }
  }
  kept.sort((a, b) => compareRanges(a.range, b.range) || a.ruleId.localeCompare(b.ruleId));
  if (parsed) assignFingerprints(kept, parsed);

  const t3 = performance.now();
  const result: AnalysisResult = {
    file,
    findings: kept,
    parseErrors: parsed?.errors ?? [],
    ruleErrors,
    aborted: cutShort?.reason === 'aborted',
    stats: {
      parseMs: t1 - t0,
      rulesMs: t2 - t1,
      totalMs: t3 - t0,
      lines: parsed?.lines.lineCount ?? new LineIndex(text).lineCount,
      rulesRun: rules.length,
      ruleMs,
    },
  };
  if (cutShort) result.cutShort = cutShort;
  return result;
}

export interface AnalyzeMemberOptions {
  /** The file's path as the caller names it; copied into every finding. */
  path?: string;
  config?: SynorConfig;
  /** The project the file belongs to: it decides the compiler assumed and whether the file is test code. */
  project?: Project;
  signal?: AbortSignal;
  budgetMs?: number;
}

/** What the member-scope rules report inside one function or modifier (see `analyzeMember`). */
export interface MemberAnalysis {
  /** Configured (severity) as `analyze` configures them; neither suppressed nor fingerprinted. */
  findings: Finding[];
  ruleErrors: RuleError[];
  /** The ids of the rules run. */
  rules: string[];
}

/**
 * Runs the rules whose scope is `member` (see `RuleMeta.scope`) over one
 * function or modifier of a parse, and returns what they report inside it:
 * exactly what `analyze` would report there for those rules. The walk visits
 * the file's declarations but no other function or modifier, and no fact is
 * computed: a rule that asks for one fails (in `ruleErrors`), since it was
 * wrongly declared. For an edit inside one body, with the rest of an earlier
 * result moved (the language server's first answer on a large file).
 */
export function analyzeMember(parsed: ParsedFile, member: ASTNode, options: AnalyzeMemberOptions = {}): MemberAnalysis {
  const file = options.path ?? '<input>';
  const config = options.config ?? defaultConfig();
  const check = checkpointFor(options.signal, options.budgetMs === undefined ? undefined : performance.now() + options.budgetMs);
  const solc = options.project ? options.project.solcOf(parsed) : parsed.solc;
  const rules = selectRules(solc, config, undefined, isTestCode(file, options.project?.root)).filter((r) => r.meta.scope === 'member');
  const isBody = (n: ASTNode) => n.type === 'FunctionDefinition' || n.type === 'ModifierDefinition';
  const index = new AstIndex(parsed.ast, check, (n) => n !== member && isBody(n));
  const main: SourceFile = { unit: file, path: file, text: parsed.text, hash: '', parsed, index, imports: [] };
  const base: FactContext = {
    file,
    source: parsed.text,
    parsed,
    ast: parsed.ast,
    solc,
    index,
    closure: [main],
    fileOf: (node) => (node === parsed.ast || index.has(node) ? main : undefined),
    fact<T>(f: Fact<T>): T {
      throw new Error(`a rule of scope 'member' asked for the fact ${f.id}`);
    },
    text: (node) => nodeText(parsed, node),
    range: (node) => nodeRange(parsed, node),
    checkpoint: check,
  };
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  runRules(rules, base, parsed, findings, ruleErrors, {}, check, true);
  const [from, to] = nodeOffsets(parsed, member);
  const inside = findings.filter((f) => parsed.lines.offsetAt(f.range.start) >= from && parsed.lines.offsetAt(f.range.end) <= to);
  configureSeverities(inside, config);
  return { findings: inside, ruleErrors, rules: rules.map((r) => r.meta.id) };
}

/**
 * The findings `analyze` makes of a parse's syntax errors alone (the
 * `syntax-error` rule: enabled or not, its configured severity, suppression
 * comments), without fingerprints. For a caller that keeps the rest of an
 * earlier result (the language server, while the function being typed in
 * does not parse).
 */
export function syntaxErrorFindings(parsed: ParsedFile, file: string, config: SynorConfig = defaultConfig()): Finding[] {
  const meta = ruleMap().get('syntax-error')!;
  if (!isEnabled(meta, config, undefined)) return [];
  const findings = parsed.errors.map((e) => findingOf(meta, file, e.range, e.message));
  configureSeverities(findings, config);
  return applySuppressions(findings, parseDirectives(parsed.comments, parsed.lines), ruleMap(), parsed.lines.lineCount, BYTECODE_DETECTOR_IDS).kept;
}

/**
 * The `analysis-incomplete` finding that says an analysis stopped at its time
 * limit, on the first line of the file. Exported for callers that had to stop
 * an analysis from outside (the language server, when its worker did not stop).
 */
export function cutShortFinding(file: string, lines: LineIndex, cutShort: AnalysisCutShort): Finding {
  return findingOf(ruleMap().get('analysis-incomplete')!, file, lines.range(0, lines.lineEnd(0)), cutShortMessage(cutShort), [], 'time-limit');
}

function cutShortMessage(c: AnalysisCutShort): string {
  const doing = c.stage === 'parse' ? ', while parsing it' : c.stage === 'imports' ? ', while reading the files it imports' : c.stage === 'rules' ? ', while running its rules' : '';
  const limit = c.budgetMs !== undefined ? ` of ${formatMs(c.budgetMs)}` : '';
  return `Synor stopped analysing this file at its time limit${limit}${doing}: the findings shown are those found until then, and others may be missing.`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/**
 * Creates every rule's visitor, then walks the tree once, dispatching each node
 * to all of them. A rule that throws loses its findings and is reported; only
 * `AnalysisStopped` (from `check`) ends the whole run.
 */
function runRules(
  rules: RuleDefinition[],
  base: FactContext,
  parsed: ParsedFile,
  findings: Finding[],
  ruleErrors: RuleError[],
  ruleMs: Record<string, number>,
  check: Checkpoint,
  partial = false,
): void {
  const handlers = new Map<string, Handler[]>();
  // By the rule's place in `rules`: whether it failed, and the time of its handlers (folded into `ruleMs` at the end).
  const failed = new Uint8Array(rules.length);
  const times = new Float64Array(rules.length);
  const fail = (slot: number, err: unknown) => {
    if (err instanceof AnalysisStopped) throw err;
    if (failed[slot]) return;
    failed[slot] = 1;
    const e = err instanceof Error ? err : new Error(String(err));
    ruleErrors.push({ ruleId: rules[slot].meta.id, message: e.message, stack: e.stack });
  };
  const parts = ruleContextParts(parsed, base.index);
  for (let slot = 0; slot < rules.length; slot++) {
    const rule = rules[slot];
    check();
    const ctx = ruleContext(base, rule.meta, parsed, base.index, findings, parts);
    let visitor: Visitor;
    const start = performance.now();
    try {
      visitor = rule.create(ctx);
    } catch (err) {
      fail(slot, err);
      continue;
    }
    times[slot] = performance.now() - start;
    for (const [key, fn] of Object.entries(visitor)) {
      if (typeof fn !== 'function') continue;
      let list = handlers.get(key);
      if (!list) handlers.set(key, (list = []));
      list.push({ slot, fn: fn as (node: ASTNode) => void });
    }
  }
  try {
    walk(parsed.ast, base.index, handlers, failed, fail, times, check, partial);
  } finally {
    for (let slot = 0; slot < rules.length; slot++) ruleMs[rules[slot].meta.id] = times[slot];
  }
}

/** A rule's handler for one node type, with the rule's place in the list of rules run. */
interface Handler {
  slot: number;
  fn: (node: ASTNode) => void;
}

/**
 * The context facts are computed in for one parsed file: its AST index and a
 * memo of facts, each computed at most once (a fact that needs itself throws).
 */
export function createFactContext(parsed: ParsedFile, file: string, project?: Project, check: Checkpoint = NEVER_STOP, typed?: TypedIndex, factMs?: Record<string, number>): FactContext {
  const closure = fileClosure(parsed, file, project, check);
  const main = closure[0];
  const index = main.index;
  const solc = project ? project.solcFor(main) : parsed.solc;
  const cache = new Map<string, unknown>();
  const inProgress = new Set<string>();
  // With `factMs`: the time of the facts computed inside the one being computed, to leave out of its own.
  let nestedMs = 0;
  const timed = <T>(f: Fact<T>): T => {
    const outer = nestedMs;
    nestedMs = 0;
    const start = performance.now();
    try {
      return f.compute(ctx);
    } finally {
      const took = performance.now() - start;
      factMs![f.id] = (factMs![f.id] ?? 0) + took - nestedMs;
      nestedMs = outer + took;
    }
  };
  const ctx: FactContext = {
    file,
    source: parsed.text,
    parsed,
    ast: parsed.ast,
    solc,
    index,
    closure,
    project,
    typed,
    fileOf(node: ASTNode): SourceFile | undefined {
      if (node === main.parsed.ast || index.parent(node)) return main;
      for (const f of closure) if (node === f.parsed.ast || f.index.parent(node)) return f;
      return undefined;
    },
    fact<T>(f: Fact<T>): T {
      if (cache.has(f.id)) return cache.get(f.id) as T;
      if (inProgress.has(f.id)) throw new Error(`fact ${f.id} depends on itself`);
      // Facts can be costly (the program model of a 10,000-line file takes a few hundred
      // milliseconds): each begins at a checkpoint.
      check();
      inProgress.add(f.id);
      try {
        const value = factMs ? timed(f) : f.compute(ctx);
        cache.set(f.id, value);
        return value;
      } finally {
        inProgress.delete(f.id);
      }
    },
    // A node of an imported file reads that file's text.
    text: (node) => {
      if (closure.length === 1 || node === parsed.ast || index.parent(node)) return nodeText(parsed, node);
      const f = ctx.fileOf(node);
      return f ? nodeText(f.parsed, node) : nodeText(parsed, node);
    },
    range: (node) => nodeRange(parsed, node),
    checkpoint: check,
  };
  return ctx;
}

/** The file (as parsed) first, then its imports through the project; alone without one. */
function fileClosure(parsed: ParsedFile, file: string, project: Project | undefined, check: Checkpoint): SourceFile[] {
  if (!project) return [inMemoryFile(file, parsed.text, parsed, check)];
  // The file's imports, then the files that derive deployable contracts from it: a base is judged where it runs.
  const closure = project.closureWithDerived(file, parsed.text, parsed, check);
  // Keep the caller's parse (and the identity of its nodes) for the file itself.
  if (closure[0].parsed !== parsed) closure[0] = { ...closure[0], parsed, index: AstIndex.of(parsed.ast, check) };
  return closure;
}

function walk(
  root: ASTNode,
  index: AstIndex,
  handlers: Map<string, Handler[]>,
  failed: Uint8Array,
  fail: (slot: number, err: unknown) => void,
  times: Float64Array,
  check: Checkpoint,
  partial = false,
): void {
  let visited = 0;
  // Each node type's handlers on entry and on exit, looked up once per type rather than by a key built per node.
  const enter = new Map<string, Handler[] | null>();
  const leave = new Map<string, Handler[] | null>();
  const handlersOf = (node: ASTNode, exit: boolean) => {
    const byType = exit ? leave : enter;
    let list = byType.get(node.type);
    if (list === undefined) byType.set(node.type, (list = handlers.get(exit ? `${node.type}:exit` : node.type) ?? null));
    return list;
  };
  const call = (list: Handler[], node: ASTNode) => {
    // One clock reading per handler: each handler's end is the next one's start.
    let start = performance.now();
    for (let i = 0; i < list.length; i++) {
      const h = list[i];
      if (failed[h.slot] === 1) continue;
      try {
        h.fn(node);
      } catch (err) {
        fail(h.slot, err);
      }
      const end = performance.now();
      const took = end - start;
      start = end;
      times[h.slot] += took;
      // Whole-file conclusions (`SourceUnit:exit`) can take a while each: a checkpoint after any that did.
      if (took > SLOW_HANDLER_MS) {
        check();
        start = performance.now();
      }
    }
  };
  // An explicit stack keeps very deep trees from overflowing the call stack; an exit is
  // pushed as the node and `EXIT` above it.
  const stack: Array<ASTNode | typeof EXIT> = [root];
  // The parser shares some nodes between two parents (a state variable's
  // initializer is both the declaration's `initialValue` and the variable's
  // `expression`); each node is visited once, where the walk first meets it.
  // Only the nodes the index found listed twice can be met twice.
  const shared = index.shared;
  const seen = new Set<ASTNode>();
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top === EXIT) {
      const node = stack.pop() as ASTNode;
      const list = handlersOf(node, true);
      if (list) call(list, node);
      continue;
    }
    const node = top;
    if (shared.size > 0 && shared.has(node)) {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    if (++visited % CHECK_INTERVAL === 0) check();
    const list = handlersOf(node, false);
    if (list) call(list, node);
    stack.push(node, EXIT);
    const kids = index.children(node);
    // An index of part of the tree (`analyzeMember`) lists the children it left out: they are not walked.
    if (partial) {
      for (let i = kids.length - 1; i >= 0; i--) if (index.has(kids[i])) stack.push(kids[i]);
    } else for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  check();
}

/** Marks, on the walk's stack, that the node below it is being left. */
const EXIT = Symbol('exit');

/** Each finding at the severity the configuration sets for its rule, where it sets one. */
function configureSeverities(findings: readonly Finding[], config: SynorConfig): void {
  for (const f of findings) {
    const severity = config.rules[f.ruleId]?.severity;
    if (severity) f.severity = severity;
  }
}

function isEnabled(meta: RuleMeta, config: SynorConfig, only: readonly string[] | undefined): boolean {
  if (only) return only.includes(meta.id);
  return config.rules[meta.id]?.enabled ?? true;
}

function selectRules(solc: SolcInfo, config: SynorConfig, only: readonly string[] | undefined, testCode: boolean): RuleDefinition[] {
  return allRules().filter((r) => {
    if (!isEnabled(r.meta, config, only)) return false;
    // Tests and scripts are not deployed to hold value: production advice is left out there
    // (unless the caller named the rules to run).
    if (testCode && !only && !appliesToTestCode(r.meta)) return false;
    // Version-bound rules run only when the pragma allows an affected compiler.
    if (r.meta.maxSolc && !(solc.explicit && allowsBelow(solc, r.meta.maxSolc))) return false;
    if (r.meta.minSolc && !allowsAtLeast(solc, r.meta.minSolc)) return false;
    // A gas hint rewrites the code: its fix must compile with every compiler the file may be built
    // with, so a feature-bound gas rule (`unchecked`, immutables, custom errors) needs the oldest
    // allowed compiler to have the feature. One assumption per file: where the range still allows
    // unchecked arithmetic, integer-overflow warns and no rule says the checks can go.
    if (r.meta.minSolc && r.meta.category === 'gas' && semver.lt(solc.min, r.meta.minSolc)) return false;
    return true;
  });
}

function nodeOffsets(parsed: ParsedFile, node: ASTNode | null | undefined): [number, number] {
  const r = node?.range;
  if (!r) return [0, 0];
  // Error recovery can leave a node whose last token precedes its first (an empty node).
  const start = Math.max(0, Math.min(r[0], parsed.text.length));
  return [start, Math.max(start, Math.min(parsed.text.length, r[1] + 1))];
}

function nodeText(parsed: ParsedFile, node: ASTNode): string {
  const [s, e] = nodeOffsets(parsed, node);
  return parsed.text.slice(s, e);
}

function nodeRange(parsed: ParsedFile, node: ASTNode): Range {
  const [s, e] = nodeOffsets(parsed, node);
  return parsed.lines.range(s, e);
}

/** The keyword and name that open a declaration with a body, by node type: where a finding on the whole declaration is shown. */
const HEADS: Partial<Record<string, (name: string) => RegExp>> = {
  FunctionDefinition: (name) => (name ? new RegExp(`\\bfunction\\s+(${name})\\b`) : /\b(constructor|fallback|receive|function)\b/),
  ModifierDefinition: (name) => new RegExp(`\\bmodifier\\s+(${name})\\b`),
  ContractDefinition: (name) => new RegExp(`\\b(?:contract|interface|library)\\s+(${name})\\b`),
  StructDefinition: (name) => new RegExp(`\\bstruct\\s+(${name})\\b`),
  EnumDefinition: (name) => new RegExp(`\\benum\\s+(${name})\\b`),
};

/**
 * Where a finding on a node is shown. A function, modifier, contract, struct or
 * enum reported as a whole is shown on its name (the keyword for a constructor,
 * fallback or receive): underlining the whole body would flag every line of it,
 * and every hover inside it would repeat the finding. Other nodes keep their range.
 */
function reportRange(parsed: ParsedFile, node: ASTNode): Range {
  const head = HEADS[node.type];
  if (!head) return nodeRange(parsed, node);
  const [s, e] = nodeOffsets(parsed, node);
  const name = (node as { name?: string | null }).name ?? '';
  const m = /^[A-Za-z_$][\w$]*$/.test(name) || name === '' ? head(name.replace(/\$/g, '\\$')).exec(parsed.text.slice(s, e)) : null;
  if (!m || m.index === undefined) return nodeRange(parsed, node);
  const at = s + m.index + m[0].lastIndexOf(m[1]);
  return parsed.lines.range(at, at + m[1].length);
}

/** The parts of a rule's context that do not depend on the rule: made once per analysis, not once per rule. */
type RuleContextParts = Pick<RuleContext, 'parent' | 'offsets' | 'edit'>;

function ruleContextParts(parsed: ParsedFile, index: AstIndex): RuleContextParts {
  const toRange = (target: ASTNode | Range): Range => ('start' in target && 'end' in target && !('type' in target) ? (target as Range) : nodeRange(parsed, target as ASTNode));
  return {
    parent: (node) => index.parent(node),
    offsets: (node) => nodeOffsets(parsed, node),
    edit: {
      replace: (target, newText): TextEdit => ({ range: toRange(target), newText }),
      replaceOffsets: (start, end, newText): TextEdit => ({ range: parsed.lines.range(start, end), newText }),
      insertAt: (offset, t): TextEdit => ({ range: parsed.lines.range(offset, offset), newText: t }),
      remove: (target): TextEdit => ({ range: toRange(target), newText: '' }),
    },
  };
}

function ruleContext(base: FactContext, meta: RuleMeta, parsed: ParsedFile, index: AstIndex, findings: Finding[], parts: RuleContextParts): RuleContext {
  // The fact context is the prototype (not copied for each of a hundred rules); the rule's own parts are its own properties.
  return Object.assign(Object.create(base) as FactContext, {
    meta,
    parent: parts.parent,
    offsets: parts.offsets,
    edit: parts.edit,
    report(d: ReportDescriptor): void {
      if (meta.fix === 'none' && d.fixes && d.fixes.length > 0) throw new Error(`rule ${meta.id} declares fix: 'none' but reported a fix`);
      // Checked first, so that a wrong id fails even where the finding is then dropped (a node of an imported file).
      const messageId = messageIdOf(meta, d.messageId);
      // Findings belong to this file: a node of an imported file has no place in it.
      if (d.node && !d.range && base.closure.length > 1 && base.fileOf(d.node) !== base.closure[0]) return;
      const range = d.range ?? (d.node ? reportRange(parsed, d.node) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      const f = makeFinding(meta, base.file, range, d.message, d.fixes ?? [], index, d.node, messageId);
      if (d.severity) f.severity = d.severity;
      if (d.confidence) f.confidence = d.confidence;
      if (d.swc) f.swc = d.swc;
      if (d.gas) f.gas = d.gas;
      findings.push(f);
    },
  });
}

function makeFinding(meta: RuleMeta, file: string, range: Range, message: string, fixes: Finding['fixes'], index: AstIndex, node?: ASTNode, messageId?: string): Finding {
  const f = findingOf(meta, file, range, message, fixes, messageId);
  const scope = node ? enclosingNames(index, node) : undefined;
  if (scope?.contract) f.contract = scope.contract;
  if (scope?.fn) f.function = scope.fn;
  return f;
}

function enclosingNames(index: AstIndex, node: ASTNode): { contract?: string; fn?: string } {
  const out: { contract?: string; fn?: string } = {};
  const chain = [node, ...index.ancestors(node)];
  for (const n of chain) {
    if (!out.fn && (n.type === 'FunctionDefinition' || n.type === 'ModifierDefinition')) {
      const fn = n as { name?: string | null; isConstructor?: boolean; isReceiveEther?: boolean; isFallback?: boolean };
      out.fn = fn.isConstructor ? 'constructor' : fn.isReceiveEther ? 'receive' : fn.isFallback ? 'fallback' : (fn.name ?? undefined);
    }
    if (n.type === 'ContractDefinition') {
      out.contract = (n as { name: string }).name;
      break;
    }
  }
  return out;
}

/** Removes a whole-line suppression comment, or just the comment when code shares its line. */
function removeCommentEdit(parsed: ParsedFile, range: Range): TextEdit {
  const lineStart = parsed.lines.lineStart(range.start.line);
  const start = parsed.lines.offsetAt(range.start);
  const end = parsed.lines.offsetAt(range.end);
  const before = parsed.text.slice(lineStart, start);
  if (before.trim() === '' && range.end.line === range.start.line) {
    const lineEnd = parsed.lines.lineEnd(range.end.line);
    const after = parsed.text.slice(end, lineEnd);
    if (after.trim() === '') {
      const next = range.end.line + 1 < parsed.lines.lineCount ? parsed.lines.lineStart(range.end.line + 1) : lineEnd;
      return { range: parsed.lines.range(lineStart, next), newText: '' };
    }
  }
  let s = start;
  while (s > lineStart && /[ \t]/.test(parsed.text[s - 1])) s--;
  return { range: parsed.lines.range(s, end), newText: '' };
}
