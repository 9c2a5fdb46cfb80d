/**
 * The deep tier (compile, compiler diagnostics, gas per function, measured
 * fix savings) as the server uses it: on save and after idle, never on the
 * typing path, with a time limit, and its results tied to the document
 * version they were computed for.
 */
import type { Finding, FindingGas, Range, SynorConfig } from '../../engine/src';

// The shapes of the engine's deep tier (engine/src/deep). They are repeated
// here so the server builds and degrades cleanly while that module is absent.
export interface DeepRequest {
  path: string;
  text: string;
  root?: string;
  config?: SynorConfig;
  compilerPath?: string;
  timeoutMs?: number;
  measure?: boolean;
  signal?: AbortSignal;
}

export interface FunctionGas {
  name: string;
  signature: string;
  selector: string;
  range?: Range;
  stateMutability: string;
  gas: number | 'reverted' | 'not-called';
  revertReason?: string;
}

export interface ContractReport {
  name: string;
  file: string;
  kind: 'contract' | 'library' | 'interface' | 'abstract';
  range?: Range;
  deploy: { gas: number } | { failed: string };
  runtimeSize: number;
  initcodeSize: number;
  sizeLimit: number;
  functions: FunctionGas[];
  opcodes: Record<string, number>;
  selectors: Array<{ selector: string; signature: string }>;
}

export interface DeepResult {
  compiler?: { version: string; source: 'bundled' | 'node_modules' | 'configured' };
  findings: Finding[];
  contracts: ContractReport[];
  unavailable?: string;
  timings: { compileMs: number; measureMs: number; cached: boolean };
}

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

/** Loads the engine's deep tier, or explains why there is none. */
export function loadDeepEngine(log: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void, workerPath: string | undefined): { engine?: DeepEngine; unavailable?: string } {
  void log;
  void workerPath;
  return { unavailable: 'the deep tier (compiler and EVM) is not part of this build' };
}
