import { performance } from 'node:perf_hooks';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { parse, type ParsedFile } from './parse';
import { allowsAtLeast, allowsBelow, type SolcInfo } from './parse/pragma';
import { compareRanges } from './parse/positions';
import { AstIndex } from './facts/ast-index';
import { inMemoryFile, type Project, type SourceFile } from './project';
import { findingOf, type Fact, type FactContext, type ReportDescriptor, type RuleContext, type RuleDefinition, type Visitor } from './rules/framework';
import { allRules, ruleMap } from './rules';
import { defaultConfig, type SynorConfig } from './config/config';
import { applySuppressions, parseDirectives } from './config/suppress';
import type { AnalysisResult, Finding, Range, RuleError, RuleMeta, TextEdit } from './types';

export interface AnalyzeOptions {
  /** The file's path as the caller names it; copied into every finding. */
  path?: string;
  config?: SynorConfig;
  signal?: AbortSignal;
  /** Run only these rules (by id); the default is every enabled rule. */
  only?: readonly string[];
  /** Reuse a parse of exactly this text, e.g. one the server already holds. */
  parsed?: ParsedFile;
  /**
   * The project the file belongs to: its facts are then built over the file's
   * whole import closure, read through the project (overlays win over the disk).
   */
  project?: Project;
}

/** How many nodes the walk visits between checks of the abort signal. */
const ABORT_CHECK_INTERVAL = 512;

/**
 * The fast tier: parse and run every enabled rule over the AST in one walk.
 * Never throws on user input; a rule that throws is reported in `ruleErrors`
 * while the others go on.
 */
export function analyze(source: string, options: AnalyzeOptions = {}): AnalysisResult {
  const t0 = performance.now();
  const file = options.path ?? '<input>';
  const config = options.config ?? defaultConfig();
  const text = typeof source === 'string' ? source : String(source ?? '');
  const parsed = options.parsed && options.parsed.text === text ? options.parsed : parse(text);
  const t1 = performance.now();
  const ruleErrors: RuleError[] = [];
  const findings: Finding[] = [];
  let aborted = false;

  const base = createFactContext(parsed, file, options.project);
  const rules = selectRules(base.solc, config, options.only);
  const index = base.index;

  // Each rule's visitor, then one walk that dispatches every node to all of them.
  const handlers = new Map<string, Array<{ rule: RuleMeta; fn: (node: ASTNode) => void }>>();
  const failed = new Set<string>();
  const ruleMs: Record<string, number> = {};
  const fail = (rule: RuleMeta, err: unknown) => {
    if (failed.has(rule.id)) return;
    failed.add(rule.id);
    const e = err instanceof Error ? err : new Error(String(err));
    ruleErrors.push({ ruleId: rule.id, message: e.message, stack: e.stack });
  };
  for (const rule of rules) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const ctx = ruleContext(base, rule.meta, parsed, index, findings);
    let visitor: Visitor;
    const start = performance.now();
    try {
      visitor = rule.create(ctx);
    } catch (err) {
      fail(rule.meta, err);
      continue;
    }
    ruleMs[rule.meta.id] = performance.now() - start;
    for (const [key, fn] of Object.entries(visitor)) {
      if (typeof fn !== 'function') continue;
      let list = handlers.get(key);
      if (!list) handlers.set(key, (list = []));
      list.push({ rule: rule.meta, fn: fn as (node: ASTNode) => void });
    }
  }

  if (!aborted) aborted = walk(parsed.ast, index, handlers, failed, fail, ruleMs, options.signal);
  const t2 = performance.now();

  // Syntax errors are findings of their own rule, so they are configured,
  // suppressed and reported like any other.
  const syntaxMeta = ruleMap().get('syntax-error')!;
  if (isEnabled(syntaxMeta, config, options.only)) {
    for (const e of parsed.errors) findings.push(makeFinding(syntaxMeta, file, e.range, e.message, [], index));
  }

  for (const f of findings) {
    const setting = config.rules[f.ruleId];
    if (setting?.severity) f.severity = setting.severity;
  }

  const directives = parseDirectives(parsed.comments, parsed.lines);
  const { kept, problems } = applySuppressions(findings, directives, ruleMap(), parsed.lines.lineCount);
  const unusedMeta = ruleMap().get('unused-suppression')!;
  if (!options.only && isEnabled(unusedMeta, config, undefined) && !aborted) {
    for (const p of problems) kept.push(makeFinding(unusedMeta, file, p.range, p.message, [{ title: 'Remove the suppression comment', safety: 'safe', edits: [removeCommentEdit(parsed, p.range)] }], index));
  }
  kept.sort((a, b) => compareRanges(a.range, b.range) || a.ruleId.localeCompare(b.ruleId));

  const t3 = performance.now();
  return {
    file,
    findings: kept,
    parseErrors: parsed.errors,
    ruleErrors,
    aborted,
    stats: {
      parseMs: t1 - t0,
      rulesMs: t2 - t1,
      totalMs: t3 - t0,
      lines: parsed.lines.lineCount,
      rulesRun: rules.length,
      ruleMs,
    },
  };
}

/**
 * The context facts are computed in for one parsed file: its AST index and a
 * memo of facts, each computed at most once (a fact that needs itself throws).
 */
export function createFactContext(parsed: ParsedFile, file: string, project?: Project): FactContext {
  const closure = fileClosure(parsed, file, project);
  const main = closure[0];
  const index = main.index;
  const solc = project ? project.solcFor(main) : parsed.solc;
  const cache = new Map<string, unknown>();
  const inProgress = new Set<string>();
  const ctx: FactContext = {
    file,
    source: parsed.text,
    parsed,
    ast: parsed.ast,
    solc,
    index,
    closure,
    project,
    fileOf(node: ASTNode): SourceFile | undefined {
      if (node === main.parsed.ast || index.parent(node)) return main;
      for (const f of closure) if (node === f.parsed.ast || f.index.parent(node)) return f;
      return undefined;
    },
    fact<T>(f: Fact<T>): T {
      if (cache.has(f.id)) return cache.get(f.id) as T;
      if (inProgress.has(f.id)) throw new Error(`fact ${f.id} depends on itself`);
      inProgress.add(f.id);
      try {
        const value = f.compute(ctx);
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
  };
  return ctx;
}

/** The file (as parsed) first, then its imports through the project; alone without one. */
function fileClosure(parsed: ParsedFile, file: string, project: Project | undefined): SourceFile[] {
  if (!project) return [inMemoryFile(file, parsed.text, parsed)];
  const closure = project.closure(file, parsed.text, parsed);
  // Keep the caller's parse (and the identity of its nodes) for the file itself.
  if (closure[0].parsed !== parsed) closure[0] = { ...closure[0], parsed, index: new AstIndex(parsed.ast) };
  return closure;
}

function walk(
  root: ASTNode,
  index: AstIndex,
  handlers: Map<string, Array<{ rule: RuleMeta; fn: (node: ASTNode) => void }>>,
  failed: Set<string>,
  fail: (rule: RuleMeta, err: unknown) => void,
  ruleMs: Record<string, number>,
  signal: AbortSignal | undefined,
): boolean {
  let visited = 0;
  const call = (key: string, node: ASTNode) => {
    const list = handlers.get(key);
    if (!list) return;
    for (const h of list) {
      if (failed.has(h.rule.id)) continue;
      const start = performance.now();
      try {
        h.fn(node);
      } catch (err) {
        fail(h.rule, err);
      }
      ruleMs[h.rule.id] = (ruleMs[h.rule.id] ?? 0) + performance.now() - start;
    }
  };
  // An explicit stack keeps very deep trees from overflowing the call stack.
  const stack: Array<{ node: ASTNode; exit: boolean }> = [{ node: root, exit: false }];
  // The parser shares some nodes between two parents (a state variable's
  // initializer is both the declaration's `initialValue` and the variable's
  // `expression`); each node is visited once, where the walk first meets it.
  const seen = new Set<ASTNode>();
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    if (exit) {
      call(`${node.type}:exit`, node);
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    if (++visited % ABORT_CHECK_INTERVAL === 0 && signal?.aborted) return true;
    call(node.type, node);
    stack.push({ node, exit: true });
    const kids = index.children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], exit: false });
  }
  return signal?.aborted ?? false;
}

function isEnabled(meta: RuleMeta, config: SynorConfig, only: readonly string[] | undefined): boolean {
  if (only) return only.includes(meta.id);
  return config.rules[meta.id]?.enabled ?? true;
}

function selectRules(solc: SolcInfo, config: SynorConfig, only: readonly string[] | undefined): RuleDefinition[] {
  return allRules().filter((r) => {
    if (!isEnabled(r.meta, config, only)) return false;
    // Version-bound rules run only when the pragma allows an affected compiler.
    if (r.meta.maxSolc && !(solc.explicit && allowsBelow(solc, r.meta.maxSolc))) return false;
    if (r.meta.minSolc && !allowsAtLeast(solc, r.meta.minSolc)) return false;
    return true;
  });
}

function nodeOffsets(parsed: ParsedFile, node: ASTNode): [number, number] {
  const r = node.range;
  if (!r) return [0, 0];
  return [r[0], Math.min(parsed.text.length, r[1] + 1)];
}

function nodeText(parsed: ParsedFile, node: ASTNode): string {
  const [s, e] = nodeOffsets(parsed, node);
  return parsed.text.slice(s, e);
}

function nodeRange(parsed: ParsedFile, node: ASTNode): Range {
  const [s, e] = nodeOffsets(parsed, node);
  return parsed.lines.range(s, e);
}

function ruleContext(base: FactContext, meta: RuleMeta, parsed: ParsedFile, index: AstIndex, findings: Finding[]): RuleContext {
  const toRange = (target: ASTNode | Range): Range => ('start' in target && 'end' in target && !('type' in target) ? (target as Range) : nodeRange(parsed, target as ASTNode));
  return {
    ...base,
    meta,
    parent: (node) => index.parent(node),
    offsets: (node) => nodeOffsets(parsed, node),
    edit: {
      replace: (target, newText): TextEdit => ({ range: toRange(target), newText }),
      replaceOffsets: (start, end, newText): TextEdit => ({ range: parsed.lines.range(start, end), newText }),
      insertAt: (offset, t): TextEdit => ({ range: parsed.lines.range(offset, offset), newText: t }),
      remove: (target): TextEdit => ({ range: toRange(target), newText: '' }),
    },
    report(d: ReportDescriptor): void {
      if (meta.fix === 'none' && d.fixes && d.fixes.length > 0) throw new Error(`rule ${meta.id} declares fix: 'none' but reported a fix`);
      // Findings belong to this file: a node of an imported file has no place in it.
      if (d.node && !d.range && base.closure.length > 1 && base.fileOf(d.node) !== base.closure[0]) return;
      const range = d.range ?? (d.node ? nodeRange(parsed, d.node) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      const f = makeFinding(meta, base.file, range, d.message, d.fixes ?? [], index, d.node);
      if (d.severity) f.severity = d.severity;
      if (d.confidence) f.confidence = d.confidence;
      if (d.swc) f.swc = d.swc;
      if (d.gas) f.gas = d.gas;
      findings.push(f);
    },
  };
}

function makeFinding(meta: RuleMeta, file: string, range: Range, message: string, fixes: Finding['fixes'], index: AstIndex, node?: ASTNode): Finding {
  const f = findingOf(meta, file, range, message, fixes);
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
