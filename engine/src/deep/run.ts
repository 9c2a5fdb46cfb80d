import type { ContractDefinition, FunctionDefinition, StateVariableDeclaration, BaseASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { Finding, FindingGas, MeasuredGas, Range } from '../types';
import { parse, type ParsedFile } from '../parse';
import { applyEdits } from '../fix';
import { prepareCompile, runCompile, type PreparedCompile, type SolcOutput } from '../compile/compile';
import type { CompilerCandidate, NativeLoader } from '../compile/compilers';
import { splitArgs } from '../gas/abi';
import { errorSelectors, measureContract, MeasureCancelled, EIP170_LIMIT, type MeasuredContract } from '../gas/evm';
import type { ContractReport, DeepResult, FunctionGas, WireRequest } from './protocol';

/** What the worker provides to a run: native compilers, cancellation, a cache and a log. */
export interface RunEnv {
  native?: NativeLoader;
  cancelled: () => boolean;
  cache: ResultCache;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/** Thrown inside a run when its request was cancelled. */
export class RunCancelled extends Error {}

/** A bounded least-recently-used cache of results by input hash. */
export class ResultCache {
  private readonly map = new Map<string, DeepResult>();
  constructor(readonly limit = 64) {}
  get(key: string): DeepResult | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: DeepResult): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

type Kind = ContractReport['kind'];

function nodeRange(file: ParsedFile, node: BaseASTNode): Range | undefined {
  return node.range ? file.lines.range(node.range[0], node.range[1] + 1) : undefined;
}

function contractsOf(file: ParsedFile): ContractDefinition[] {
  return file.ast.children.filter((c): c is ContractDefinition => c.type === 'ContractDefinition');
}

/** The `@custom:synor-args` values written in the comment block just above a contract. */
function synorArgs(file: ParsedFile, c: ContractDefinition): string[] | undefined {
  if (!c.range) return undefined;
  let line = file.lines.positionAt(c.range[0]).line - 1;
  for (; line >= 0; line--) {
    const t = file.lines.lineText(line).trim();
    if (!/^(\/\/|\/\*|\*)/.test(t)) break;
    const m = /@custom:synor-args\s+(.*?)\s*(\*\/)?$/.exec(t);
    if (m) {
      return splitArgs(m[1]);
    }
  }
  return undefined;
}

/** Functions of `c` and of the contracts it inherits from in this file, by name, for source ranges. */
function functionRanges(file: ParsedFile, c: ContractDefinition): Map<string, Array<{ params: number; range?: Range }>> {
  const byName = new Map(contractsOf(file).map((x) => [x.name, x]));
  const out = new Map<string, Array<{ params: number; range?: Range }>>();
  const seen = new Set<string>();
  const visit = (x: ContractDefinition | undefined) => {
    if (!x || seen.has(x.name)) return;
    seen.add(x.name);
    for (const n of x.subNodes) {
      if (n.type === 'FunctionDefinition') {
        const f = n as FunctionDefinition;
        if (!f.name) continue;
        const list = out.get(f.name) ?? [];
        list.push({ params: f.parameters.length, range: nodeRange(file, f) });
        out.set(f.name, list);
      } else if (n.type === 'StateVariableDeclaration') {
        for (const v of (n as StateVariableDeclaration).variables) {
          if (!v.name) continue;
          const list = out.get(v.name) ?? [];
          list.push({ params: -1, range: nodeRange(file, n) });
          out.set(v.name, list);
        }
      }
    }
    for (const b of x.baseContracts) visit(byName.get(b.baseName.namePath));
  };
  visit(c);
  return out;
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

function kindOf(c: ContractDefinition): Kind {
  return c.kind === 'library' || c.kind === 'interface' || c.kind === 'abstract' ? c.kind : 'contract';
}

/** Compiles and measures one file; the heart of DeepAnalyzer.analyze, run in the worker. */
export async function runAnalyze(req: WireRequest, env: RunEnv, pin?: CompilerCandidate): Promise<DeepResult & { prepared?: PreparedCompile; output?: SolcOutput }> {
  const measure = req.measure !== false;
  let prepared: PreparedCompile;
  try {
    prepared = prepareCompile({ path: req.path, text: req.text, root: req.root, config: req.config?.compiler, compilerPath: req.compilerPath, candidate: pin }, env.native);
  } catch (err) {
    return { findings: [], contracts: [], unavailable: `could not prepare the compilation: ${(err as Error).message}`, timings: { compileMs: 0, measureMs: 0, cached: false } };
  }
  const key = `${prepared.key}|${measure}|${prepared.file}`;
  const hit = env.cache.get(key);
  if (hit) {
    env.log?.('debug', `deep: cache hit for ${req.path}`);
    return { ...hit, timings: { ...hit.timings, cached: true }, prepared };
  }
  const outcome = runCompile(prepared, env.native);
  const compiler = outcome.compiler ? { version: outcome.compiler.version, source: outcome.compiler.source } : undefined;
  env.log?.('info', `deep: compiled ${req.path} with solc ${compiler?.version ?? '-'} in ${outcome.compileMs.toFixed(0)} ms${outcome.failed ? ' (errors)' : ''}`);
  const result: DeepResult = { compiler, findings: outcome.findings, contracts: [], timings: { compileMs: Math.round(outcome.compileMs), measureMs: 0, cached: false } };
  if (outcome.unavailable) result.unavailable = outcome.unavailable;
  else if (outcome.failed || !outcome.output) result.unavailable = 'the file does not compile; see the compiler-error findings';
  if (!result.unavailable && outcome.output) {
    if (env.cancelled()) throw new RunCancelled('cancelled');
    const started = performance.now();
    try {
      result.contracts = await reportContracts(prepared, outcome.output, req, measure, env);
    } catch (err) {
      if (err instanceof MeasureCancelled) throw new RunCancelled('cancelled');
      throw err;
    }
    result.timings.measureMs = Math.round(performance.now() - started);
  }
  env.cache.set(key, result);
  return { ...result, prepared, output: outcome.output };
}

async function reportContracts(p: PreparedCompile, output: SolcOutput, req: WireRequest, measure: boolean, env: RunEnv): Promise<ContractReport[]> {
  const file = parse(req.text);
  const compiled = output.contracts?.[p.gathered.mainUnit] ?? {};
  const errors = errorSelectors(Object.values(output.contracts ?? {}).flatMap((byName) => Object.values(byName).map((c) => c.abi ?? [])));
  const defs = new Map(contractsOf(file).map((c) => [c.name, c]));
  const reports: ContractReport[] = [];
  for (const [name, contract] of Object.entries(compiled)) {
    const def = defs.get(name);
    const kind: Kind = def ? kindOf(def) : contract.evm?.bytecode?.object ? 'contract' : 'abstract';
    let m: MeasuredContract;
    if (measure) {
      m = await measureContract({ name, kind, contract, args: def ? synorArgs(file, def) : undefined }, { evmVersion: p.settings.evmVersion, errorSelectors: errors, cancelled: env.cancelled });
    } else {
      // Sizes, opcodes and selectors come from the bytecode alone; skip the EVM.
      m = await measureContract({ name, kind: kind === 'contract' || kind === 'library' ? 'abstract' : kind, contract }, {});
      m.deploy = { failed: 'not measured (measurement is off)' };
    }
    const ranges = def ? functionRanges(file, def) : new Map();
    const functions: FunctionGas[] = m.functions.map((f) => {
      const cands = (ranges.get(f.name) ?? []) as Array<{ params: number; range?: Range }>;
      const n = paramCount(f.signature);
      const found = cands.find((c) => c.params === n) ?? cands.find((c) => c.params === -1) ?? cands[0];
      const out: FunctionGas = { name: f.name, signature: f.signature, selector: f.selector, stateMutability: f.stateMutability, gas: f.gas };
      if (found?.range) out.range = found.range;
      if (f.revertReason) out.revertReason = f.revertReason;
      return out;
    });
    const report: ContractReport = { name, file: req.path, kind, deploy: m.deploy, runtimeSize: m.runtimeSize, initcodeSize: m.initcodeSize, sizeLimit: EIP170_LIMIT, functions, opcodes: m.opcodes, selectors: m.selectors };
    const range = def ? nodeRange(file, def) : undefined;
    if (range) report.range = range;
    reports.push(report);
  }
  // Source order, as the reader meets them.
  return reports.sort((a, b) => (a.range?.start.line ?? 1e9) - (b.range?.start.line ?? 1e9) || a.name.localeCompare(b.name));
}

function contains(r: Range, line: number, character: number): boolean {
  const afterStart = line > r.start.line || (line === r.start.line && character >= r.start.character);
  const beforeEnd = line < r.end.line || (line === r.end.line && character <= r.end.character);
  return afterStart && beforeEnd;
}

/** The contract and the external functions a finding's fix can change; `undefined` functions means all of them. */
function affected(file: ParsedFile, finding: Finding): { contract?: ContractDefinition; names?: Set<string> } {
  const { line, character } = finding.range.start;
  const contract = contractsOf(file).find((c) => {
    const r = nodeRange(file, c);
    return r && contains(r, line, character);
  });
  if (!contract) return {};
  for (const n of contract.subNodes) {
    if (n.type !== 'FunctionDefinition') continue;
    const f = n as FunctionDefinition;
    const r = nodeRange(file, f);
    if (!r || !contains(r, line, character)) continue;
    // Only an external or public function stands for itself; a change inside an
    // internal function, a modifier or the constructor can reach any function.
    if (f.name && !f.isConstructor && (f.visibility === 'external' || f.visibility === 'public' || f.visibility === 'default')) return { contract, names: new Set([f.name]) };
    return { contract };
  }
  return { contract };
}

/** Deployable contracts that include `base`: itself, or the contracts of this file deriving from it. */
function targetsFor(file: ParsedFile, base: ContractDefinition | undefined): Set<string> | undefined {
  if (!base) return undefined;
  if (kindOf(base) === 'contract') return new Set([base.name]);
  const all = contractsOf(file);
  const byName = new Map(all.map((c) => [c.name, c]));
  const derives = (c: ContractDefinition, seen = new Set<string>()): boolean => {
    if (seen.has(c.name)) return false;
    seen.add(c.name);
    return c.baseContracts.some((b) => b.baseName.namePath === base.name || (byName.has(b.baseName.namePath) && derives(byName.get(b.baseName.namePath)!, seen)));
  };
  const out = new Set(all.filter((c) => kindOf(c) === 'contract' && derives(c)).map((c) => c.name));
  return out.size > 0 ? out : undefined;
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
  const before = await runAnalyze({ ...req, measure: true }, env);
  if (before.unavailable || !before.prepared?.candidate) return { unmeasured: before.unavailable && !/does not compile/.test(before.unavailable) ? before.unavailable : `the original does not compile (${firstError(before)})` };
  const after = await runAnalyze({ ...req, text: afterText, measure: true }, env, before.prepared.candidate);
  if (after.unavailable) return { unmeasured: /does not compile/.test(after.unavailable) ? `the fixed file does not compile (${firstError(after)})` : after.unavailable };
  const file = parse(req.text);
  const { contract, names } = affected(file, finding);
  const targets = targetsFor(file, contract) ?? new Set(before.contracts.filter((c) => c.kind === 'contract').map((c) => c.name));
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
      measured.calls.push({ fn: targets.size > 1 ? `${name}.${fb.signature}` : fb.signature, before: fb.gas, after: fa.gas });
    }
  }
  if (counted === 0) return { unmeasured: contract ? `no deployable contract in this file includes ${contract.name}` : 'the file has no deployable contract' };
  return { measured };
}
