/**
 * Argument types, state mutability and storage layout recovered from bytecode.
 * The base is evmole's WebAssembly build (npm `evmole`); on top of it, our own
 * exploration settles payability (which agrees with solc's ABI on every
 * OpenZeppelin function), raises a function that the CFG shows writing state to
 * nonpayable, and a known signature's own types replace guessed ones (a selector
 * is the hash of its signature, so the types of a known one are certain).
 */

import type { Worker } from 'node:worker_threads';
import { toHexString } from './opcodes';
import { keccak256 } from './standards';

/** Solidity's state mutability, as the code shows it (see `stateMutability` in RecoveredSelector). */
export type StateMutability = 'pure' | 'view' | 'nonpayable' | 'payable';

/** One storage variable as the code uses it: slot, byte offset, a type, and the selectors that read or write it. */
export interface StorageEntry {
  /** The slot as 0x-hex (minimal digits); mappings and dynamic arrays give their base slot. */
  slot: string;
  /** Byte offset inside the slot (a packed variable), 0 … 31. */
  offset: number;
  /** The type the code's accesses suggest, e.g. `uint8`, `address`, `mapping(address => uint256)`, `uint256[]`. */
  type: string;
  /** Selectors (8 hex digits) that read it, and that write it. */
  reads: string[];
  writes: string[];
}

interface EvmoleFunction {
  selector: string;
  bytecodeOffset: number;
  arguments?: string;
  stateMutability?: string;
}

interface EvmoleStorage {
  slot: string;
  offset: number;
  type: string;
  reads: string[];
  writes: string[];
}

interface Evmole {
  contractInfo(code: string, args: { selectors?: boolean; arguments?: boolean; stateMutability?: boolean; storage?: boolean }): { functions?: EvmoleFunction[]; storage?: EvmoleStorage[] };
}

let evmole: Evmole | null | undefined;
let loadError: string | undefined;

/**
 * evmole, loaded on first use. The module name is a variable so that bundlers
 * leave it to Node: its WebAssembly file is read from beside its own script,
 * which a bundle would move.
 */
function loadEvmole(): Evmole | undefined {
  if (evmole === undefined) {
    try {
      const name = 'evmole';
      evmole = require(name) as Evmole;
    } catch (e) {
      evmole = null;
      loadError = (e as Error).message;
    }
  }
  return evmole ?? undefined;
}

/** Why argument and storage recovery is unavailable, when it is. */
export function abiRecoveryUnavailable(): string | undefined {
  loadEvmole();
  return evmole ? undefined : `evmole could not be loaded: ${loadError ?? 'unknown error'}`;
}

/** Splits a parameter list at its top-level commas: `(uint256,bool),address` → [`(uint256,bool)`, `address`]. */
export function splitTypes(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || out.length > 0) out.push(cur);
  return out;
}

/** The parameter types of a signature `name(t1,t2)`. */
export function signatureTypes(signature: string): string[] {
  const open = signature.indexOf('(');
  return open < 0 ? [] : splitTypes(signature.slice(open + 1, -1));
}

export interface RecoveredAbi {
  functions: Map<string, { inputs: string[]; stateMutability?: StateMutability }>;
  storage?: StorageEntry[];
  /** Time in evmole. */
  ms: number;
  /** Set when evmole is unavailable or failed on this code. */
  error?: string;
}

const MUTABILITIES = new Set<string>(['pure', 'view', 'nonpayable', 'payable']);

/**
 * evmole's answers by code and options: the same code asked again (a proxy's implementation
 * seen twice, the deep tier after a save that left a contract's code unchanged, the service)
 * costs nothing. Bounded; the least recently used goes first.
 */
const answers = new Map<string, RecoveredAbi>();
const ANSWERS_KEPT = 32;

/** evmole over runtime code (hex without 0x): argument types and mutability by selector, and the storage layout when asked; cached. */
export function recoverAbi(runtimeHex: string, opts: { types: boolean; storage: boolean }): RecoveredAbi {
  const key = `${opts.types ? 't' : ''}${opts.storage ? 's' : ''}:${runtimeHex}`;
  const hit = answers.get(key);
  if (hit) {
    answers.delete(key);
    answers.set(key, hit);
    return copyOf(hit, 0);
  }
  return remember(key, evmoleAbi(runtimeHex, opts));
}

/** A copy of a kept answer: the caller hands it to its own result, which its own caller may change. */
function copyOf(a: RecoveredAbi, ms: number): RecoveredAbi {
  return {
    functions: new Map([...a.functions].map(([k, v]) => [k, { ...v, inputs: [...v.inputs] }])),
    ...(a.storage ? { storage: a.storage.map((e) => ({ ...e, reads: [...e.reads], writes: [...e.writes] })) } : {}),
    ms,
    ...(a.error ? { error: a.error } : {}),
  };
}

function remember(key: string, out: RecoveredAbi): RecoveredAbi {
  answers.set(key, out);
  while (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  return copyOf(out, out.ms);
}

function evmoleAbi(runtimeHex: string, opts: { types: boolean; storage: boolean }): RecoveredAbi {
  const ev = loadEvmole();
  const out: RecoveredAbi = { functions: new Map(), ms: 0 };
  if (!ev) return { ...out, error: abiRecoveryUnavailable() };
  try {
    const t0 = performance.now();
    // One call for everything asked: evmole's analyses share their work (on a 17 KB
    // Governor, types and storage together cost about two thirds of the two apart).
    const info = ev.contractInfo(runtimeHex, evmoleArgs(opts));
    return fromEvmole(info, opts, performance.now() - t0);
  } catch (e) {
    out.error = `evmole failed: ${(e as Error).message}`;
  }
  return out;
}

const evmoleArgs = (opts: { types: boolean; storage: boolean }) => ({ selectors: opts.types, arguments: opts.types, stateMutability: opts.types, storage: opts.storage });

/** evmole's answer as ours: types split, storage slots in minimal hex, array elements merged into their arrays. */
function fromEvmole(info: ReturnType<Evmole['contractInfo']>, opts: { types: boolean; storage: boolean }, ms: number): RecoveredAbi {
  const out: RecoveredAbi = { functions: new Map(), ms };
  for (const f of info.functions ?? [])
    out.functions.set(f.selector, {
      inputs: f.arguments ? splitTypes(f.arguments) : [],
      ...(f.stateMutability && MUTABILITIES.has(f.stateMutability) ? { stateMutability: f.stateMutability as StateMutability } : {}),
    });
  if (opts.storage)
    out.storage = mergeArrayData((info.storage ?? []).map((e) => ({ slot: `0x${BigInt(`0x${e.slot}`).toString(16)}`, offset: e.offset, type: e.type, reads: [...e.reads].sort(), writes: [...e.writes].sort() })))
      .sort((a, b) => (BigInt(a.slot) < BigInt(b.slot) ? -1 : BigInt(a.slot) > BigInt(b.slot) ? 1 : a.offset - b.offset));
  return out;
}

/**
 * evmole in a worker thread, so that it runs while the caller explores the CFG (on a
 * 17–28 KB Governor each takes a few hundred ms). Started on first use, unreferenced so
 * that it never keeps a process alive; when it cannot start or fails, evmole runs here.
 */
type WorkerAnswer = { info?: ReturnType<Evmole['contractInfo']>; ms?: number; error?: string };
type EvmoleWorker = { w: Worker; next: number; pending: Map<number, (r: WorkerAnswer) => void> };
let worker: EvmoleWorker | null | undefined;

function evmoleWorker(): EvmoleWorker | undefined {
  if (worker !== undefined) return worker ?? undefined;
  worker = null;
  try {
    // A variable name keeps bundlers from inlining the package (its .wasm sits beside it).
    const name = 'evmole';
    const resolved = require.resolve(name);
    const { Worker: W } = require('node:worker_threads') as typeof import('node:worker_threads');
    const src = `const { parentPort } = require('node:worker_threads');
const ev = require(${JSON.stringify(resolved)});
parentPort.on('message', (m) => {
  const t = performance.now();
  try { parentPort.postMessage({ id: m.id, info: ev.contractInfo(m.hex, m.args), ms: performance.now() - t }); }
  catch (e) { parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) }); }
});`;
    const w: Worker = new W(src, { eval: true });
    const entry: EvmoleWorker = { w, next: 1, pending: new Map() };
    const fail = (why: string) => {
      if (worker === entry) worker = null;
      for (const done of entry.pending.values()) done({ error: why });
      entry.pending.clear();
    };
    w.on('message', (m: WorkerAnswer & { id: number }) => {
      const done = entry.pending.get(m.id);
      entry.pending.delete(m.id);
      if (entry.pending.size === 0) w.unref();
      done?.(m);
    });
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`the evmole worker exited (${code})`));
    w.unref();
    worker = entry;
  } catch {
    worker = null;
  }
  return worker ?? undefined;
}

/**
 * `recoverAbi` without blocking: evmole runs in a worker thread while the caller does
 * other work, with the same cache; in this thread when the worker is unavailable.
 */
export async function recoverAbiAsync(runtimeHex: string, opts: { types: boolean; storage: boolean }): Promise<RecoveredAbi> {
  const key = `${opts.types ? 't' : ''}${opts.storage ? 's' : ''}:${runtimeHex}`;
  if (answers.has(key) || !loadEvmole()) return recoverAbi(runtimeHex, opts);
  const pool = evmoleWorker();
  if (!pool) return recoverAbi(runtimeHex, opts);
  const id = pool.next++;
  const answer = await new Promise<WorkerAnswer>((resolve) => {
    pool.pending.set(id, resolve);
    pool.w.ref();
    pool.w.postMessage({ id, hex: runtimeHex, args: evmoleArgs(opts) });
  });
  // A worker that failed (not evmole on this code) leaves the work to this thread.
  if (!answer.info) return answer.error?.startsWith('the evmole worker') || worker === null ? recoverAbi(runtimeHex, opts) : { functions: new Map(), ms: answer.ms ?? 0, error: `evmole failed: ${answer.error}` };
  return remember(key, fromEvmole(answer.info, opts, answer.ms ?? 0));
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();

/**
 * A dynamic array keeps its length at its slot p and its elements from
 * keccak256(p). With the optimizer, solc folds that hash (plus a constant index)
 * into a constant, and the elements' accesses come back as a variable of their
 * own at a huge slot. Such an
 * entry is merged into the array at p (which becomes `T[]` if it was read as a
 * plain word), so that the layout lists declared variables only.
 */
export function mergeArrayData(entries: StorageEntry[]): StorageEntry[] {
  const small = entries.filter((e) => BigInt(e.slot) < 1n << 64n);
  const byHash = new Map<bigint, bigint>();
  if (small.length === entries.length) return entries;
  for (const base of new Set(small.map((e) => BigInt(e.slot)))) {
    const word = new Uint8Array(32);
    let v = base;
    for (let i = 31; i >= 0 && v > 0n; i--, v >>= 8n) word[i] = Number(v & 0xffn);
    byHash.set(BigInt(`0x${toHexString(keccak256(word))}`), base);
  }
  const out: StorageEntry[] = entries.map((e) => ({ ...e }));
  const kept: StorageEntry[] = [];
  for (const e of out) {
    // The element at keccak256(p) + i, for a small constant i (a fixed index, or the code's own offset).
    const slot = BigInt(e.slot);
    let base: bigint | undefined;
    if (slot >= 1n << 64n) for (const [h, b] of byHash) if (slot >= h && slot - h < 1n << 16n) base = b;
    if (base === undefined) {
      kept.push(e);
      continue;
    }
    const owner = out.find((x) => BigInt(x.slot) === base && x.offset === 0);
    if (!owner) {
      kept.push({ ...e, slot: `0x${base.toString(16)}`, type: `${e.type}[]` });
      continue;
    }
    if (!/\[\]$|^bytes$|^string$|^mapping\(/.test(owner.type)) owner.type = `${e.type}[]`;
    owner.reads = union(owner.reads, e.reads);
    owner.writes = union(owner.writes, e.writes);
  }
  return kept;
}

/**
 * The mutability to report: evmole's reading, corrected by what our exploration
 * saw. Payability comes from our CALLVALUE analysis; a function under which a
 * state change was reached (SSTORE, LOG, CREATE, a CALL that is not a
 * STATICCALL, SELFDESTRUCT) is at least nonpayable; one under which state or the
 * environment was read is at least view.
 */
export function reconcileMutability(recovered: StateMutability | undefined, facts: { payable: boolean; writes: boolean; reads: boolean; complete: boolean }): StateMutability {
  if (facts.payable) return 'payable';
  if (facts.writes) return 'nonpayable';
  // Without evmole's reading, an exploration cut short may have missed the state change.
  let m: StateMutability = recovered && recovered !== 'payable' ? recovered : !facts.complete ? 'nonpayable' : facts.reads ? 'view' : 'pure';
  if (facts.reads && m === 'pure') m = 'view';
  return m;
}

const RANK: Record<StateMutability, number> = { pure: 0, view: 1, nonpayable: 2, payable: 3 };

/**
 * Whether a recovered mutability is consistent with a declared one. Payable must
 * agree exactly; otherwise the code may show less than the declaration promises
 * (a `view` function returning a constant reads nothing, so it looks `pure`; a
 * nonpayable hook that only returns its selector looks `pure` too), never more.
 */
export function mutabilityConsistent(declared: StateMutability, recovered: StateMutability): boolean {
  if ((declared === 'payable') !== (recovered === 'payable')) return false;
  return RANK[recovered] <= RANK[declared];
}

/**
 * Whether a recovered argument type is one the code cannot tell from the declared
 * one: a whole word used without masking (`uint256` for `bytes32` or `int256`),
 * `bytes` for `string` (the same encoding), a static struct as its members
 * (encoded inline), and an array whose elements the code never reads.
 */
export function typeConsistent(declared: string, recovered: string): boolean {
  if (declared === recovered) return true;
  const word = (t: string) => (t === 'bytes32' || t === 'int256' || t === 'uint256' ? 'uint256' : t === 'string' ? 'bytes' : t);
  if (word(declared) === word(recovered)) return true;
  const arr = /^(.*)\[(\d*)\]$/;
  const d = arr.exec(declared);
  const r = arr.exec(recovered);
  if (d && r && d[2] === r[2]) return typeConsistent(d[1], r[1]) || r[1] === 'uint256';
  return false;
}

/** Flattens static tuples (`(uint256,bool)` → `uint256,bool`), as they are encoded inline and the code sees their members. */
export function flattenStaticTuples(types: string[]): string[] {
  const out: string[] = [];
  for (const t of types) {
    if (t.startsWith('(') && t.endsWith(')') && !isDynamic(t)) out.push(...flattenStaticTuples(splitTypes(t.slice(1, -1))));
    else out.push(t);
  }
  return out;
}

function isDynamic(t: string): boolean {
  if (t === 'bytes' || t === 'string' || t.endsWith('[]')) return true;
  // A tuple (or a fixed-size array of tuples) is dynamic when a member is.
  if (t.startsWith('(')) return splitTypes(t.slice(1, t.lastIndexOf(')'))).some(isDynamic);
  const fixed = /^(.*)\[\d+\]$/.exec(t);
  return fixed ? isDynamic(fixed[1]) : false;
}
