/**
 * Measurement of a set of analysed files through the deep tier: what `synor
 * --measure` (cli/src/measure.ts) and the service's analyses with
 * `settings.measure` (service/src/engine-run.ts) both run. Each file is
 * compiled with solc and its contracts deployed and called in the EVM (in
 * realistic scenarios, see engine/src/gas/evm.ts); the compiler's findings
 * join the file's; each gas fix is measured before and after. The callers
 * differ only in what they pass: whether the project's own compiler may run
 * (`trusted`), the project root, a deadline, cancellation.
 */
import path from 'node:path';
import type { AnalysisResult } from '../types';
import type { SynorConfig } from '../config/config';
import type { ReportContractBytecode, ReportContractGas } from '../report';
import { SynorError } from '../errors';
import { DeepAnalyzer, mergeFindings } from '.';

/** What a measurement did: gas per contract, notes, and whether anything at all was measured. */
export interface MeasureOutcome {
  contracts: ReportContractGas[];
  /** Each compiled contract's bytecode analysis (the report's "Bytecode" section). */
  bytecode: ReportContractBytecode[];
  notes: string[];
  /** Contracts that could be deployed (each has a deployment figure). */
  deployed: number;
  /** Contracts that should have been deployed. */
  deployable: number;
  /** Gas hints withdrawn because their fix measured as a loss or as no change. */
  withdrawn: number;
  /** Set when nothing could be measured: the first thing every output says. */
  headline?: string;
}

export interface MeasureAllOptions {
  /**
   * Whether the sources may supply code to run: their own `node_modules/solc`
   * when its version fits (as `npx solc` would be used). The CLI passes true,
   * since the user runs it on their own project; a server measuring uploaded
   * sources passes false, so only the compilers bundled with Synor run.
   */
  trusted: boolean;
  /** Project root for imports (the deep tier's `root`); default: found from each file, see `DeepRequest.root`. */
  root?: string;
  /**
   * A `performance.now()` value past which nothing more is started: each
   * request gets what is left, and what the deadline leaves unmeasured is said
   * in the notes. Without it, each file has five minutes.
   */
  deadline?: number;
  /** Cancels the measurement: the returned promise rejects with SynorError 'cancelled'. */
  signal?: AbortSignal;
  /** Called before each file with a short "measuring i/n File.sol". */
  progress?: (message: string) => void;
  /**
   * Add a note for each file that does not compile, saying its gas was not
   * measured. The service does, as its stored notes are read without the
   * report; the CLI's report already leads with the compiler-error findings.
   */
  noteUncompiled?: boolean;
}

/** Per-file time limit without a deadline, and the most any contract's scenario search may take. */
const FILE_TIMEOUT_MS = 300_000;
const SCENARIO_BUDGET_MS = 60_000;
/** Less than this left before the deadline: nothing more is started. */
const TOO_LATE_MS = 1000;
const TIME_LIMIT = "the analysis's time limit was reached";

/**
 * Measures the files of `results` (their texts in `sources`, by the same
 * `file` keys) and updates their findings in place: compiler findings join
 * each file's (rules re-decided from solc's types replace their fast-tier
 * findings), a gas hint whose fix measures as a loss or as no change is
 * withdrawn (and said so in the notes), a kept hint says what was measured.
 * Anything that could not be done becomes a note. Never rejects for problems
 * in the code; rejects with SynorError 'cancelled' when `signal` aborts.
 */
export async function measureAll(results: AnalysisResult[], sources: ReadonlyMap<string, string>, config: SynorConfig, options: MeasureAllOptions): Promise<MeasureOutcome> {
  const { trusted, root, deadline, signal, progress } = options;
  const deep = new DeepAnalyzer();
  const contracts: ReportContractGas[] = [];
  const bytecode: ReportContractBytecode[] = [];
  const notes: string[] = [];
  const withdrawnNotes: string[] = [];
  let deployed = 0;
  let deployable = 0;
  let unavailable = 0;
  const left = () => (deadline === undefined ? Infinity : Math.floor(deadline - performance.now()));
  const timeoutMs = () => (deadline === undefined ? FILE_TIMEOUT_MS : left());
  try {
    for (const [i, result] of results.entries()) {
      if (signal?.aborted) throw new SynorError('cancelled', 'cancelled');
      const text = sources.get(result.file);
      if (text === undefined) continue;
      if (left() < TOO_LATE_MS) {
        notes.push(`${result.file}: not measured: ${TIME_LIMIT}`);
        unavailable++;
        continue;
      }
      progress?.(`measuring ${i + 1}/${results.length} ${path.basename(result.file)}`);
      const req = {
        path: path.resolve(result.file),
        text,
        ...(root !== undefined ? { root } : {}),
        config,
        measure: true,
        trusted,
        timeoutMs: timeoutMs(),
        scenarioBudgetMs: Math.min(SCENARIO_BUDGET_MS, left()),
        related: results.map((r) => path.resolve(r.file)),
        ...(signal ? { signal } : {}),
      };
      const deepResult = await deep.analyze(req);
      if (deepResult.unavailable) {
        notes.push(`${result.file}: ${deepResult.unavailable}`);
        unavailable++;
      } else if (deepResult.compiler) {
        const s = deepResult.settings;
        const settings = s ? `, optimizer ${s.optimizer.enabled ? `on (${s.optimizer.runs} runs)` : 'off'}${s.evmVersion ? `, EVM ${s.evmVersion}` : ''}${s.viaIR ? ', via IR' : ''}${s.from ? ` from ${s.from}` : ''}` : '';
        notes.push(`${result.file}: compiled with solc ${deepResult.compiler.version} (${deepResult.compiler.source})${settings}`);
      }
      if (deepResult.settings?.note) notes.push(`${result.file}: ${deepResult.settings.note}`);
      result.findings = mergeFindings(result.findings, { ...deepResult, findings: deepResult.findings.map((f) => ({ ...f, file: result.file })) });
      for (const b of deepResult.bytecode ?? []) bytecode.push({ ...b, file: result.file, findings: b.findings.map((f) => (f.place?.file === req.path ? { ...f, place: { ...f.place, file: result.file } } : f)) });
      for (const c of deepResult.contracts) {
        if (c.kind === 'interface' || c.kind === 'abstract') continue;
        deployable++;
        if ('gas' in c.deploy) deployed++;
        contracts.push({ name: c.name, file: result.file, deploy: c.deploy, runtimeSize: c.runtimeSize, sizeLimit: c.sizeLimit, functions: c.functions, opcodes: c.opcodes });
        if (c.runtimeSize > c.sizeLimit) notes.push(`${result.file}: ${c.name} is ${c.runtimeSize.toLocaleString('en-US')} bytes, over the EIP-170 limit of ${c.sizeLimit.toLocaleString('en-US')}: mainnet would refuse to deploy it (measured here without the limit)`);
        for (const n of c.scenarioNotes ?? []) notes.push(`${result.file}: ${c.name}: ${n}`);
      }
      const uncompiled = deepResult.findings.some((f) => f.ruleId === 'compiler-error');
      if (uncompiled && options.noteUncompiled) notes.push(`${result.file}: gas not measured: the file does not compile (see the compiler-error findings)`);
      if (deepResult.unavailable || uncompiled) continue;
      const kept = [];
      for (const f of result.findings) {
        if (f.category !== 'gas' || f.fixes.length === 0) {
          kept.push(f);
          continue;
        }
        if (left() < TOO_LATE_MS) {
          f.gas = { ...f.gas, unmeasured: TIME_LIMIT };
          f.message = `${f.message} (Not measured: ${f.gas.unmeasured}.)`;
          kept.push(f);
          continue;
        }
        f.gas = { ...f.gas, ...(await deep.measureFix({ ...req, timeoutMs: timeoutMs() }, f, 0)) };
        const v = f.gas.verdict;
        // Only measured savings are offered: a fix that costs gas, or changes nothing, is withdrawn.
        if (v && (v.kind === 'loss' || v.kind === 'no-effect')) {
          withdrawnNotes.push(`${result.file}:${f.range.start.line + 1}: ${f.ruleId} withdrawn. ${v.summary}`);
          continue;
        }
        if (v) f.message = `${f.message} ${v.summary}`;
        else if (f.gas.unmeasured) f.message = `${f.message} (Not measured: ${f.gas.unmeasured}.)`;
        kept.push(f);
      }
      result.findings = kept;
    }
  } finally {
    await deep.dispose();
  }
  const out: MeasureOutcome = { contracts, bytecode, notes: [...notes, ...withdrawnNotes], deployed, deployable, withdrawn: withdrawnNotes.length };
  if (deployed === 0) out.headline = `Nothing was measured: ${nothingMeasured(contracts, unavailable)}.`;
  else if (deployed < deployable) out.notes.unshift(`${deployable - deployed} of ${deployable} contracts could not be deployed; their functions are not measured`);
  return out;
}

/** Why nothing was measured, naming the first contract that failed and why. */
export function nothingMeasured(contracts: ReadonlyArray<{ name: string; deploy: { gas: number } | { failed: string } }>, unavailable: number): string {
  const failed = contracts.flatMap((c) => ('failed' in c.deploy ? [{ name: c.name, why: c.deploy.failed.replace(/^deployment /, '') }] : []));
  if (failed.length === 1) return `${failed[0].name} could not be deployed (${failed[0].why})`;
  if (failed.length > 1) return `none of the ${failed.length} contracts could be deployed (${failed[0].name}: ${failed[0].why})`;
  if (unavailable > 0) return `${unavailable} file${unavailable === 1 ? '' : 's'} could not be compiled (see the notes)`;
  return 'no deployable contract was found';
}
