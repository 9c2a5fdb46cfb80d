/**
 * Bytecode analysis: what deployed (or creation) code does without its source:
 * selectors with argument types and mutability, the storage layout, the CFG,
 * proxies, standards, detectors confirmed in a local EVM; and, with the source,
 * a cross-check (crosscheck.ts). `analyzeBytecode` never throws on input; bad hex
 * gives `error`.
 */
import { CONFIRMABLE, confirmFindings } from './confirm';
import { detect, type BytecodeFinding } from './detectors';
import { explore, type Exploration, type ExploreOptions } from './explore';
import { decodeMetadata, type CodeMetadata } from './metadata';
import { fromHexString, indexOfPc, OP, toHexString } from './opcodes';
import { minimalProxy, proxyKind, type ProxyInfo } from './proxy';
import { knownSignature, matchStandards, type StandardMatch } from './standards';
import { reconcileMutability, recoverAbiAsync, signatureTypes, type RecoveredAbi, type StateMutability, type StorageEntry } from './abi';

export { disassemble, listing, opName, type Instruction } from './opcodes';
export { decodeMetadata, type CodeMetadata } from './metadata';
export { explore, type Exploration, type ExploreOptions } from './explore';
export { DETECTORS, detect, type BytecodeFinding, type BytecodeDetectorMeta } from './detectors';
export { minimalProxy, proxyKind, SLOTS, type ProxyInfo, type ProxyKind } from './proxy';
export { matchStandards, selectorOf, knownSignature, type StandardMatch } from './standards';
export { CONFIRMABLE, confirmFindings } from './confirm';
export { renderBytecodeText, renderBytecodeJson, renderBytecodeMarkdown, renderBytecodeSarif, findingsAtOrAbove, type BytecodeSubject } from './render';
export { crossCheck, decodeSourceMap, placeOfPc, sameInstructions, SOURCE_COUNTERPARTS, type CompiledForCrossCheck, type CrossCheck, type MergedFinding, type SourcePlace } from './crosscheck';
export { abiRecoveryUnavailable, flattenStaticTuples, mutabilityConsistent, signatureTypes, splitTypes, typeConsistent, type StateMutability, type StorageEntry } from './abi';

/** EIP-170's limit on deployed code. */
export const EIP170_LIMIT = 24576;
/** EIP-3860's limit on init code. */
export const EIP3860_LIMIT = 49152;

export interface RecoveredSelector {
  /** 8 hex digits. */
  selector: string;
  /** pc of the function's entry block in the runtime. */
  entry: number;
  /** A known signature for the selector (standards and common functions), not recovered from the code. */
  signature?: string;
  /** False when the entry (or the dispatcher before every function) rejects a non-zero CALLVALUE. */
  payable: boolean;
  /**
   * What the code shows: 'payable'; 'nonpayable' (a state change is reachable:
   * SSTORE, LOG, CREATE, CALL with value, SELFDESTRUCT); 'view-or-nonpayable'
   * (none reached — view and pure are compiler-level promises that bytecode cannot
   * tell from a nonpayable function that happens not to write).
   */
  mutability: 'payable' | 'nonpayable' | 'view-or-nonpayable';
  /**
   * Solidity's mutability as far as the code shows it: evmole's reading, with
   * payability from our CALLVALUE analysis and raised to nonpayable where our CFG
   * reaches a state change. A declared `view` that reads nothing shows as `pure`,
   * a declared nonpayable that writes nothing as `view` or `pure`: the code can
   * only show less than the declaration, never more (see `mutabilityConsistent`).
   * Absent when argument recovery is off or unavailable.
   */
  stateMutability?: StateMutability;
  /**
   * ABI types of the arguments: from the known signature when there is one
   * (`inputsFrom: 'signature'`, certain), otherwise recovered from how the code
   * decodes calldata (`'bytecode'`; static structs come as their members, and
   * types the code cannot tell apart, such as `bytes32` and `uint256`, as one of them).
   */
  inputs?: string[];
  inputsFrom?: 'signature' | 'bytecode';
}

export interface BytecodeAnalysis {
  kind: 'runtime' | 'creation';
  /** Bytes of the input; for creation code the runtime's size is `runtimeSize`. */
  size: number;
  runtimeSize: number;
  /** Runtime over EIP-170 (24,576 bytes): it cannot be deployed on mainnet. */
  overEip170: boolean;
  /** Creation code over EIP-3860 (49,152 bytes). */
  overEip3860?: boolean;
  /** Where the runtime starts inside creation code, and constructor argument bytes after it. */
  runtimeOffset?: number;
  constructorArgsSize?: number;
  metadata?: CodeMetadata;
  selectors: RecoveredSelector[];
  standards: StandardMatch[];
  proxy: ProxyInfo;
  findings: BytecodeFinding[];
  /** Storage variables as the code uses them (evmole), by slot and offset; absent when off or unavailable. */
  storage?: StorageEntry[];
  /** Why argument types, mutability or the storage layout are missing, when they are. */
  abiError?: string;
  cfgStats: {
    instructions: number;
    blocks: number;
    reachableBlocks: number;
    edges: number;
    /** JUMP/JUMPI whose target the abstract stack did not resolve (on some path). */
    unresolvedJumps: number;
    states: number;
    /** The exploration hit its budget: findings and selectors may be incomplete. */
    truncated: boolean;
  };
  /**
   * Milliseconds by phase. `abiMs` is evmole's (argument types, mutability and storage layout, in
   * one call), which runs in a worker thread during the exploration; `abiWaitMs` is how long
   * the analysis then still waited for it.
   */
  timings: { decodeMs: number; exploreMs: number; abiMs: number; abiWaitMs?: number; detectMs: number; confirmMs: number; totalMs: number };
  /** Set when the input is not bytecode (bad hex, empty). */
  error?: string;
}

export interface AnalyzeBytecodeOptions extends ExploreOptions {
  /** Run the local-EVM confirmation of findings (default true). */
  confirm?: boolean;
  /** Time for confirmation (default 2,000 ms). */
  confirmBudgetMs?: number;
  /** Recover argument types and Solidity mutability per selector (default true). */
  types?: boolean;
  /** Recover the storage layout (default true). */
  storage?: boolean;
}

/** A runtime inside creation code: a CODECOPY of a constant range that a RETURN of the same memory and size then returns. */
function findRuntime(ex: Exploration, size: number): { offset: number; size: number } | undefined {
  let best: { offset: number; size: number } | undefined;
  for (const cc of ex.codecopies) {
    if (cc.offset === undefined || cc.size === undefined || cc.size === 0n) continue;
    if (cc.offset + cc.size > BigInt(size) || cc.offset <= BigInt(cc.pc)) continue;
    if (!ex.returns.some((r) => r.size === cc.size && r.offset === cc.dest)) continue;
    if (!best || Number(cc.size) > best.size) best = { offset: Number(cc.offset), size: Number(cc.size) };
  }
  return best;
}

/** Whether the code rejects value before it looks at calldata (solc hoists the check when no function is payable). */
function globalNonPayable(ex: Exploration): boolean {
  for (const ins of ex.instrs) {
    if (ins.op === OP.CALLDATASIZE || ins.op === OP.CALLDATALOAD) return false;
    if (ins.op === OP.CALLVALUE) return true;
  }
  return false;
}

/** Whether the function's entry checks CALLVALUE before its first jump. */
function entryChecksValue(ex: Exploration, index: number): boolean {
  let i = index;
  if (i < 0) return false;
  for (let n = 0; n < 24 && i < ex.instrs.length; n++, i++) {
    const op = ex.instrs[i].op;
    if (op === OP.CALLVALUE) return true;
    if (op === OP.JUMP || op === OP.STOP || op === OP.RETURN || op === OP.REVERT || op === OP.INVALID) return false;
  }
  return false;
}

function emptyAnalysis(error: string, size: number): BytecodeAnalysis {
  return {
    kind: 'runtime', size, runtimeSize: size, overEip170: false, selectors: [], standards: [], proxy: { kind: 'none', uups: false, evidence: 'no code' }, findings: [],
    cfgStats: { instructions: 0, blocks: 0, reachableBlocks: 0, edges: 0, unresolvedJumps: 0, states: 0, truncated: false },
    timings: { decodeMs: 0, exploreMs: 0, abiMs: 0, detectMs: 0, confirmMs: 0, totalMs: 0 }, error,
  };
}

/**
 * Analyses runtime or creation bytecode (hex, with or without 0x): kind, sizes,
 * solc metadata, dispatched selectors with entry and payability, standards, proxy
 * kind, detector findings (confirmed in a local EVM where cheap), CFG statistics
 * and the time of each phase.
 */
export async function analyzeBytecode(hex: string, opts: AnalyzeBytecodeOptions = {}): Promise<BytecodeAnalysis> {
  const t0 = performance.now();
  const code = fromHexString(hex);
  if (!code) return emptyAnalysis('not hexadecimal bytecode', 0);
  if (code.length === 0) return emptyAnalysis('empty code', 0);

  const clone = minimalProxy(code);
  let runtime = code;
  let kind: BytecodeAnalysis['kind'] = 'runtime';
  let runtimeOffset: number | undefined;
  let constructorArgsSize: number | undefined;
  let metadata = decodeMetadata(code);
  const wantTypes = opts.types !== false && !clone;
  const wantStorage = opts.storage !== false && !clone;
  const abiOf = (bytes: Uint8Array) => recoverAbiAsync(toHexString(bytes), { types: wantTypes, storage: wantStorage });
  // evmole starts at once, in its worker, on the input taken as runtime code (most inputs are),
  // and works while the CFG is explored; creation code is asked again with its runtime.
  let pending: Promise<RecoveredAbi> | undefined = wantTypes || wantStorage ? abiOf(code) : undefined;
  const t1 = performance.now();
  let ex = explore(code, metadata ? metadata.start : code.length, opts);
  const found = clone ? undefined : findRuntime(ex, code.length);
  if (clone?.creation) {
    kind = 'creation';
    runtimeOffset = 10;
    runtime = code.slice(10);
    ex = explore(runtime, runtime.length, opts);
  } else if (found) {
    kind = 'creation';
    runtimeOffset = found.offset;
    runtime = code.slice(found.offset, found.offset + found.size);
    constructorArgsSize = code.length - found.offset - found.size;
    metadata = decodeMetadata(runtime);
    ex = explore(runtime, metadata ? metadata.start : runtime.length, opts);
  }
  const t2 = performance.now();

  if (pending && runtime !== code) {
    // Not used; awaited so that no answer is left unhandled.
    void pending.catch(() => undefined);
    pending = abiOf(runtime);
  }
  const abi = await pending;
  const tAbi = performance.now();
  const allNonPayable = globalNonPayable(ex);
  const selectors: RecoveredSelector[] = [...ex.entries].map(([selector, entry]) => {
    const payable = !allNonPayable && !entryChecksValue(ex, indexOfPc(ex.instrs, entry)) && !ex.valueChecked.has(selector);
    const signature = knownSignature(selector);
    const r: RecoveredSelector = { selector, entry, ...(signature ? { signature } : {}), payable, mutability: payable ? 'payable' : ex.writers.has(selector) ? 'nonpayable' : 'view-or-nonpayable' };
    if (wantTypes && abi && !abi.error) {
      const got = abi.functions.get(selector);
      r.stateMutability = reconcileMutability(got?.stateMutability, {
        payable, writes: ex.writers.has(selector) || ex.callers.has(selector), reads: ex.readers.has(selector), complete: !ex.truncated,
      });
      if (signature) {
        r.inputs = signatureTypes(signature);
        r.inputsFrom = 'signature';
      } else if (got) {
        r.inputs = got.inputs;
        r.inputsFrom = 'bytecode';
      }
    }
    return r;
  }).sort((a, b) => a.selector.localeCompare(b.selector));
  const selectorSet = new Set(selectors.map((s) => s.selector));
  const proxy: ProxyInfo = clone ? { kind: 'eip1167', implementation: clone.implementation, uups: false, evidence: 'the exact EIP-1167 minimal proxy code' } : proxyKind(ex, selectorSet);
  const findings = clone ? [] : detect(ex);
  const t3 = performance.now();
  if (opts.confirm !== false) {
    try {
      await confirmFindings(findings, { runtime, ...(kind === 'creation' ? { creation: code } : {}) }, opts.confirmBudgetMs);
    } catch (e) {
      for (const f of findings) if (f.confirmed === undefined && CONFIRMABLE.has(f.id)) f.confirmation = `not tried: ${(e as Error).message}`;
    }
  }
  const t4 = performance.now();
  let edges = 0;
  let reachable = 0;
  for (const b of ex.blocks.values()) {
    edges += b.succ.size;
    if (b.reached) reachable++;
  }
  return {
    kind, size: code.length, runtimeSize: runtime.length, overEip170: runtime.length > EIP170_LIMIT,
    ...(kind === 'creation' ? { overEip3860: code.length > EIP3860_LIMIT, runtimeOffset, constructorArgsSize } : {}),
    ...(metadata ? { metadata } : {}),
    selectors, standards: matchStandards(selectorSet), proxy, findings,
    ...(abi?.storage ? { storage: abi.storage } : {}),
    ...(abi?.error ? { abiError: abi.error } : {}),
    cfgStats: { instructions: ex.instrs.length, blocks: ex.blocks.size, reachableBlocks: reachable, edges, unresolvedJumps: ex.unresolvedJumps.size, states: ex.states, truncated: ex.truncated },
    timings: { decodeMs: t1 - t0, exploreMs: t2 - t1, abiMs: abi?.ms ?? 0, abiWaitMs: tAbi - t2, detectMs: t3 - tAbi, confirmMs: t4 - t3, totalMs: t4 - t0 },
  };
}
