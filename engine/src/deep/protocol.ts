import type { Finding, FindingGas, Range } from '../types';
import type { SynorConfig } from '../config/config';

/** A request for the deep tier: compile the file, and measure it in the EVM. */
export interface DeepRequest {
  /** Absolute path of the .sol file. */
  path: string;
  /** Its current text, unsaved edits included. */
  text: string;
  /** Project root for imports; default: the nearest ancestor with foundry.toml, remappings.txt, hardhat.config.* or package.json. */
  root?: string;
  /** Compiler settings come from `config.compiler`. */
  config?: SynorConfig;
  /** A soljson.js or native solc binary; used only when `trusted`. */
  compilerPath?: string;
  /**
   * Workspace Trust: whether the workspace may supply code to run, i.e. its own
   * `node_modules/solc` and `compilerPath`. Default false: only the compilers
   * bundled with Synor are loaded. The CLI passes true (the user runs it on
   * their own project); the language server passes what the editor says.
   */
  trusted?: boolean;
  /** Compile-and-measure time limit in ms (default 60000); past it the worker is terminated and restarted. */
  timeoutMs?: number;
  /** Deploy and call functions in the EVM (default true). */
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
  sizeLimit: 24576;
  functions: FunctionGas[];
  opcodes: Record<string, number>;
  selectors: Array<{ selector: string; signature: string }>;
}

export interface DeepResult {
  compiler?: { version: string; source: 'bundled' | 'node_modules' | 'configured' };
  /** Compiler errors and warnings and unresolved imports, ranged in the analysed file. */
  findings: Finding[];
  contracts: ContractReport[];
  /** A plain reason when nothing could be compiled or measured. */
  unavailable?: string;
  /**
   * Rules re-decided from solc's typed AST: their findings in `findings`
   * replace the fast tier's for the same text (see deep/typed.ts).
   */
  typedRules?: string[];
  timings: { compileMs: number; measureMs: number; cached: boolean };
}

/** The request as it crosses to the worker: no signal, no time limit. */
export type WireRequest = Omit<DeepRequest, 'signal' | 'timeoutMs'>;

/** Messages from the analyser to its worker. */
export type ToWorker =
  | { id: number; kind: 'analyze'; req: WireRequest }
  | { id: number; kind: 'measureFix'; req: WireRequest; finding: Finding; fixIndex: number }
  | { id: number; kind: 'cancel' };

/** Messages from the worker back. */
export type FromWorker =
  | { id: number; kind: 'result'; result: DeepResult | FindingGas }
  | { id: number; kind: 'error'; code: string; message: string }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string };
