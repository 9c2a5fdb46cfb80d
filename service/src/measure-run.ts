/**
 * Gas measurement for an analysis with `settings.measure`: what `synor
 * --measure` does (cli/src/measure.ts), through the engine's deep tier
 * (`DeepAnalyzer`: solc, then deployment and calls in the EVM, and each gas
 * fix measured before and after), with two differences a server needs. The
 * sources were uploaded, so only the compilers bundled with Synor run (never a
 * `node_modules/solc` from the upload: `trusted: false`); and every request
 * fits in what is left of the analysis's time limit. The deep tier's worker is
 * a thread of the analysis thread, so the time limit that ends the analysis
 * thread ends it too.
 */
import path from 'node:path';
import { DeepAnalyzer, mergeFindings } from '../../engine/src/deep';
import type { AnalysisResult, ReportContractBytecode, ReportContractGas, SynorConfig } from '../../engine/src';

/** What was measured, per contract, and what could not be measured and why. */
export interface Measured {
  contracts: ReportContractGas[];
  bytecode: ReportContractBytecode[];
  notes: string[];
  /** Contracts deployed (each has a deployment figure) of those that should have been. */
  deployed: number;
  deployable: number;
  /** Gas hints withdrawn because their fix measured as a loss or as no change. */
  withdrawn: number;
  /** Set when nothing at all was measured. */
  headline?: string;
}

/**
 * Measures the files of `results` (absolute paths, their texts in `sources`)
 * in place, as `synor --measure` does: compiler findings join each file's, a
 * gas hint whose fix measures as a loss or no change is withdrawn with a note,
 * a kept one says its measured saving. `deadline` is a `performance.now()`
 * value past which nothing more is started.
 */
export async function measureResults(results: AnalysisResult[], sources: ReadonlyMap<string, string>, config: SynorConfig, root: string, deadline: number, progress?: (message: string) => void): Promise<Measured> {
  const deep = new DeepAnalyzer();
  const contracts: ReportContractGas[] = [];
  const bytecode: ReportContractBytecode[] = [];
  const notes: string[] = [];
  const withdrawnNotes: string[] = [];
  let deployed = 0;
  let deployable = 0;
  let unavailable = 0;
  const left = () => Math.floor(deadline - performance.now());
  try {
    for (const [i, result] of results.entries()) {
      const text = sources.get(result.file);
      if (text === undefined) continue;
      if (left() < 1000) {
        notes.push(`${result.file}: not measured: the analysis's time limit was reached`);
        unavailable++;
        continue;
      }
      progress?.(`measuring ${i + 1}/${results.length} ${path.basename(result.file)}`);
      const req = { path: result.file, text, root, config, measure: true, trusted: false, timeoutMs: left(), scenarioBudgetMs: Math.min(60_000, left()), related: results.map((r) => r.file) };
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
      for (const b of deepResult.bytecode ?? []) bytecode.push({ ...b, file: result.file });
      for (const c of deepResult.contracts) {
        if (c.kind === 'interface' || c.kind === 'abstract') continue;
        deployable++;
        if ('gas' in c.deploy) deployed++;
        contracts.push({ name: c.name, file: result.file, deploy: c.deploy, runtimeSize: c.runtimeSize, sizeLimit: c.sizeLimit, functions: c.functions, opcodes: c.opcodes });
        if (c.runtimeSize > c.sizeLimit) notes.push(`${result.file}: ${c.name} is ${c.runtimeSize.toLocaleString('en-US')} bytes, over the EIP-170 limit of ${c.sizeLimit.toLocaleString('en-US')}: mainnet would refuse to deploy it (measured here without the limit)`);
        for (const n of c.scenarioNotes ?? []) notes.push(`${result.file}: ${c.name}: ${n}`);
      }
      if (deepResult.unavailable || deepResult.findings.some((f) => f.ruleId === 'compiler-error')) {
        if (deepResult.findings.some((f) => f.ruleId === 'compiler-error')) notes.push(`${result.file}: gas not measured: the file does not compile (see the compiler-error findings)`);
        continue;
      }
      const kept = [];
      for (const f of result.findings) {
        if (f.category !== 'gas' || f.fixes.length === 0) {
          kept.push(f);
          continue;
        }
        if (left() < 1000) {
          f.gas = { ...f.gas, unmeasured: "the analysis's time limit was reached" };
          f.message = `${f.message} (Not measured: ${f.gas.unmeasured}.)`;
          kept.push(f);
          continue;
        }
        f.gas = { ...f.gas, ...(await deep.measureFix({ ...req, timeoutMs: left() }, f, 0)) };
        const v = f.gas.verdict;
        // Only measured savings are offered, as the CLI does: a fix that costs gas, or changes nothing, is withdrawn.
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
  const out: Measured = { contracts, bytecode, notes: [...notes, ...withdrawnNotes], deployed, deployable, withdrawn: withdrawnNotes.length };
  if (deployed === 0) out.headline = `Nothing was measured: ${nothingMeasured(contracts, unavailable)}.`;
  else if (deployed < deployable) out.notes.unshift(`${deployable - deployed} of ${deployable} contracts could not be deployed; their functions are not measured`);
  return out;
}

/** Why nothing was measured, naming the first contract that failed and why (the CLI's wording, cli/src/measure.ts). */
function nothingMeasured(contracts: ReadonlyArray<{ name: string; deploy: { gas: number } | { failed: string } }>, unavailable: number): string {
  const failed = contracts.flatMap((c) => ('failed' in c.deploy ? [{ name: c.name, why: c.deploy.failed.replace(/^deployment /, '') }] : []));
  if (failed.length === 1) return `${failed[0].name} could not be deployed (${failed[0].why})`;
  if (failed.length > 1) return `none of the ${failed.length} contracts could be deployed (${failed[0].name}: ${failed[0].why})`;
  if (unavailable > 0) return `${unavailable} file${unavailable === 1 ? '' : 's'} could not be compiled (see the notes)`;
  return 'no deployable contract was found';
}
