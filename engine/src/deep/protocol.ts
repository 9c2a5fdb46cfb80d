import type { Finding, FindingGas, Range } from '../types';
import type { SynorConfig } from '../config/config';
import type { ContractBytecode } from '../bytecode/compiled';

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
  /**
   * Time for finding realistic scenarios, per contract, in ms (default 10,000):
   * past it, the remaining functions are called from the deployed state only.
   */
  scenarioBudgetMs?: number;
  /**
   * Other files of the project to read before the typed analysis, so that the
   * files deriving contracts from this one are known, as the fast tier knew
   * them (the CLI passes every file it analyses). Without it, the project's
   * own sources that import the file are found on disk.
   */
  related?: string[];
  signal?: AbortSignal;
}

export interface FunctionGas {
  name: string;
  signature: string;
  selector: string;
  range?: Range;
  stateMutability: string;
  /** Transaction gas of the scenario's call (see `scenario`); a figure after a refund says so in `refund`. */
  gas: number | 'reverted' | 'not-called';
  revertReason?: string;
  /** Every successful measurement: the call, the call repeated, loop sizes. */
  stats?: { min: number; median: number; max: number; samples: number };
  /** Gas refunded inside `gas` (storage cleared): not a plain cost. */
  refund?: number;
  /** What ran before the call and with which arguments, or how many scenarios reverted. */
  scenario?: string;
  /** The cost of one more iteration of the function's loop, measured at two sizes. */
  perIteration?: { gas: number; sizes: [number, number]; over: string };
  /** The call reached another contract, answered by a stub. */
  stubbed?: boolean;
  /** The function calls other contracts: it needs an external system. */
  external?: boolean;
  /** Only the contract itself may call the function. */
  selfOnly?: boolean;
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
  /** The constructor arguments deployed with, in words. */
  constructorArgs?: string;
  /** Problems with the scenario (a configured setup call that reverted, the budget spent). */
  scenarioNotes?: string[];
  functions: FunctionGas[];
  opcodes: Record<string, number>;
  selectors: Array<{ selector: string; signature: string }>;
}

export interface DeepResult {
  compiler?: { version: string; source: 'bundled' | 'node_modules' | 'configured' };
  /**
   * The settings compiled with and where they came from, and, when the
   * project builds with a compiler that is not available here, which one it is.
   */
  settings?: { optimizer: { enabled: boolean; runs: number }; evmVersion?: string; viaIR?: boolean; from?: string; wanted?: string; note?: string };
  /** Compiler errors and warnings and unresolved imports, ranged in the analysed file. */
  findings: Finding[];
  contracts: ContractReport[];
  /** A plain reason when nothing could be compiled or measured. */
  unavailable?: string;
  /**
   * Rules re-decided with solc's typed AST behind the facts (every rule, when
   * the file compiled): their findings in `findings` replace the fast tier's
   * for the same text (see deep/typed.ts).
   */
  typedRules?: string[];
  /**
   * The bytecode of each compiled contract of the file (engine/src/bytecode/compiled.ts): size,
   * metadata, proxy kind, standards, selectors against the ABI, detector findings. Its findings
   * are merged into `findings` by place (evidence on a source finding, or a finding of its own).
   */
  bytecode?: ContractBytecode[];
  /** `analyzeMs`: the typed analysis (every rule over the project, with the compiler's types); `bytecodeMs`: the bytecode analysis and cross-check. */
  timings: { compileMs: number; measureMs: number; cached: boolean; analyzeMs?: number; bytecodeMs?: number };
}

/** The request as it crosses to the worker: no signal, no time limit. */
export type WireRequest = Omit<DeepRequest, 'signal' | 'timeoutMs'>;

/** Messages from the analyser to its worker. */
export type ToWorker =
  | { id: number; kind: 'analyze'; req: WireRequest }
  | { id: number; kind: 'measureFix'; req: WireRequest; finding: Finding; fixIndex: number }
  | { id: number; kind: 'cancel' }
  | { id: number; kind: 'status' };

/** Memory of one thread, in bytes, as `process.memoryUsage()` reports it there (the heap and external memory are the thread's own; rss is the process's). */
export interface ThreadMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** What the deep tier's worker holds (the answer to a `status` message). */
export interface DeepWorkerStatus {
  /** The process the worker runs in (the server's own when it is a thread). */
  pid: number;
  memory: ThreadMemory;
  /** Cached runs, and how many of them keep their typed AST. */
  cachedRuns: number;
  cachedTyped: number;
  /** Compilers loaded in the worker, by version. */
  compilers: string[];
}

/** Messages from the worker back. */
export type FromWorker =
  | { id: number; kind: 'result'; result: DeepResult | FindingGas }
  | { id: number; kind: 'error'; code: string; message: string }
  | { id: number; kind: 'status'; status: DeepWorkerStatus }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string };
