import { typedAnalysis, typedIndexOf, typedRuleIds, withEveryAst } from './typed';
import type { TypedIndex } from '../facts/typed';
import type { Finding, FindingGas, MeasuredGas } from '../types';
import { applyEdits } from '../fix';
import { prepareCompile, runCompile, type PreparedCompile, type SolcOutput } from '../compile/compile';
import { allowedByPragmas, compilerOfVersion, pragmaRange, type CompilerCandidate, type NativeLoader } from '../compile/compilers';
import { findProjectRoot, scanPragmas } from '../compile/imports';
import type { CompilerSettings } from '../config/config';
import { errorSelectors, measureContract, MeasureCancelled, EIP170_LIMIT, type ContractPlan, type MeasuredContract } from '../gas/evm';
import { contractFacts, programOf } from '../gas/scenario';
import { contractScenario } from '../gas/config';
import { describeVerdict, judgeFix } from '../gas/judge';
import { projectCompiler, versionForRange, type ProjectCompiler } from '../project/version';
import type { ContractReport, DeepResult, FunctionGas, WireRequest } from './protocol';
import { affectedBy, deployableIncluding, memberRanges, outlineFromAst, type Outline } from './outline';
import { withBytecode } from '../bytecode/compiled';

/** What the worker provides to a run: native compilers, cancellation, a cache and a log. */
export interface RunEnv {
  native?: NativeLoader;
  cancelled: () => boolean;
  cache: ResultCache;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/** Thrown inside a run when its request was cancelled. */
export class RunCancelled extends Error {}

/**
 * A cached run: the result (its compiler findings, not the typed analysis'),
 * the file's outline for measuring fixes later, and the typed AST for the
 * typed analysis, which runs on every request (it reads the project's other
 * files and the configuration, which the compilation's hash does not cover).
 */
export interface CacheEntry {
  result: DeepResult;
  outline?: Outline;
  typed?: TypedIndex;
  /** The gas scenarios chosen per contract, replayed when a fix is measured. */
  plans?: Map<string, ContractPlan>;
}

/**
 * A bounded least-recently-used cache of results by input hash. Typed ASTs are
 * large: only the most recent `typedLimit` entries keep theirs (an entry
 * without one is compiled again when the typed analysis needs it).
 */
export class ResultCache {
  private readonly map = new Map<string, CacheEntry>();
  constructor(
    readonly limit = 64,
    readonly typedLimit = 6,
  ) {}
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
    let newer = 0;
    for (const e of [...this.map.values()].reverse()) if (e.typed && ++newer > this.typedLimit) e.typed = undefined;
  }
  get size(): number {
    return this.map.size;
  }
  /** How many entries keep their typed AST. */
  get typedCount(): number {
    let n = 0;
    for (const e of this.map.values()) if (e.typed) n++;
    return n;
  }
}

/** A run's result, with what measureFix needs from it; the extras stay in the worker. */
export type RunResult = DeepResult & { prepared?: PreparedCompile; outline?: Outline; plans?: Map<string, ContractPlan> };

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
export async function runAnalyze(req: WireRequest, env: RunEnv, pin?: CompilerCandidate, select?: (outline: Outline) => Selection, replay?: ReadonlyMap<string, ContractPlan>, only?: ReadonlySet<string>, sameOutline?: Outline): Promise<RunResult> {
  const measure = req.measure !== false;
  let prepared: PreparedCompile;
  // The compiler and settings the project builds with (foundry.toml profiles, Hardhat), where Synor's config says nothing.
  const project = projectCompiler(req.root ? req.root : findProjectRoot(req.path));
  const compilerConfig = withProjectSettings(req.config?.compiler, project);
  let settingsNote: { wanted?: string; note?: string } = {};
  try {
    // Native compilers are programs run by path: only a trusted workspace may have one.
    const prepare = (candidate: CompilerCandidate | undefined) => prepareCompile({ path: req.path, text: req.text, root: req.root, config: compilerConfig, compilerPath: req.compilerPath, trusted: req.trusted === true, candidate }, req.trusted === true ? env.native : undefined);
    prepared = prepare(pin);
    if (!pin && !compilerConfig?.version && prepared.candidate?.source !== 'configured') {
      settingsNote = projectVersion(prepared, project);
      if (settingsNote.wanted && !settingsNote.note) prepared = prepare(compilerOfVersion(settingsNote.wanted, prepared.root, prepared.trusted));
    }
    if (project.viaIR && !prepared.settings.viaIR) prepared = withViaIR(prepared);
  } catch (err) {
    return { findings: [], contracts: [], unavailable: `could not prepare the compilation: ${(err as Error).message}`, timings: { compileMs: 0, measureMs: 0, cached: false } };
  }
  // Scenarios from synor.config.json change the measurements, not the compilation.
  const key = `${prepared.key}|${measure}|${prepared.file}|${req.config?.gas ? JSON.stringify(req.config.gas) : ''}`;
  const hit = env.cache.get(key);
  // A full run needs the typed AST for its typed analysis; a partial one (measuring a fix) does not.
  if (hit && (select || hit.typed || hit.result.unavailable)) {
    env.log?.('debug', `cache hit for ${req.path}`);
    const cached: DeepResult = { ...hit.result, timings: { ...hit.result.timings, cached: true } };
    return { ...(select || !hit.typed ? cached : await withBytecode(withTypedAnalysis(cached, req, prepared, hit.typed, env), prepared, req.path, undefined, env)), prepared, outline: hit.outline, plans: hit.plans };
  }
  // The typed analysis reads the AST of every file compiled, not only the analysed one's; a fix's
  // variant needs only the bytecode of the contracts it deploys.
  const outcome = runCompile(select ? (only ? withOnlyContracts(prepared, only, !sameOutline) : prepared) : withEveryAst(prepared), prepared.trusted ? env.native : undefined);
  const compiler = outcome.compiler ? { version: outcome.compiler.version, source: outcome.compiler.source } : undefined;
  env.log?.('info', `compiled ${req.path} with solc ${compiler?.version ?? '-'} in ${outcome.compileMs.toFixed(0)} ms${outcome.failed ? ' (errors)' : ''}`);
  const result: DeepResult = { compiler, findings: outcome.findings, contracts: [], timings: { compileMs: Math.round(outcome.compileMs), measureMs: 0, cached: false } };
  result.settings = { optimizer: { ...prepared.settings.optimizer }, ...(prepared.settings.evmVersion ? { evmVersion: prepared.settings.evmVersion } : {}), ...(prepared.settings.viaIR ? { viaIR: true } : {}), ...(project.from ? { from: project.from } : {}), ...settingsNote };
  if (outcome.unavailable) result.unavailable = outcome.unavailable;
  else if (outcome.failed || !outcome.output) result.unavailable = 'the file does not compile; see the compiler-error findings';
  let outline: Outline | undefined;
  let typed: TypedIndex | undefined;
  const plans = new Map<string, ContractPlan>();
  if (!result.unavailable && outcome.output) {
    if (env.cancelled()) throw new RunCancelled('cancelled');
    const started = performance.now();
    const ast = outcome.output.sources?.[prepared.gathered.mainUnit]?.ast;
    outline = sameOutline ?? outlineFromAst(ast, req.text);
    if (!select) typed = typedIndexOf(prepared, outcome.output);
    try {
      result.contracts = await reportContracts(prepared, outcome.output, outline, req, measure, env, select?.(outline), replay, plans);
    } catch (err) {
      if (err instanceof MeasureCancelled) throw new RunCancelled('cancelled');
      throw err;
    }
    result.timings.measureMs = Math.round(performance.now() - started);
    env.log?.('info', `measured ${result.contracts.length} contract(s) of ${req.path} in ${result.timings.measureMs} ms`);
  }
  if (!select) env.cache.set(key, { result, outline, typed, plans });
  return { ...(typed ? await withBytecode(withTypedAnalysis(result, req, prepared, typed, env), prepared, req.path, outcome.output, env) : result), prepared, outline, plans };
}

/** Synor's compiler settings, with the project's optimizer and EVM version where they leave them out. */
function withProjectSettings(config: CompilerSettings | undefined, project: ProjectCompiler): CompilerSettings | undefined {
  if (!project.optimizer && !project.evmVersion) return config;
  return { ...config, optimizer: config?.optimizer ?? project.optimizer, evmVersion: config?.evmVersion ?? project.evmVersion };
}

/**
 * The version the project builds with, when it is not the one chosen from the
 * pragmas; `note` says why it cannot be used (not available here, or not
 * allowed by the pragmas), and the figures are then from the chosen one.
 */
function projectVersion(p: PreparedCompile, project: ProjectCompiler): { wanted?: string; note?: string } {
  const pragmas = [...p.gathered.sources.values()].flatMap((s) => scanPragmas(s.content));
  const wanted = versionForRange(project, pragmaRange(pragmas));
  if (!wanted || p.candidate?.version === wanted) return {};
  const using = p.candidate ? `solc ${p.candidate.version} (${p.candidate.source})` : 'no compiler';
  if (!allowedByPragmas(wanted, pragmas)) return { wanted, note: `the project builds with solc ${wanted} (${project.from}), which this file's pragmas do not allow; compiled with ${using}` };
  if (!compilerOfVersion(wanted, p.root, p.trusted)) {
    const how = p.trusted ? `install it in the project (npm install solc@${wanted}) or set synor.compilerPath` : 'trust the workspace to use its own node_modules/solc, or set synor.compilerPath';
    return { wanted, note: `the project builds with solc ${wanted} (${project.from}), which is not available here (${how}); measured with ${using}: figures can differ from the project's build` };
  }
  return { wanted };
}

/**
 * The compilation of a fix's variant: bytecode, selectors and ABI only for the
 * contracts measured (solc skips code generation for the others), no source
 * map, and no AST when the original's outline stands in for the variant's.
 */
function withOnlyContracts(p: PreparedCompile, names: ReadonlySet<string>, ast: boolean): PreparedCompile {
  try {
    const input = JSON.parse(p.input) as { settings?: { outputSelection?: Record<string, Record<string, string[]>> } };
    const selection = input.settings?.outputSelection;
    if (!selection) return p;
    const main: Record<string, string[]> = { ...(ast ? { '': ['ast'] } : {}), '*': ['abi'] };
    for (const name of names) main[name] = ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'];
    selection[p.gathered.mainUnit] = main;
    return { ...p, input: JSON.stringify(input) };
  } catch {
    return p;
  }
}

/** The compilation with `viaIR` on, as a Hardhat config may ask (solc 0.8.13 and later). */
function withViaIR(p: PreparedCompile): PreparedCompile {
  if (!p.candidate || !/^0\.8\.(1[3-9]|[2-9]\d)/.test(p.candidate.version)) return p;
  try {
    const input = JSON.parse(p.input) as { settings?: Record<string, unknown> };
    input.settings = { ...input.settings, viaIR: true };
    return { ...p, input: JSON.stringify(input), settings: { ...p.settings, viaIR: true }, key: `${p.key}|viaIR` };
  } catch {
    return p;
  }
}

/**
 * A copy of a compiled result with the typed analysis' findings added: every
 * rule, run with the compiler's types behind the facts, re-decides its findings
 * for this text. When the analysis fails (Synor's bug), the fast tier's stand.
 */
function withTypedAnalysis(result: DeepResult, req: WireRequest, prepared: PreparedCompile, typed: TypedIndex, env: RunEnv): DeepResult {
  if (env.cancelled()) throw new RunCancelled('cancelled');
  try {
    const a = typedAnalysis(req, prepared, typed);
    for (const e of a.ruleErrors) env.log?.('error', `typed analysis of ${req.path}: rule ${e}`);
    env.log?.('info', `typed analysis of ${req.path} in ${a.ms.toFixed(0)} ms`);
    return { ...result, findings: [...result.findings, ...a.findings], typedRules: typedRuleIds(), timings: { ...result.timings, analyzeMs: Math.round(a.ms) } };
  } catch (err) {
    env.log?.('error', `typed analysis of ${req.path} failed: ${(err as Error)?.stack ?? String(err)}`);
    return result;
  }
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

async function reportContracts(p: PreparedCompile, output: SolcOutput, outline: Outline, req: WireRequest, measure: boolean, env: RunEnv, selection?: Selection, replay?: ReadonlyMap<string, ContractPlan>, plans?: Map<string, ContractPlan>): Promise<ContractReport[]> {
  const compiled = output.contracts?.[p.gathered.mainUnit] ?? {};
  // What the program model says about each contract (owners, loops, what sets up what); a replay needs none of it.
  const program = measure && !replay ? programOf(p.file, req.text, p.root, req.config?.compiler?.remappings) : undefined;
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
      const facts = program && kind === 'contract' ? contractFacts(program, name) : undefined;
      m = await measureContract({ name, kind, contract, args: def?.args, only, facts, user: contractScenario(req.config?.gas, name), replay: replay?.get(name) }, { evmVersion: p.settings.evmVersion, errorSelectors: errors, cancelled: env.cancelled, loopSizes: req.config?.gas?.loopSizes, searchBudgetMs: req.scenarioBudgetMs, repeat: !selection });
      if (m.plan) plans?.set(name, m.plan);
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
      for (const k of ['stats', 'refund', 'scenario', 'perIteration', 'stubbed', 'external', 'selfOnly'] as const) if (f[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = f[k];
      return out;
    });
    const report: ContractReport = { name, file: req.path, kind, deploy: m.deploy, runtimeSize: m.runtimeSize, initcodeSize: m.initcodeSize, sizeLimit: EIP170_LIMIT, functions, opcodes: m.opcodes, selectors: m.selectors };
    if (m.constructorArgs) report.constructorArgs = m.constructorArgs;
    if (m.notes) report.scenarioNotes = m.notes;
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
  // The fixed build is measured in the same scenarios as the original: the same arguments, setup and loop sizes.
  // Without the AST (a quarter of the compile time on a small contract): the original's outline
  // stands in, since a replay takes the deployment from the original's plan and reads from the
  // outline only which contracts there are and their kinds, which a fix does not change. Only the
  // function ranges are the original's, and a fix's comparison does not use them.
  const after = await runAnalyze({ ...req, text: afterText, measure: true }, env, before.prepared.candidate, () => selection, before.plans, selection.contracts, before.plans && before.plans.size > 0 ? before.outline : undefined);
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
  const reverted: string[] = [];
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
      const fn = targets.length > 1 ? `${name}.${fb.signature}` : fb.signature;
      const call: MeasuredGas['calls'][number] = { fn, before: fb.gas, after: fa.gas };
      if (fb.perIteration && fa.perIteration) call.perIteration = { before: fb.perIteration.gas, after: fa.perIteration.gas };
      if (fb.refund || fa.refund) call.refunded = true;
      measured.calls.push(call);
      if (fb.scenario) (measured.scenarios ??= {})[fn] = fb.scenario;
      if (fb.gas === 'reverted' && fb.revertReason) reverted.push(`${fn}: ${fb.revertReason}`);
    }
  }
  if (counted === 0) return { unmeasured: contract ? `no deployable contract in this file includes ${contract.name}` : 'the file has no deployable contract' };
  const compared = measured.calls.filter((c) => typeof c.before === 'number' && typeof c.after === 'number');
  // When every affected call reverts, a run-time saving was not seen, and no verdict is given on it.
  if (measured.calls.length > 0 && compared.length === 0 && measured.deploy.before === measured.deploy.after) {
    return { measured, unmeasured: `the affected calls revert in every scenario tried (${reverted.slice(0, 2).join('; ')})` };
  }
  const verdict = judgeFix(finding.ruleId, measured);
  return { measured, verdict: { kind: verdict.kind, summary: describeVerdict(verdict, measured) } };
}
