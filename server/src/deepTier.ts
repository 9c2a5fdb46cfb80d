/**
 * The deep tier (compile, compiler diagnostics, gas per function, measured
 * fix savings) as the server uses it: on save and after idle, never on the
 * typing path, with a time limit, and its results tied to the document
 * version they were computed for.
 */
import type { Finding, FindingGas } from '../../engine/src';
import { DeepAnalyzer, type DeepRequest, type DeepResult } from '../../engine/src/deep';

export type { DeepRequest, DeepResult, ContractReport, FunctionGas } from '../../engine/src/deep';

/** What the server needs of the deep tier. */
export interface DeepEngine {
  analyze(req: DeepRequest): Promise<DeepResult>;
  measureFix(req: DeepRequest, finding: Finding, fixIndex: number): Promise<FindingGas>;
  dispose(): Promise<void>;
}

/** The deep tier's result for one version of a document. */
export interface DeepSnapshot {
  version: number | null;
  hash: string;
  /** Set while a run is in progress and nothing has been measured yet. */
  pending?: boolean;
  result?: DeepResult;
  /** Why there is no result: the deep tier is absent, failed or timed out. */
  unavailable?: string;
  ms?: number;
}

/** Starts the engine's deep tier (its worker starts lazily, on the first request), or explains why there is none. */
export function loadDeepEngine(log: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void, workerPath: string | undefined): { engine?: DeepEngine; unavailable?: string } {
  if (!workerPath) return { unavailable: 'the deep-tier worker (engine/out/worker.js) is missing from this build' };
  try {
    return { engine: new DeepAnalyzer({ workerPath, log: (level, message) => log(level, `deep: ${message}`) }) };
  } catch (err) {
    return { unavailable: `the deep tier could not start: ${(err as Error).message}` };
  }
}
