import { TYPED_RULES, typedFindings } from './typed';
import type { Finding, FindingGas, MeasuredGas } from '../types';
import { applyEdits } from '../fix';
import { prepareCompile, runCompile, type PreparedCompile, type SolcOutput } from '../compile/compile';
import type { CompilerCandidate, NativeLoader } from '../compile/compilers';
import { errorSelectors, measureContract, MeasureCancelled, EIP170_LIMIT, type MeasuredContract } from '../gas/evm';
import type { ContractReport, DeepResult, FunctionGas, WireRequest } from './protocol';
import { affectedBy, deployableIncluding, memberRanges, outlineFromAst, type Outline } from './outline';

/** What the worker provides to a run: native compilers, cancellation, a cache and a log. */
export interface RunEnv {
  native?: NativeLoader;
  cancelled: () => boolean;
  cache: ResultCache;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/** Thrown inside a run when its request was cancelled. */
export class RunCancelled extends Error {}

/** A cached run: the result, and the file's outline for measuring fixes later. */
export interface CacheEntry {
  result: DeepResult;
  outline?: Outline;
}

/** A bounded least-recently-used cache of results by input hash. */
export class ResultCache {
  private readonly map = new Map<string, CacheEntry>();
  constructor(readonly limit = 64) {}
  get(key: string): CacheEntry | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: CacheEntry): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

/** A run's result, with what measureFix needs from it; the extras stay in the worker. */
export type RunResult = DeepResult & { prepared?: PreparedCompile; outline?: Outline };

/** Which contracts to deploy and which functions (by name) to call; `undefined` means all. */
export interface Selection {
  contracts?: ReadonlySet<string>;
  names?: ReadonlySet<string>;
}

/**
 * Compiles and measures one file; the heart of DeepAnalyzer.analyze, run in
 * the worker. With `select`, only part of the file is measured (measuring a
 * fix needs only the affected functions); such partial results are not
 * cached, but a cached full result is used when there is one.
 */
export async function runAnalyze(req: WireRequest, env: RunEnv, pin?: CompilerCandidate, select?: (outline: Outline) => Selection): Promise<RunResult> {
  const measure = req.measure !== false;
  let prepared: PreparedCompile;
  try {
    // Native compilers are programs run by path: only a trusted workspace may have one.
    prepared = prepareCompile({ path: req.path, text: req.text, root: req.root, config: req.config?.compiler, compilerPath: req.compilerPath, trusted: req.trusted === true, candidate: pin }, req.trusted === true ? env.native : undefined);
  } catch (err) {
    return { findings: [], contracts: [], unavailable: `could not prepare the compilation: ${(err as Error).message}`, timings: { compileMs: 0, measureMs: 0, cached: false } };
  }
  const key = `${prepared.key}|${measure}|${prepared.file}`;
  const hit = env.cache.get(key);
  if (hit) {
    env.log?.('debug', `cache hit for ${req.path}`);
    return { ...hit.result, timings: { ...hit.result.timings, cached: true }, prepared, outline: hit.outline };
  }
  const outcome = runCompile(prepared, prepared.trusted ? env.native : undefined);
  const compiler = outcome.compiler ? { version: outcome.compiler.version, source: outcome.compiler.source } : undefined;
  env.log?.('info', `compiled ${req.path} with solc ${compiler?.version ?? '-'} in ${outcome.compileMs.toFixed(0)} ms${outcome.failed ? ' (errors)' : ''}`);
  const result: DeepResult = { compiler, findings: outcome.findings, contracts: [], timings: { compileMs: Math.round(outcome.compileMs), measureMs: 0, cached: false } };
  if (outcome.unavailable) result.unavailable = outcome.unavailable;
  else if (outcome.failed || !outcome.output) result.unavailable = 'the file does not compile; see the compiler-error findings';
  let outline: Outline | undefined;
  if (!result.unavailable && outcome.output) {
    if (env.cancelled()) throw new RunCancelled('cancelled');
    const started = performance.now();
    const ast = outcome.output.sources?.[prepared.gathered.mainUnit]?.ast;
    outline = outlineFromAst(ast, req.text);
    result.findings = [...result.findings, ...typedFindings(ast, req.text, req.path)];
    result.typedRules = [...TYPED_RULES];
    try {
      result.contracts = await reportContracts(prepared, outcome.output, outline, req, measure, env, select?.(outline));
    } catch (err) {
      if (err instanceof MeasureCancelled) throw new RunCancelled('cancelled');
      throw err;
    }
    result.timings.measureMs = Math.round(performance.now() - started);
    env.log?.('info', `measured ${result.contracts.length} contract(s) of ${req.path} in ${result.timings.measureMs} ms`);
  }
  if (!select) env.cache.set(key, { result, outline });
  return { ...result, prepared, outline };
}

function paramCount(signature: string): number {
  const inner = signature.slice(signature.indexOf('(') + 1, -1);
  if (!inner) return 0;
  let depth = 0;
  let n = 1;
  for (const ch of inner) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) n++;
  }
  return n;
}

async function reportContracts(p: PreparedCompile, output: SolcOutput, outline: Outline, req: WireRequest, measure: boolean, env: RunEnv, selection?: Selection): Promise<ContractReport[]> {
  const compiled = output.contracts?.[p.gathered.mainUnit] ?? {};
  const errors = errorSelectors(Object.values(output.contracts ?? {}).flatMap((byName) => Object.values(byName).map((c) => c.abi ?? [])));
  const defs = new Map(outline.contracts.map((c) => [c.name, c]));
  const reports: ContractReport[] = [];
  for (const [name, contract] of Object.entries(compiled)) {
    if (selection?.contracts && !selection.contracts.has(name)) continue;
    const def = defs.get(name);
    const kind: ContractReport['kind'] = def ? def.kind : contract.evm?.bytecode?.object ? 'contract' : 'abstract';
    let m: MeasuredContract;
    if (measure) {
      const names = selection?.names;
      const only = names ? new Set(Object.keys(contract.evm?.methodIdentifiers ?? {}).filter((sig) => names.has(sig.slice(0, sig.indexOf('('))))) : undefined;
      m = await measureContract({ name, kind, contract, args: def?.args, only }, { evmVersion: p.settings.evmVersion, errorSelectors: errors, cancelled: env.cancelled });
    } else {
      // Sizes, opcodes and selectors come from the bytecode alone; the EVM is not started.
      m = await measureContract({ name, kind: kind === 'contract' || kind === 'library' ? 'abstract' : kind, contract }, {});
      m.deploy = { failed: 'not measured (measurement is off)' };
    }
    const ranges = def ? memberRanges(outline, def) : new Map<string, never[]>();
    const functions: FunctionGas[] = m.functions.map((f) => {
      const cands = ranges.get(f.name) ?? [];
      const n = paramCount(f.signature);
      const found = cands.find((c) => c.params === n) ?? cands.find((c) => c.params === -1) ?? cands[0];
      const out: FunctionGas = { name: f.name, signature: f.signature, selector: f.selector, stateMutability: f.stateMutability, gas: f.gas };
      if (found) out.range = found.range;
      if (f.revertReason) out.revertReason = f.revertReason;
      return out;
    });
    const report: ContractReport = { name, file: req.path, kind, deploy: m.deploy, runtimeSize: m.runtimeSize, initcodeSize: m.initcodeSize, sizeLimit: EIP170_LIMIT, functions, opcodes: m.opcodes, selectors: m.selectors };
    if (def) report.range = def.range;
    reports.push(report);
  }
  // Source order, as the reader meets them.
  return reports.sort((a, b) => (a.range?.start.line ?? 1e9) - (b.range?.start.line ?? 1e9) || a.name.localeCompare(b.name));
}

function firstError(r: DeepResult): string {
  const e = r.findings.find((f) => f.severity === 'high');
  return e ? `line ${e.range.start.line + 1}: ${e.message}` : (r.unavailable ?? 'unknown reason');
}

/**
 * Measures one fix: the file before and after its edits, compiled with the
 * same compiler and settings, deployed, and the affected functions called.
 */
export async function runMeasureFix(req: WireRequest, finding: Finding, fixIndex: number, env: RunEnv): Promise<FindingGas> {
  const fix = finding.fixes[fixIndex];
  if (!fix) return { unmeasured: `the finding has no fix number ${fixIndex}` };
  const afterText = applyEdits(req.text, fix.edits).text;
  // Only the contracts that include the finding are deployed, and only the functions it can affect called.
  let selection: Selection = {};
  let contract: ReturnType<typeof affectedBy>['contract'];
  const select = (outline: Outline): Selection => {
    const aff = affectedBy(outline, finding.range.start);
    contract = aff.contract;
    selection = { contracts: aff.contract ? new Set(deployableIncluding(outline, aff.contract).map((c) => c.name)) : undefined, names: aff.names };
    return selection;
  };
  const before = await runAnalyze({ ...req, measure: true }, env, undefined, select);
  if (before.unavailable || !before.prepared?.candidate || !before.outline) return { unmeasured: before.unavailable && !/does not compile/.test(before.unavailable) ? before.unavailable : `the original does not compile (${firstError(before)})` };
  // A cached full result skips the selection; make it from the outline then.
  if (before.timings.cached) select(before.outline);
  const after = await runAnalyze({ ...req, text: afterText, measure: true }, env, before.prepared.candidate, () => selection);
  if (after.unavailable) return { unmeasured: /does not compile/.test(after.unavailable) ? `the fixed file does not compile (${firstError(after)})` : after.unavailable };
  const names = selection.names;
  const targets = selection.contracts ? [...selection.contracts] : before.contracts.filter((c) => c.kind === 'contract').map((c) => c.name);
  const measured: MeasuredGas = {
    solc: before.compiler?.version ?? before.prepared.candidate.version,
    optimizer: { ...before.prepared.settings.optimizer },
    deploy: { before: 0, after: 0 },
    calls: [],
  };
  let counted = 0;
  for (const name of [...targets].sort()) {
    const b = before.contracts.find((c) => c.name === name);
    const a = after.contracts.find((c) => c.name === name);
    if (!b || !a) continue;
    if ('failed' in b.deploy) return { unmeasured: `${name} cannot be deployed before the fix: ${b.deploy.failed}` };
    if ('failed' in a.deploy) return { unmeasured: `${name} cannot be deployed after the fix: ${a.deploy.failed}` };
    counted++;
    measured.deploy.before += b.deploy.gas;
    measured.deploy.after += a.deploy.gas;
    for (const fb of b.functions) {
      if (names && !names.has(fb.name)) continue;
      const fa = a.functions.find((f) => f.signature === fb.signature);
      if (!fa || fb.gas === 'not-called' || fa.gas === 'not-called') continue;
      measured.calls.push({ fn: targets.length > 1 ? `${name}.${fb.signature}` : fb.signature, before: fb.gas, after: fa.gas });
    }
  }
  if (counted === 0) return { unmeasured: contract ? `no deployable contract in this file includes ${contract.name}` : 'the file has no deployable contract' };
  return { measured };
}
