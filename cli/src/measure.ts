import type { AnalysisResult, ReportContractGas, SynorConfig } from '../../engine/src';

/** Placeholder until the deep tier lands: measurement is reported as unavailable. */
export async function measureAll(
  _results: AnalysisResult[],
  _sources: ReadonlyMap<string, string>,
  _config: SynorConfig,
  _progress: (message: string) => void,
): Promise<{ contracts: ReportContractGas[]; notes: string[] }> {
  return { contracts: [], notes: ['gas measurement is not available in this build'] };
}
