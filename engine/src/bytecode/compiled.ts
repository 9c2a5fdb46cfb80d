/**
 * Bytecode analysis of code the deep tier compiled: each deployable contract's
 * runtime analysed once (cached by the code's hash), its selectors checked
 * against the ABI, and its findings merged with the source rules' findings by
 * place, through solc's source map (crosscheck.ts). A source finding that the
 * bytecode shows too gains that evidence; a bytecode finding with no source
 * counterpart becomes a finding of its own, at its place in the analysed file.
 * The report's "Bytecode" section is built from `ContractBytecode`.
 */
import { createHash } from 'node:crypto';
import type { Finding, RuleMeta } from '../types';
import type { SolcOutput } from '../compile/compile';
import { crossCheck, SOURCE_COUNTERPARTS, unlinked, type CompiledForCrossCheck } from './crosscheck';
import { parse } from '../parse';
import { applySuppressions, parseDirectives } from '../config/suppress';
import { ruleMap } from '../rules';
import { DETECTORS } from './detectors';
import { decodeMetadata } from './metadata';
import { fromHexString } from './opcodes';
import { analyzeBytecode, EIP170_LIMIT, type BytecodeAnalysis } from './index';

/** What the report says of one compiled contract's bytecode. Plain data (it crosses the worker boundary). */
export interface ContractBytecode {
  contract: string;
  /** The analysed file, as its findings name it. */
  file: string;
  runtimeSize: number;
  sizeLimit: number;
  overEip170: boolean;
  /** From the CBOR metadata: `0.8.37`; absent when the code does not record it. */
  solc?: string;
  /** The metadata hash, e.g. `ipfs Qm…`. */
  metadataHash?: string;
  proxy: { kind: string; slot?: string; uups: boolean; evidence: string };
  standards: Array<{ standard: string; complete: boolean; present: number; total: number }>;
  selectors: { count: number; agree: boolean; missingFromCode: string[]; notInAbi: string[]; payabilityDiffers: string[] };
  findings: Array<{
    id: string;
    title: string;
    severity: 'high' | 'medium' | 'low' | 'info';
    swc?: string;
    pc: number;
    /** The functions reaching it, by signature where the ABI names the selector; `fallback` for the fallback path. */
    functions: string[];
    confirmed?: boolean;
    confirmation?: string;
    /** Where the source map puts the instruction (1-based line and column), when it does. */
    place?: { file: string; line: number; column: number };
    /** Source rules that found the same problem at that place. */
    source: string[];
    message: string;
  }>;
  /** The exploration hit its budget: findings and selectors may be incomplete. */
  truncated: boolean;
  /** Milliseconds spent on this contract's code in this run (0 when it came from the cache). */
  ms: number;
  cached: boolean;
  error?: string;
}

/** One contract's output, reduced to what the cross-check needs (without the source texts). */
export interface CompiledContract extends Omit<CompiledForCrossCheck, 'sources'> {
  name: string;
  /** solc source index → unit name, for the texts. */
  units: Record<number, string>;
  /** Contracts and functions of the analysed unit (byte ranges, from the AST), naming a bytecode finding's scope. */
  scopes: Scope[];
}

interface Scope {
  kind: 'contract' | 'function';
  name: string;
  start: number;
  end: number;
}

/** Contracts of the analysed unit that have runtime code, with the source indexes and function spans from the AST. */
export function compiledContracts(output: SolcOutput, mainUnit: string): CompiledContract[] {
  const units: Record<number, string> = {};
  const functions: Record<number, Array<[number, number]>> = {};
  let scopes: Scope[] = [];
  for (const [unit, s] of Object.entries(output.sources ?? {})) {
    if (s.id === undefined) continue;
    units[s.id] = unit;
    if (!s.ast) continue;
    const all = scopesOf(s.ast);
    functions[s.id] = all.filter((x) => x.kind === 'function').map((x) => [x.start, x.end]);
    if (unit === mainUnit) scopes = all;
  }
  const out: CompiledContract[] = [];
  for (const [name, c] of Object.entries(output.contracts?.[mainUnit] ?? {})) {
    const code = c.evm?.deployedBytecode?.object;
    if (!code) continue;
    out.push({ name, deployedBytecode: code, deployedSourceMap: c.evm?.deployedBytecode?.sourceMap, methodIdentifiers: c.evm?.methodIdentifiers ?? {}, abi: c.abi, units, functions, scopes });
  }
  return out;
}

/** Contracts, functions and modifiers of a compact (or legacy) solc AST, with `[start, end)` byte ranges. */
function scopesOf(ast: unknown): Scope[] {
  const out: Scope[] = [];
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    const o = n as Record<string, unknown>;
    const type = o.nodeType ?? o.name;
    const kind = type === 'ContractDefinition' ? 'contract' : type === 'FunctionDefinition' || type === 'ModifierDefinition' ? 'function' : undefined;
    if (kind && typeof o.src === 'string') {
      const [s, l] = o.src.split(':').map(Number);
      const attrs = (o.attributes ?? {}) as Record<string, unknown>;
      const name = typeof o.name === 'string' && o.nodeType ? o.name : typeof attrs.name === 'string' ? attrs.name : '';
      const fnKind = typeof o.kind === 'string' ? o.kind : '';
      if (s >= 0 && l >= 0) out.push({ kind, name: name || (fnKind === 'function' ? '' : fnKind), start: s, end: s + l });
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') stack.push(v);
  }
  return out;
}

/** The innermost scope of a kind holding a byte offset. */
function scopeAt(scopes: readonly Scope[], kind: Scope['kind'], offset: number): Scope | undefined {
  let best: Scope | undefined;
  for (const x of scopes) if (x.kind === kind && x.start <= offset && offset < x.end && (!best || x.end - x.start < best.end - best.start)) best = x;
  return best;
}

/** Bytecode analyses by the code's hash: a save that does not change a contract's code costs nothing. */
const analyses = new Map<string, BytecodeAnalysis>();
const ANALYSES_KEPT = 64;

/**
 * The analysis of runtime code, by the hash of its instructions without the CBOR metadata: an
 * edit of comments or layout changes only the metadata hash, and the analysis of the rest is
 * the same (the metadata is read again from the code).
 */
async function analysisOf(code: string): Promise<{ analysis: BytecodeAnalysis; cached: boolean }> {
  const bytes = fromHexString(code);
  const meta = bytes ? decodeMetadata(bytes) : undefined;
  const key = createHash('sha256').update(meta ? code.slice(0, code.length - 2 * meta.length) : code).digest('hex');
  const hit = analyses.get(key);
  if (hit) {
    analyses.delete(key);
    analyses.set(key, hit);
    const { metadata: _old, ...rest } = hit;
    return { analysis: { ...rest, ...(meta ? { metadata: meta } : {}) }, cached: true };
  }
  // Selectors, proxy kind, standards and detectors (confirmed in a local EVM) are what the
  // report shows; argument types and the storage layout are not, and they are the costly part.
  const analysis = await analyzeBytecode(code, { types: false, storage: false, confirm: true, confirmBudgetMs: 1500 });
  analyses.set(key, analysis);
  while (analyses.size > ANALYSES_KEPT) analyses.delete(analyses.keys().next().value!);
  return { analysis, cached: false };
}

const DOCS = new Map(DETECTORS.map((d) => [d.id, d]));
const hexPc = (pc: number) => `0x${pc.toString(16).padStart(4, '0')}`;

/**
 * Analyses the bytecode of every compiled contract of the analysed file and
 * merges its findings with the source findings: `file` is the analysed file as
 * findings name it, `texts` the compiled texts by unit (and file). Returns the
 * report's data and the findings to show: the source findings (with bytecode
 * evidence where the code shows the same problem at the same place) followed
 * by bytecode findings no source rule reported, each once.
 */
export async function bytecodeOfCompiled(
  contracts: readonly CompiledContract[],
  texts: ReadonlyMap<string, { file: string; content: string }>,
  mainUnit: string,
  file: string,
  sourceFindings: readonly Finding[],
  cancelled: () => boolean = () => false,
): Promise<{ contracts: ContractBytecode[]; findings: Finding[] }> {
  type Seen = { detector: string; pc: number; contract: string; confirmed?: boolean };
  const evidence = new Map<Finding, Seen[]>();
  const added = new Map<string, { finding: Finding; seen: Seen[]; fns: Set<string> }>();
  const reports: ContractBytecode[] = [];
  for (const c of contracts) {
    if (cancelled()) break;
    const started = performance.now();
    const { analysis: a, cached } = await analysisOf(unlinked(c.deployedBytecode));
    const sources: CompiledForCrossCheck['sources'] = {};
    for (const [id, unit] of Object.entries(c.units)) {
      const t = texts.get(unit);
      if (t) sources[Number(id)] = { path: unit === mainUnit ? file : t.file, text: t.content };
    }
    const x = crossCheck(a, { ...c, sources }, sourceFindings);
    const names = new Map(Object.entries(c.methodIdentifiers).map(([sig, sel]) => [sel.toLowerCase(), sig]));
    const report: ContractBytecode = {
      contract: c.name, file, runtimeSize: a.runtimeSize, sizeLimit: EIP170_LIMIT, overEip170: a.overEip170,
      ...(a.metadata?.solc ? { solc: a.metadata.solc } : {}),
      ...(a.metadata?.ipfs ? { metadataHash: `ipfs ${a.metadata.ipfs}` } : a.metadata?.bzzr1 ? { metadataHash: `bzzr1 ${a.metadata.bzzr1}` } : a.metadata?.bzzr0 ? { metadataHash: `bzzr0 ${a.metadata.bzzr0}` } : {}),
      proxy: { kind: a.proxy.kind, ...(a.proxy.slot ? { slot: a.proxy.slot } : {}), uups: a.proxy.uups, evidence: a.proxy.evidence },
      standards: a.standards.map((s) => ({ standard: s.standard, complete: s.complete, present: s.present, total: s.total })),
      selectors: { count: a.selectors.length, ...x.selectors },
      findings: [], truncated: a.cfgStats.truncated, ms: cached ? 0 : Math.round(performance.now() - started), cached,
      ...(a.error ? { error: a.error } : {}),
    };
    for (const m of x.findings) {
      const b = m.bytecode;
      if (!b) continue;
      const fns = b.selectors.map((s) => (s ? (names.get(s) ?? `0x${s}`) : 'fallback'));
      report.findings.push({
        id: b.id, title: b.title, severity: b.severity, ...(b.swc ? { swc: b.swc } : {}), pc: b.pc, functions: fns,
        ...(b.confirmed !== undefined ? { confirmed: b.confirmed } : {}), ...(b.confirmation ? { confirmation: b.confirmation } : {}),
        ...(b.place ? { place: { file: b.place.file, line: b.place.start.line + 1, column: b.place.start.character + 1 } } : {}),
        source: [...new Set(m.source.map((f) => f.ruleId))], message: b.message,
      });
      const seen: Seen = { detector: b.id, pc: b.pc, contract: c.name, ...(b.confirmed !== undefined ? { confirmed: b.confirmed } : {}) };
      for (const f of m.source) evidence.set(f, [...(evidence.get(f) ?? []), seen]);
      // Only the analysed file's findings are reported; a place in an imported file stays in the report's section.
      if (m.source.length > 0 || !b.place || b.place.file !== file) continue;
      const range = { start: b.place.start, end: b.place.end };
      const k = `${b.id}|${range.start.line}:${range.start.character}|${range.end.line}:${range.end.character}`;
      const prior = added.get(k);
      if (prior) {
        // The same place in several contracts of the file (a base deployed by two): one finding.
        prior.seen.push(seen);
        for (const f of fns) prior.fns.add(f);
        continue;
      }
      const meta = DOCS.get(b.id)!;
      const inContract = scopeAt(c.scopes, 'contract', b.place.offset);
      const inFunction = scopeAt(c.scopes, 'function', b.place.offset);
      const finding: Finding = {
        ...(inContract?.name ? { contract: inContract.name } : {}),
        ...(inFunction?.name ? { function: inFunction.name } : {}),
        ruleId: b.id, messageId: 'bytecode', title: meta.title, category: 'security', severity: meta.severity, confidence: meta.confidence,
        ...(meta.swc ? { swc: meta.swc } : {}), file, range, message: '', fixes: [], docs: `docs/bytecode.md#${b.id}`,
      };
      added.set(k, { finding, seen: [seen], fns: new Set(fns) });
    }
    reports.push(report);
  }
  const seenWords = (s: Seen) => `${s.detector} at pc ${hexPc(s.pc)} in ${s.contract}${s.confirmed ? ', confirmed in a local EVM' : ''}`;
  const evidenceOf = (seen: Seen[]) => ({ detector: seen[0].detector, pc: seen[0].pc, contract: seen[0].contract, ...(seen.some((s) => s.confirmed) ? { confirmed: true } : seen.some((s) => s.confirmed === false) ? { confirmed: false } : {}) });
  const findings = sourceFindings.map((f) => {
    const seen = evidence.get(f);
    return seen ? { ...f, message: `${f.message} Confirmed in bytecode: ${seen.map(seenWords).join('; ')}.`, bytecode: evidenceOf(seen) } : f;
  });
  const main = texts.get(mainUnit)?.content;
  const silenced = added.size > 0 && main !== undefined ? suppressedBy(main, [...added.values()].map((x) => x.finding)) : new Set<Finding>();
  for (const { finding, seen, fns } of added.values()) {
    if (silenced.has(finding)) continue;
    // Where a local EVM tried it and a stranger could not do it, the source rules' silence stands
    // (the report's section still lists it): a detector of low confidence, such as ether sent
    // behind a tx.origin check, is not worth a finding the source does not back.
    if (seen.every((x) => x.confirmed === false)) continue;
    const confirmed = seen.some((s) => s.confirmed);
    finding.message = `${finding.title}: found in the compiled bytecode (${seen.map(seenWords).join('; ')}), reached from ${[...fns].join(', ') || 'no function'}; no source rule reported it here.`;
    // A local EVM showing it leaves no doubt that it happens.
    if (confirmed) finding.confidence = 'high';
    finding.bytecode = evidenceOf(seen);
    findings.push(finding);
  }
  return { contracts: reports, findings };
}

/**
 * The bytecode findings that the file's suppression comments silence: a comment naming the
 * detector, or a source rule that looks for the same problem (`SOURCE_COUNTERPARTS`), or every
 * rule, on the finding's line. A comment silencing the source rule silences what the bytecode
 * sees of the same problem at the same place.
 */
function suppressedBy(text: string, findings: readonly Finding[]): Set<Finding> {
  const parsed = parse(text);
  const directives = parseDirectives(parsed.comments, parsed.lines);
  if (directives.length === 0) return new Set();
  const rules = new Map<string, RuleMeta>(ruleMap());
  for (const d of DETECTORS) rules.set(d.id, { id: d.id } as RuleMeta);
  const out = new Set<Finding>();
  for (const f of findings) {
    const probes = [f, ...(SOURCE_COUNTERPARTS[f.ruleId] ?? []).map((id) => ({ ...f, ruleId: id }))];
    if (applySuppressions(probes, directives, rules, parsed.lines.lineCount).suppressed.length > 0) out.add(f);
  }
  return out;
}

/** Each compilation's contracts by its hash (PreparedCompile.key), so that a cached deep-tier result is cross-checked again without compiling. */
const compiledByKey = new Map<string, CompiledContract[]>();
const COMPILATIONS_KEPT = 64;

/**
 * The deep tier's hook: adds the bytecode analysis to a full run's result.
 * `output` is solc's output when the run compiled (its contracts are kept by
 * `prepared.key`); on a cached result it is undefined and the kept contracts
 * are used. The result's findings become the merged ones and `bytecode` holds
 * the report's data; when anything fails (Synor's bug), the result is returned
 * as it was and the log says why.
 */
export async function withBytecode<R extends { findings: Finding[]; bytecode?: ContractBytecode[]; timings: { bytecodeMs?: number } }>(
  result: R,
  prepared: { key: string; gathered: { mainUnit: string; sources: ReadonlyMap<string, { file: string; content: string }> } },
  file: string,
  output: SolcOutput | undefined,
  env: { cancelled: () => boolean; log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void },
): Promise<R> {
  try {
    const started = performance.now();
    let contracts = compiledByKey.get(prepared.key);
    if (output) {
      contracts = compiledContracts(output, prepared.gathered.mainUnit);
      compiledByKey.delete(prepared.key);
      compiledByKey.set(prepared.key, contracts);
      while (compiledByKey.size > COMPILATIONS_KEPT) compiledByKey.delete(compiledByKey.keys().next().value!);
    }
    if (!contracts || contracts.length === 0) return result;
    const b = await bytecodeOfCompiled(contracts, prepared.gathered.sources, prepared.gathered.mainUnit, file, result.findings, env.cancelled);
    const ms = Math.round(performance.now() - started);
    env.log?.('info', `bytecode of ${b.contracts.length} contract(s) of ${file} in ${ms} ms (${b.contracts.filter((c) => c.cached).length} cached)`);
    return { ...result, findings: b.findings, bytecode: b.contracts, timings: { ...result.timings, bytecodeMs: ms } };
  } catch (err) {
    env.log?.('error', `bytecode analysis of ${file} failed: ${(err as Error)?.stack ?? String(err)}`);
    return result;
  }
}
