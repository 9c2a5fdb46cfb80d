/**
 * The deep tier's analysis: when a file compiles, the same rules run over the
 * same project with the compiler's typed AST behind the facts (see
 * `facts/typed.ts`): what the fast tier guesses from declarations and names —
 * which overload a call reaches, whether `x.transfer(a, b)` is an ERC20 call,
 * an attached library function or an ETH transfer, what a call returns — the
 * compiler knows. Its findings replace the fast tier's for that text; when the
 * file does not compile, the fast tier's result stands.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../analyze';
import { allRules } from '../rules';
import { Project } from '../project';
import { TypedIndex } from '../facts/typed';
import type { SynorConfig } from '../config/config';
import type { PreparedCompile, SolcOutput } from '../compile/compile';
import type { Finding } from '../types';
import { dependantsOnDisk } from './related';

/** The rules whose findings a typed analysis replaces: all of them. */
export function typedRuleIds(): string[] {
  return allRules().map((r) => r.meta.id);
}

/** The standard JSON input with the AST of every source unit selected (the prepared one asks only for the analysed file's). */
export function withEveryAst(p: PreparedCompile): PreparedCompile {
  try {
    const input = JSON.parse(p.input) as { settings?: { outputSelection?: Record<string, Record<string, string[]>> } };
    const selection = input.settings?.outputSelection;
    if (!selection) return p;
    selection['*'] = { ...selection['*'], '': ['ast'] };
    return { ...p, input: JSON.stringify(input) };
  } catch {
    return p;
  }
}

/** The typed AST of a compilation: every source unit's, by the file it was read from. */
export function typedIndexOf(prepared: PreparedCompile, output: SolcOutput): TypedIndex {
  return new TypedIndex(output.sources ?? {}, prepared.gathered.sources);
}

export interface TypedAnalysis {
  findings: Finding[];
  ms: number;
  /** Rules that threw, by id with the message (Synor's bugs, for the log). */
  ruleErrors: string[];
}

/**
 * Runs every rule over the file as the fast tier does, with the compiler's
 * types behind the facts. The project reads the texts that were compiled
 * (overlays), so the typed AST and the parse describe the same code; `related`
 * are files to read first so that the files deriving from this one are known
 * (the CLI passes the files it analyses); without them, the project's own
 * sources that import the file are found on disk.
 */
export function typedAnalysis(req: { path: string; text: string; config?: SynorConfig; related?: readonly string[] }, prepared: PreparedCompile, typed: TypedIndex): TypedAnalysis {
  const started = performance.now();
  const project = projectFor(prepared, req.config?.compiler?.remappings);
  const main = path.resolve(req.path);
  const related = req.related ?? dependantsOnDisk(prepared.root, main, prepared.resolver);
  project.index(related.filter((f) => path.resolve(f) !== main));
  const result = analyze(req.text, { path: req.path, config: req.config, project, typed });
  return { findings: result.findings, ms: performance.now() - started, ruleErrors: result.ruleErrors.map((e) => `${e.ruleId}: ${e.message}`) };
}

/** A project per root and remappings, kept across runs: the files it read are read again only when they change. */
const projects = new Map<string, { project: Project; overlays: Map<string, string> }>();
const PROJECTS_KEPT = 8;

/** The project of a compilation, reading the texts that were compiled (overlays); earlier runs' overlays are cleared. */
function projectFor(prepared: PreparedCompile, remappings: readonly string[] | undefined): Project {
  const k = `${prepared.root}\n${(remappings ?? []).join('\n')}`;
  let entry = projects.get(k);
  if (entry) projects.delete(k);
  else entry = { project: new Project({ root: prepared.root, remappings }), overlays: new Map() };
  projects.set(k, entry);
  while (projects.size > PROJECTS_KEPT) projects.delete(projects.keys().next().value!);
  const now = new Map<string, string>();
  for (const { file, content } of prepared.gathered.sources.values()) {
    const f = path.resolve(file);
    now.set(f, content);
    // Setting an overlay drops what was read of the file: only a changed text is set again.
    if (entry.overlays.get(f) !== content) entry.project.setOverlay(f, content);
  }
  for (const f of entry.overlays.keys()) if (!now.has(f)) entry.project.setOverlay(f, undefined);
  entry.overlays = now;
  return entry.project;
}

/** Two findings are one when everything shown of them is: a rule may report twice on one node (two message ids). */
function key(f: Finding): string {
  return `${f.ruleId}|${f.messageId}|${f.range.start.line}:${f.range.start.character}|${f.range.end.line}:${f.range.end.character}|${f.message}`;
}

/**
 * The findings to show for a text that both tiers analysed: the fast tier's,
 * less those of rules the deep tier re-decided with types, plus the deep
 * tier's (compiler findings and typed findings), without duplicates.
 */
export function mergeFindings(fast: readonly Finding[], deep: { findings: readonly Finding[]; typedRules?: readonly string[] }): Finding[] {
  const replaced = new Set(deep.typedRules ?? []);
  const merged = fast.filter((f) => !replaced.has(f.ruleId));
  const seen = new Set(merged.map(key));
  for (const f of deep.findings) if (!seen.has(key(f))) (seen.add(key(f)), merged.push(f));
  return merged.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}
