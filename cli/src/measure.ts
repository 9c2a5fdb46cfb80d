import { measureAll as measureFiles, type MeasureOutcome } from '../../engine/src/deep/measure-all';
import type { AnalysisResult, SynorConfig } from '../../engine/src';

export { nothingMeasured, type MeasureOutcome } from '../../engine/src/deep/measure-all';

/**
 * `--measure`: compiles every analysed file with solc in the deep-tier
 * worker, deploys and calls its contracts in the EVM, and measures each gas
 * fix before and after (engine/src/deep/measure-all.ts). Compiler findings
 * join the file's findings; gas figures go to the report; a gas hint whose fix
 * measures as a loss, or as no change, is withdrawn.
 */
export function measureAll(results: AnalysisResult[], sources: ReadonlyMap<string, string>, config: SynorConfig, progress: (message: string) => void): Promise<MeasureOutcome> {
  // The user runs the CLI on their own project: it is trusted, so a project's own
  // node_modules/solc is used when its version fits (as `npx solc` would be).
  return measureFiles(results, sources, config, { trusted: true, progress });
}
