import path from 'node:path';
import { DeepAnalyzer, mergeFindings } from '../../engine/src/deep';
import { type AnalysisResult, type ReportContractBytecode, type ReportContractGas, type SynorConfig } from '../../engine/src';

/** What `--measure` did: gas per contract, notes, and whether anything at all was measured. */
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

/**
 * `--measure`: compiles every analysed file with solc in the deep-tier
 * worker, deploys and calls its contracts in the EVM (in realistic
 * scenarios, see engine/src/gas/evm.ts), and measures each gas fix before and
 * after. Compiler findings join the file's findings; gas figures go to the
 * report. A gas hint whose fix measures as a loss, or as no change, is
 * withdrawn (and said so in the notes); a kept hint says what was measured.
 * Anything that could not be done becomes a note.
 */
export async function measureAll(results: AnalysisResult[], sources: ReadonlyMap<string, string>, config: SynorConfig, progress: (message: string) => void): Promise<MeasureOutcome> {
  const deep = new DeepAnalyzer();
  const contracts: ReportContractGas[] = [];
  const bytecode: ReportContractBytecode[] = [];
  const notes: string[] = [];
  const withdrawnNotes: string[] = [];
  let deployed = 0;
  let deployable = 0;
  let unavailable = 0;
  try {
    for (const [i, result] of results.entries()) {
      const text = sources.get(result.file);
      if (text === undefined) continue;
      progress(`measuring ${i + 1}/${results.length} ${path.basename(result.file)}`);
      // The user runs the CLI on their own project: it is trusted, so a project's own
      // node_modules/solc is used when its version fits (as `npx solc` would be).
      const req = { path: path.resolve(result.file), text, config, measure: true, trusted: true, timeoutMs: 300_000, scenarioBudgetMs: 60_000, related: results.map((r) => path.resolve(r.file)) };
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
      // Compiler findings join the file's; rules re-decided from solc's types replace their fast-tier findings.
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
      if (deepResult.unavailable || deepResult.findings.some((f) => f.ruleId === 'compiler-error')) continue;
      const kept = [];
      for (const f of result.findings) {
        if (f.category !== 'gas' || f.fixes.length === 0) {
          kept.push(f);
          continue;
        }
        f.gas = { ...f.gas, ...(await deep.measureFix(req, f, 0)) };
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
  if (deployed === 0) out.headline = `Nothing was measured: ${nothingMeasured(contracts, unavailable)}.`; else if (deployed < deployable) out.notes.unshift(`${deployable - deployed} of ${deployable} contracts could not be deployed; their functions are not measured`);
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
