import path from 'node:path';
import { DeepAnalyzer, mergeFindings } from '../../engine/src/deep';
import { type AnalysisResult, type ReportContractGas, type SynorConfig } from '../../engine/src';

/**
 * `--measure`: compiles every analysed file with solc in the deep-tier
 * worker, deploys and calls its contracts in the EVM, and measures each gas
 * fix before and after. Compiler findings join the file's findings; gas
 * figures go to the report; anything that could not be done becomes a note.
 */
export async function measureAll(
  results: AnalysisResult[],
  sources: ReadonlyMap<string, string>,
  config: SynorConfig,
  progress: (message: string) => void,
): Promise<{ contracts: ReportContractGas[]; notes: string[] }> {
  const deep = new DeepAnalyzer();
  const contracts: ReportContractGas[] = [];
  const notes: string[] = [];
  try {
    for (const [i, result] of results.entries()) {
      const text = sources.get(result.file);
      if (text === undefined) continue;
      progress(`measuring ${i + 1}/${results.length} ${path.basename(result.file)}`);
      // The user runs the CLI on their own project: it is trusted, so a project's own
      // node_modules/solc is used when its version fits (as `npx solc` would be).
      const req = { path: path.resolve(result.file), text, config, measure: true, trusted: true };
      const deepResult = await deep.analyze(req);
      if (deepResult.unavailable) notes.push(`${result.file}: ${deepResult.unavailable}`);
      else if (deepResult.compiler) notes.push(`${result.file}: compiled with solc ${deepResult.compiler.version} (${deepResult.compiler.source})`);
      // Compiler findings join the file's; rules re-decided from solc's types replace their fast-tier findings.
      result.findings = mergeFindings(result.findings, { ...deepResult, findings: deepResult.findings.map((f) => ({ ...f, file: result.file })) });
      for (const c of deepResult.contracts) {
        if (c.kind === 'interface' || c.kind === 'abstract') continue;
        contracts.push({ name: c.name, file: result.file, deploy: c.deploy, runtimeSize: c.runtimeSize, sizeLimit: c.sizeLimit, functions: c.functions, opcodes: c.opcodes });
      }
      if (deepResult.unavailable || deepResult.findings.some((f) => f.ruleId === 'compiler-error')) continue;
      for (const f of result.findings) {
        if (f.category !== 'gas' || f.fixes.length === 0) continue;
        f.gas = { ...f.gas, ...(await deep.measureFix(req, f, 0)) };
      }
    }
  } finally {
    await deep.dispose();
  }
  return { contracts, notes };
}
