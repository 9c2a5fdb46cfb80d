/**
 * Basic blocks and an abstract interpretation over them. Each stack slot holds a
 * constant when one is known and a set of taint bits saying where the value came
 * from (calldata, the caller, storage, a call's success flag…). Exploring from pc 0
 * with the whole stack known resolves jump targets pushed earlier in the block or
 * passed through the stack, which covers solc's internal-function return addresses.
 * The exploration is path-sensitive up to a bounded number of distinct entry states
 * per block; what it records (jump edges, selector comparisons, calls, storage
 * writes, branch conditions) feeds the selectors, the proxy kind and the detectors.
 */
import * as opcodes from './opcodes';
import type { Instruction } from './opcodes';

// Module-level copies: a CommonJS build (tsx, mocha) reads an imported binding through
// a getter on every use, which the interpreter's loop below does millions of times.
const OP = opcodes.OP;
const { disassemble, indexOfPc, isTerminator } = opcodes;

export const T = {
  CALLDATA: 1,
  CALLER: 2,
  ORIGIN: 4,
  SLOAD: 8,
  CALLRESULT: 16,
  CALLVALUE: 32,
  /** A comparison of the caller against storage, a fixed address or the contract itself, or a storage flag keyed by the caller. */
  CALLER_CHECK: 64,
  SELF: 128,
  /** Data another contract returned (a call's output area, RETURNDATACOPY). */
  RETURNDATA: 256,
  /** An ether balance (BALANCE, SELFBALANCE): an amount built on it is the contract's money, not the caller's. */
  BALANCE: 512,
} as const;

const MASK = (1n << 256n) - 1n;
const SEL_SHIFT = 1n << 224n;

export interface Val {
  c?: bigint;
  t: number;
  /** pcs of the CALLs whose success flag this value derives from. */
  calls?: number[];
  /** CALLDATALOAD(0). */
  cd0?: boolean;
  /** Exactly the 4-byte selector. */
  sel?: boolean;
  /** `selector == eqSel`. */
  eqSel?: number;
  /** Non-zero when `selector != neSel`. */
  neSel?: number;
  /** SLOAD of this constant slot. */
  slot?: bigint;
  /** SLOAD whose key was derived from calldata (a selector- or argument-keyed mapping). */
  cdKeyed?: boolean;
  /** CALLVALUE itself (1) or ISZERO(CALLVALUE) (2): the operand of solc's non-payable check. */
  cv?: 1 | 2;
  /** What the ether-transfer detector follows (whose money an amount is), on the few values it concerns. */
  fx?: Facts;
  /** This value's part of a state's join key, and its hash, computed once (they depend only on fields set at creation). */
  key?: string;
  kh?: number;
}

/**
 * Facts about a value kept apart from the common fields, so that the many values without any
 * keep the shapes the interpreter's hot paths see most. Never changed in place.
 */
export interface Facts {
  /**
   * A comparison with the caller's own storage entry (an SLOAD keyed by CALLER): `bnd` is the
   * other operand, which is at most the entry when the comparison is true (`bndNeg` unset) or
   * when it is false (`bndNeg`, after an odd number of ISZEROs). A JUMPI on it marks `bnd` as
   * `own` on the branch where the bound holds.
   */
  bnd?: Val;
  bndNeg?: boolean;
  /** An amount bounded by (or scaled by constants from one bounded by) the caller's own storage entry on this path. */
  own?: boolean;
  /** Read from a storage entry keyed by the caller and not by calldata (`credit[msg.sender]`, a field of `accounts[msg.sender]`), masked or shifted by constants at most. */
  ent?: boolean;
  /** CALLDATALOAD at this constant offset (an argument word), masked by constants at most. */
  arg?: number;
  /** A hash over memory holding argument word `karg` (a mapping key): the slot of `m[arg]`. */
  karg?: number;
  /** Read from the storage entry keyed by argument word `rec` (`m[arg]`). */
  rec?: number;
  /** The contract's whole balance (SELFBALANCE, BALANCE(ADDRESS)), as read. */
  sb?: boolean;
  /** ISZERO of something (0 or 1); `stip`: that times 2300, solc's gas for transfer and send (the stipend only). */
  bit?: boolean;
  stip?: boolean;
  /**
   * The success flag of a CALL that sent the whole balance with the stipend only (the callee cannot
   * send ether back with 2,300 gas): non-zero (or zero, `drNeg`) means the balance is now zero.
   */
  dr?: boolean;
  drNeg?: boolean;
}

export interface Block {
  start: number;
  /** Index range in `instrs`. */
  from: number;
  to: number;
  succ: Set<number>;
  reached: boolean;
}

export interface CallSite {
  pc: number;
  op: 'CALL' | 'CALLCODE' | 'DELEGATECALL' | 'STATICCALL';
  fns: Set<string>;
  /** Reached on some path without a caller check. */
  unguarded: boolean;
  /** On some path the address derives from calldata. */
  addrFromCalldata: boolean;
  /** Constant storage slots the address was read from. */
  addrSlots: Set<string>;
  /** On some path without a caller check the address derives from calldata. */
  addrCalldataUnguarded: boolean;
  /** On some path the address is data another contract returned (a beacon's answer). */
  addrFromReturndata: boolean;
  /** The address came from a storage mapping keyed by calldata (a diamond's facet table). */
  addrCdKeyed: boolean;
  /** On some unguarded path the value may be non-zero. */
  valueUnguarded: boolean;
  /** On some unguarded path with value, the recipient is the caller, from calldata, or of unknown origin (not storage, not a constant). */
  recipientFree: boolean;
  /**
   * On some path the value sent is the caller's own: it derives from a storage entry keyed by the
   * caller, or a branch bounded it by one (`amount <= balances[msg.sender]`), or it derives from
   * msg.value and not from a balance (a refund).
   */
  valueOwn: boolean;
  used: boolean;
}

export interface PointSite {
  pc: number;
  fns: Set<string>;
  unguarded: boolean;
}

export interface Exploration {
  instrs: Instruction[];
  blocks: Map<number, Block>;
  jumpdests: Set<number>;
  /** Selector (8 hex digits) → entry pc. */
  entries: Map<string, number>;
  calls: Map<number, CallSite>;
  selfdestructs: Map<number, PointSite>;
  /** SSTOREs with a constant slot, by pc. */
  sstores: Map<number, PointSite & { slot: bigint }>;
  /** SLOADs of constant slots. */
  sloadSlots: Set<bigint>;
  /** JUMPIs whose condition depends on tx.origin (and is not `tx.origin == msg.sender`). */
  originBranches: Map<number, PointSite>;
  /** Selectors whose path branches on CALLVALUE right after the entry: solc's non-payable check. */
  valueChecked: Set<string>;
  /** Selectors under which a state-changing instruction was reached. */
  writers: Set<string>;
  /** Selectors under which a CALL, CALLCODE or DELEGATECALL was reached (a view function makes none since solc 0.5). */
  callers: Set<string>;
  /** Selectors under which state or the environment was read (SLOAD, TLOAD, CALLER, a STATICCALL that is not to a precompile…): not pure. */
  readers: Set<string>;
  unresolvedJumps: Set<number>;
  /** CODECOPY and RETURN with their constant arguments, to tell creation code (copies its runtime and returns it). */
  codecopies: Array<{ pc: number; dest?: bigint; offset?: bigint; size?: bigint }>;
  returns: Array<{ pc: number; offset?: bigint; size?: bigint }>;
  states: number;
  /** The exploration stopped at its budget; some paths were not followed. */
  truncated: boolean;
}

interface State {
  block: number;
  stack: Val[];
  mem: Map<number, Val>;
  /** `mem` is shared with another state (both arms of a JUMPI): copy it before writing. */
  memShared?: boolean;
  guarded: boolean;
  /** The contract's balance is zero here: a call that sent all of it succeeded, and nothing since could bring ether back. Part of the join key. */
  drained?: boolean;
  /** Selectors whose paths reach this state, sorted ('' before any selector matched); states of different functions at shared code are joined. */
  fns: string[];
  /** Instructions since the function's entry (not part of the join key). */
  since: number;
}

/** How many instructions after a function's entry a CALLVALUE check still counts as its non-payable guard. */
const EARLY = 80;
/** Arrivals of one function's states at one block before non-address constants are widened. */
const WIDEN = 8;

export interface ExploreOptions {
  /** Distinct entry states kept per block (default 256). */
  maxStatesPerBlock?: number;
  /** Instructions interpreted in all (default 3,000,000). */
  maxSteps?: number;
}

const UNKNOWN: Val = { t: 0 };
/** Instructions that read the chain or the transaction beyond calldata: a function using them is not pure. */
const ENV_READS = new Set<number>([0x31, 0x3a, 0x3b, 0x3c, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x5c]);
const konst = (c: bigint): Val => ({ c: c & MASK, t: 0 });

function merge(a: Val, b: Val): Val {
  const calls = a.calls || b.calls ? [...new Set([...(a.calls ?? []), ...(b.calls ?? [])])] : undefined;
  return calls ? { t: a.t | b.t, calls } : { t: a.t | b.t };
}

function splitBlocks(instrs: Instruction[]): Map<number, Block> {
  const blocks = new Map<number, Block>();
  let from = 0;
  for (let i = 0; i < instrs.length; i++) {
    const ins = instrs[i];
    const next = instrs[i + 1];
    if (!next || isTerminator(ins.op) || ins.op === OP.JUMPI || next.op === OP.JUMPDEST) {
      blocks.set(instrs[from].pc, { start: instrs[from].pc, from, to: i + 1, succ: new Set(), reached: false });
      from = i + 1;
    }
  }
  return blocks;
}

/**
 * Memory written by a copy or a call's output: the words it covers now hold `fill`
 * (when the range is constant), or everything but the free memory pointer is forgotten.
 */
function clobber(s: State, dest: Val, size: Val, fill: Val): void {
  if (dest.c !== undefined && size.c !== undefined && dest.c < 1n << 32n && size.c <= 1024n) {
    const o = Number(dest.c);
    const n = Number(size.c);
    if (n === 0) return;
    const mem = writableMem(s);
    // Deleting the entry being visited is safe while iterating a Map.
    for (const k of mem.keys()) if (k > o - 32 && k < o + n) mem.delete(k);
    for (let w = o; w < o + n; w += 32) mem.set(w, fill);
    return;
  }
  const mem = writableMem(s);
  for (const k of mem.keys()) if (k !== 0x40) mem.delete(k);
}

/** The state's memory, copied first if another state shares it. */
function writableMem(s: State): Map<number, Val> {
  if (s.memShared) {
    s.mem = new Map(s.mem);
    s.memShared = false;
  }
  return s.mem;
}

/**
 * States at a block are joined when they agree on everything that steers control:
 * the guard, the jump targets on the stack (return addresses) and the selector
 * facts. Other constants are left out of the key: two states that differ only in
 * them are joined, the differing constants becoming unknown (the join of the
 * constant lattice), and the block is explored again only when the join changed
 * something. Without it, every distinct constant left deep in the stack by a caller
 * (an offset, a flag, a loop counter) makes a state of its own at shared code,
 * and large contracts ran out of their state budget.
 */
function keyOf(v: Val, isTarget: (c: bigint) => boolean): string {
  return (v.key ??= v.c !== undefined && isTarget(v.c) ? v.c.toString(36) : `~${v.sel ? 's' : ''}${v.cd0 ? 'z' : ''}${v.eqSel !== undefined ? `e${v.eqSel}` : ''}${v.neSel !== undefined ? `n${v.neSel}` : ''}`);
}

/**
 * The join key as a number (FNV-1a over the values' key parts, cached on each
 * value), so that the frequent arrivals at a block cost no string building;
 * states under one hash are told apart by `sameSkeleton`.
 */
function skeleton(s: State, isTarget: (c: bigint) => boolean): number {
  let h = (s.guarded ? 0x9e3779b9 : 0x811c9dc5) ^ (s.drained ? 0x5bd1e995 : 0);
  for (const v of s.stack) {
    let kh = v.kh;
    if (kh === undefined) {
      const k = keyOf(v, isTarget);
      kh = 0x811c9dc5;
      for (let i = 0; i < k.length; i++) kh = Math.imul(kh ^ k.charCodeAt(i), 0x01000193);
      v.kh = kh;
    }
    h = Math.imul(h ^ kh, 0x01000193) ^ (h >>> 15);
  }
  return h >>> 0;
}

function sameSkeleton(a: Val[], guardedA: boolean, s: State, isTarget: (c: bigint) => boolean): boolean {
  if (guardedA !== s.guarded || a.length !== s.stack.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== s.stack[i] && keyOf(a[i], isTarget) !== keyOf(s.stack[i], isTarget)) return false;
  return true;
}

/** Joins `b` into `a`; answers whether `a` grew. */
function joinInto(a: Val[], b: Val[]): boolean {
  let grew = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.c !== undefined) {
      // Equal keys make a jump target equal on both sides; other constants may differ.
      if (y.c === x.c) continue;
      a[i] = { t: x.t | y.t, ...(y.calls ? { calls: y.calls } : {}), ...(y.cdKeyed ? { cdKeyed: true } : {}) };
      grew = true;
      continue;
    }
    const t = x.t | y.t;
    const calls = y.calls?.some((c) => !x.calls?.includes(c)) ? [...new Set([...(x.calls ?? []), ...y.calls])] : x.calls;
    const cdKeyed = x.cdKeyed || y.cdKeyed;
    const slot = x.slot === y.slot ? x.slot : (x.slot ?? y.slot);
    // Bounded by the caller's entry only if on every joined path.
    // Facts are shared objects (interned, or copied with the value): the same on both sides is the common case.
    const fx = x.fx === undefined || x.fx === y.fx ? x.fx : joinFacts(x.fx, y.fx);
    if (t !== x.t || calls !== x.calls || cdKeyed !== x.cdKeyed || slot !== x.slot || fx !== x.fx) {
      a[i] = { ...x, t, ...(calls ? { calls } : {}), ...(cdKeyed ? { cdKeyed } : {}), ...(slot !== undefined ? { slot } : {}), ...(x.fx !== undefined ? { fx } : {}) };
      grew = true;
    }
  }
  return grew;
}

/**
 * What stays of `x`'s facts when a state with `y`'s joins it: a bound, an entry, an argument
 * word hold only if they hold on both. `x` itself when nothing is lost.
 */
function joinFacts(x: Facts, y: Facts | undefined): Facts | undefined {
  const lost = x.own === true && y?.own !== true;
  const lostEnt = x.ent === true && y?.ent !== true;
  const lostArg = (x.arg !== undefined && x.arg !== y?.arg) || (x.karg !== undefined && x.karg !== y?.karg) || (x.rec !== undefined && x.rec !== y?.rec);
  const lostBal = (x.sb === true && y?.sb !== true) || (x.stip === true && y?.stip !== true) || (x.bit === true && y?.bit !== true) || (x.dr === true && (y?.dr !== true || y.drNeg !== x.drNeg));
  const lostBnd = x.bnd !== undefined && (y?.bnd !== x.bnd || y.bndNeg !== x.bndNeg);
  if (!lost && !lostEnt && !lostArg && !lostBal && !lostBnd) return x;
  const out: Facts = { ...x };
  if (lost) out.own = undefined;
  if (lostEnt) out.ent = undefined;
  if (lostArg) out.arg = out.karg = out.rec = undefined;
  if (lostBal) out.sb = out.stip = out.bit = out.dr = out.drNeg = undefined;
  if (lostBnd) out.bnd = out.bndNeg = undefined;
  return Object.values(out).some((v) => v !== undefined) ? out : undefined;
}

/** Explores `code[0, end)` from pc 0. */
export function explore(code: Uint8Array, end: number, opts: ExploreOptions = {}): Exploration {
  small.clear();
  const instrs = disassemble(code, end);
  const blocks = splitBlocks(instrs);
  const jumpdests = new Set(instrs.filter((i) => i.op === OP.JUMPDEST).map((i) => i.pc));
  const isTarget = (c: bigint) => c < 1n << 32n && jumpdests.has(Number(c));
  const ex: Exploration = {
    instrs, blocks, jumpdests, entries: new Map(), calls: new Map(), selfdestructs: new Map(), sstores: new Map(),
    sloadSlots: new Set(), originBranches: new Map(), writers: new Set(), callers: new Set(), readers: new Set(), valueChecked: new Set(), unresolvedJumps: new Set(), codecopies: [], returns: [], states: 0, truncated: false,
  };
  if (instrs.length === 0) return ex;
  const maxPer = opts.maxStatesPerBlock ?? 256;
  let steps = opts.maxSteps ?? 3_000_000;
  type Seen = { stack: Val[]; fns: string[]; guarded: boolean; drained?: boolean };
  /** Per block: how many distinct states, and the states by skeleton hash. */
  const seen = new Map<number, { size: number; byHash: Map<number, Seen[]> }>();
  const perFn = new Map<number, number>();
  const work: State[] = [{ block: 0, stack: [], mem: new Map(), guarded: false, fns: [''], since: 0 }];
  const point = <P extends PointSite>(m: Map<number, P>, pc: number, s: State, extra: Omit<P, keyof PointSite>): P => {
    let p = m.get(pc);
    if (!p) m.set(pc, (p = { pc, fns: new Set(), unguarded: false, ...extra } as P));
    for (const f of s.fns) p.fns.add(f);
    if (!s.guarded) p.unguarded = true;
    return p;
  };
  const pushed: Array<Val | undefined> = new Array(instrs.length);
  /** Whether the code at `pc` reverts within a few instructions, without a jump. */
  const revertsAt = (pc: number) => {
    const from = indexOfPc(instrs, pc);
    if (from < 0) return false;
    for (let i = from; i < Math.min(from + 8, instrs.length); i++) {
      const op = instrs[i].op;
      if (op === OP.REVERT || op === OP.INVALID) return true;
      if (isTerminator(op) || op === OP.JUMPI) return false;
    }
    return false;
  };
  const reads = (s: State) => {
    for (const f of s.fns) if (f) ex.readers.add(f);
  };
  const markUsed = (v: Val) => {
    if (v.calls) for (const c of v.calls) {
      const site = ex.calls.get(c);
      if (site) site.used = true;
    }
  };

  while (work.length > 0) {
    const s = work.pop()!;
    const block = blocks.get(s.block);
    if (!block) continue;
    // Widening: past a few distinct states of one function at one block (a loop counting
    // through constants), constants that are not jump targets become unknown, so the loop
    // reaches a fixed point while return addresses stay resolvable.
    const fnKey = s.block * 2048 + s.stack.length * 2 + (s.guarded ? 1 : 0);
    const arrivals = (perFn.get(fnKey) ?? 0) + 1;
    perFn.set(fnKey, arrivals);
    if (arrivals > WIDEN) s.stack = s.stack.map((v) => (v.c !== undefined && !isTarget(v.c) ? UNKNOWN : v));
    const key = skeleton(s, isTarget);
    let keys = seen.get(s.block);
    if (!keys) seen.set(s.block, (keys = { size: 0, byHash: new Map() }));
    let bucket = keys.byHash.get(key);
    if (!bucket) keys.byHash.set(key, (bucket = []));
    const prior = bucket.find((p) => p.drained === s.drained && sameSkeleton(p.stack, p.guarded, s, isTarget));
    if (prior) {
      const grewStack = joinInto(prior.stack, s.stack);
      const newFns = s.fns.filter((f) => !prior.fns.includes(f));
      if (newFns.length) prior.fns = [...prior.fns, ...newFns].sort();
      if (!grewStack && !newFns.length) continue;
      s.stack = [...prior.stack];
      s.fns = prior.fns;
    } else {
      if (keys.size >= maxPer) {
        ex.truncated = true;
        continue;
      }
      keys.size++;
      bucket.push({ stack: [...s.stack], fns: s.fns, guarded: s.guarded, drained: s.drained });
    }
    ex.states++;
    block.reached = true;
    const st = s.stack;
    const pop = (): Val => st.pop() ?? UNKNOWN;
    let fell = true;
    run: for (let i = block.from; i < block.to; i++) {
      if (--steps < 0) {
        ex.truncated = true;
        work.length = 0;
        fell = false;
        break;
      }
      const ins = instrs[i];
      const op = ins.op;
      if (ins.push !== undefined) {
        // Values are never changed in place, so one per PUSH serves every state.
        st.push((pushed[i] ??= konst(ins.push)));
        continue;
      }
      if (op >= OP.DUP1 && op <= OP.DUP16) {
        const n = op - OP.DUP1 + 1;
        st.push(st[st.length - n] ?? UNKNOWN);
        continue;
      }
      if (op >= OP.SWAP1 && op <= OP.SWAP16) {
        const n = op - OP.SWAP1 + 1;
        const a = st.length - 1;
        const b = st.length - 1 - n;
        if (b >= 0) [st[a], st[b]] = [st[b], st[a]];
        continue;
      }
      switch (op) {
        case OP.POP:
          pop();
          continue;
        case OP.JUMP: {
          const target = pop();
          fell = false;
          if (target.c !== undefined && jumpdests.has(Number(target.c))) {
            const to = Number(target.c);
            block.succ.add(to);
            work.push({ block: to, stack: st, mem: s.mem, memShared: s.memShared, guarded: s.guarded, drained: s.drained, fns: s.fns, since: s.since + (block.to - block.from) });
          } else ex.unresolvedJumps.add(ins.pc);
          break;
        }
        case OP.JUMPI: {
          const target = pop();
          const cond = pop();
          markUsed(cond);
          // solc rejects value as the function's first act (before decoding arguments): the branch taken
          // when CALLVALUE is non-zero reverts at once. Arithmetic on msg.value (an overflow check of
          // `balance += msg.value`) also branches on it, so the operand and the revert are both required.
          if (cond.cv !== undefined && s.since + (i - block.from) < EARLY) {
            const nonZero = cond.cv === 1 ? (target.c !== undefined ? Number(target.c) : undefined) : instrs[i + 1]?.pc;
            if (nonZero !== undefined && revertsAt(nonZero)) for (const f of s.fns) if (f) ex.valueChecked.add(f);
          }
          const guarded = s.guarded || (cond.t & T.CALLER_CHECK) !== 0;
          if ((cond.t & T.ORIGIN) !== 0 && !((cond.t & T.CALLER) !== 0 && (cond.t & T.SLOAD) === 0)) point(ex.originBranches, ins.pc, s, {});
          const next = instrs[i + 1];
          // The amount compared with the caller's own entry is bounded by it on one arm: on the jump when the comparison is true.
          const cf = cond.fx;
          const bounded = cf?.bnd;
          const boundOnJump = bounded !== undefined && !cf?.bndNeg;
          const alwaysFalse = cond.c === 0n;
          const alwaysTrue = cond.c !== undefined && cond.c !== 0n;
          if (!alwaysFalse) {
            if (target.c !== undefined && jumpdests.has(Number(target.c))) {
              const to = Number(target.c);
              block.succ.add(to);
              let fns = s.fns;
              let since = s.since + 1;
              if (cond.eqSel !== undefined) {
                const fn = cond.eqSel.toString(16).padStart(8, '0');
                if (!ex.entries.has(fn)) ex.entries.set(fn, to);
                fns = [fn];
                since = 0;
              }
              // Both arms start from this memory; whichever writes first copies it.
              s.memShared = true;
              const arm: State = { block: to, stack: [...st], mem: s.mem, memShared: true, guarded, drained: s.drained || (cf?.dr === true && !cf.drNeg) || undefined, fns, since };
              if (boundOnJump) markOwn(arm, bounded);
              work.push(arm);
            } else ex.unresolvedJumps.add(ins.pc);
          }
          fell = false;
          if (!alwaysTrue && next) {
            block.succ.add(next.pc);
            let fns = s.fns;
            let since = s.since + 1;
            // `selector != x` jumps away; falling through is x's entry (via-IR's switch, the last case).
            if (cond.neSel !== undefined) {
              const fn = cond.neSel.toString(16).padStart(8, '0');
              if (!ex.entries.has(fn)) ex.entries.set(fn, next.pc);
              fns = [fn];
              since = 0;
            }
            const arm: State = { block: next.pc, stack: st, mem: s.mem, memShared: s.memShared, guarded, drained: s.drained || (cf?.dr === true && cf.drNeg) || undefined, fns, since };
            if (bounded !== undefined && !boundOnJump) markOwn(arm, bounded);
            work.push(arm);
          }
          break;
        }
        case OP.RETURN: {
          const off = pop();
          const size = pop();
          ex.returns.push({ pc: ins.pc, offset: off.c, size: size.c });
          fell = false;
          break;
        }
        case OP.CODECOPY: {
          const dest = pop();
          const off = pop();
          const size = pop();
          ex.codecopies.push({ pc: ins.pc, dest: dest.c, offset: off.c, size: size.c });
          clobber(s, dest, size, UNKNOWN);
          continue;
        }
        case 0x37: case 0x3e: case 0x5e: { // CALLDATACOPY, RETURNDATACOPY, MCOPY
          const dest = pop();
          pop();
          const size = pop();
          clobber(s, dest, size, op === 0x37 ? { t: T.CALLDATA } : op === 0x3e ? { t: T.RETURNDATA } : UNKNOWN);
          continue;
        }
        case 0x3c: { // EXTCODECOPY
          pop();
          const dest = pop();
          pop();
          const size = pop();
          clobber(s, dest, size, UNKNOWN);
          continue;
        }
        case OP.STOP: case OP.REVERT: case OP.INVALID:
          fell = false;
          break;
        case OP.SELFDESTRUCT:
          pop();
          point(ex.selfdestructs, ins.pc, s, {});
          for (const f of s.fns) ex.writers.add(f);
          fell = false;
          break;
        case OP.CALLDATALOAD: {
          const off = pop();
          st.push(off.c !== undefined && off.c >= 4n && off.c < 4096n ? { t: T.CALLDATA | off.t, cd0: false, fx: interned(ARG, Number(off.c)) } : { t: T.CALLDATA | off.t, cd0: off.c === 0n });
          continue;
        }
        case OP.CALLER: reads(s); st.push({ t: T.CALLER }); continue;
        case OP.ORIGIN: reads(s); st.push({ t: T.ORIGIN }); continue;
        case OP.CALLVALUE: st.push({ t: T.CALLVALUE, cv: 1 }); continue;
        case OP.ADDRESS: reads(s); st.push({ t: T.SELF }); continue;
        case OP.PC: st.push(konst(BigInt(ins.pc))); continue;
        case OP.MSTORE: {
          const off = pop();
          const v = pop();
          markUsed(v);
          if (off.c !== undefined && off.c < 1n << 32n) {
            const o = Number(off.c);
            // Words overlapping the write are no longer what they were.
            const mem = writableMem(s);
            for (const k of mem.keys()) if (k > o - 32 && k < o + 32) mem.delete(k);
            mem.set(o, v);
          }
          continue;
        }
        case OP.MLOAD: {
          const off = pop();
          st.push(off.c !== undefined && off.c < 1n << 32n ? (s.mem.get(Number(off.c)) ?? UNKNOWN) : UNKNOWN);
          continue;
        }
        case OP.SHA3: {
          const off = pop();
          const len = pop();
          let t = 0;
          let karg: number | undefined;
          if (off.c !== undefined && len.c !== undefined && len.c <= 256n) {
            for (let o = Number(off.c); o < Number(off.c + len.c); o += 32) {
              const w = s.mem.get(o);
              if (!w) continue;
              t |= w.t;
              karg ??= w.fx?.arg;
            }
          }
          st.push(karg !== undefined ? { t, fx: interned(KARG, karg) } : { t });
          continue;
        }
        case OP.SLOAD: {
          const key = pop();
          if (key.c !== undefined) ex.sloadSlots.add(key.c);
          reads(s);
          const t = T.SLOAD | ((key.t & T.CALLER) !== 0 ? T.CALLER_CHECK : 0);
          const cdKeyed = (key.t & T.CALLDATA) !== 0;
          const fx: Facts | undefined = (key.t & (T.CALLER | T.CALLDATA)) === T.CALLER ? ENT : key.fx?.karg !== undefined ? interned(REC, key.fx.karg) : undefined;
          st.push(fx ? { t, slot: key.c, cdKeyed, fx } : { t, slot: key.c, cdKeyed });
          continue;
        }
        case OP.SSTORE: {
          const key = pop();
          const v = pop();
          markUsed(v);
          for (const f of s.fns) ex.writers.add(f);
          if (key.c !== undefined) point(ex.sstores, ins.pc, s, { slot: key.c });
          continue;
        }
        case OP.CALL: case OP.CALLCODE: case OP.DELEGATECALL: case OP.STATICCALL: {
          const gas = pop();
          const addr = pop();
          const value = op === OP.CALL || op === OP.CALLCODE ? pop() : konst(0n);
          const io = [pop(), pop(), pop(), pop()];
          for (const v of io) markUsed(v);
          clobber(s, io[2], io[3], { t: T.RETURNDATA });
          const site = point(ex.calls, ins.pc, s, {
            op: ins.name as CallSite['op'], addrFromCalldata: false, addrCalldataUnguarded: false, addrFromReturndata: false, addrSlots: new Set<string>(), addrCdKeyed: false,
            valueUnguarded: false, valueOwn: false, recipientFree: false, used: false,
          });
          if ((addr.t & T.CALLDATA) !== 0) {
            site.addrFromCalldata = true;
            if (!s.guarded) site.addrCalldataUnguarded = true;
          }
          if ((addr.t & T.RETURNDATA) !== 0) site.addrFromReturndata = true;
          if (addr.slot !== undefined) site.addrSlots.add(addr.slot.toString(16));
          if (addr.cdKeyed) site.addrCdKeyed = true;
          if (op === OP.STATICCALL) {
            // Precompiles (ecrecover, sha256…) are pure; any other STATICCALL reads another contract's state.
            if (!(addr.c !== undefined && addr.c < 0x100n)) reads(s);
          } else for (const f of s.fns) if (f) ex.callers.add(f);
          if (value.c !== 0n) {
            if (op !== OP.STATICCALL && op !== OP.DELEGATECALL) for (const f of s.fns) ex.writers.add(f);
            if (!s.guarded) {
              site.valueUnguarded = true;
              if ((addr.t & (T.CALLER | T.CALLDATA)) !== 0 || (addr.c === undefined && (addr.t & (T.SLOAD | T.SELF)) === 0)) site.recipientFree = true;
            }
            if (value.fx?.own || (value.t & T.CALLER_CHECK) !== 0 || ((value.t & T.CALLVALUE) !== 0 && (value.t & T.BALANCE) === 0)) site.valueOwn = true;
            // The recipient's own entry paid to the recipient (`to.call{value: credit[to]}`): whoever triggers it, the ether goes where the record says.
            if (value.fx?.rec !== undefined && value.fx.rec === addr.fx?.arg) site.valueOwn = true;
          }
          // Whatever runs next may hold ether to send back, unless it ran on the stipend alone.
          const stipend = gas.fx?.stip === true || (gas.c !== undefined && gas.c <= 2300n);
          if (!(stipend && op === OP.CALL)) s.drained = undefined;
          st.push(op === OP.CALL && stipend && value.fx?.sb ? { t: T.CALLRESULT, calls: [ins.pc], fx: DRAINS } : { t: T.CALLRESULT, calls: [ins.pc] });
          continue;
        }
        default: {
          if (isTerminator(op)) {
            fell = false;
            break run;
          }
          if (op === OP.CREATE || op === OP.CREATE2) s.drained = undefined;
          if (op === OP.CREATE || op === OP.CREATE2 || (op >= 0xa0 && op <= 0xa4)) for (const f of s.fns) ex.writers.add(f);
          else if (ENV_READS.has(op)) {
            reads(s);
            if (op === 0x31 || op === 0x47) { // BALANCE, SELFBALANCE
              const who = op === 0x31 ? pop() : undefined;
              const own = !who || ((who.t & T.SELF) !== 0 && (who.t & ~T.SELF) === 0);
              st.push(own && s.drained ? { c: 0n, t: T.BALANCE } : own ? { t: T.BALANCE, fx: SELF_BALANCE } : { t: T.BALANCE });
              continue;
            }
          }
          // Fold constants where we can, otherwise carry the inputs' taint.
          const args: Val[] = [];
          for (let k = 0; k < ins.pops; k++) args.push(pop());
          for (const a of args) markUsed(a);
          if (ins.pushes > 0) st.push(apply(op, args));
          continue;
        }
      }
      break;
    }
    if (fell) {
      const last = instrs[block.to - 1];
      const next = instrs[block.to];
      if (next && !isTerminator(last.op) && last.op !== OP.JUMPI) {
        block.succ.add(next.pc);
        work.push({ block: next.pc, stack: st, mem: s.mem, memShared: s.memShared, guarded: s.guarded, drained: s.drained, fns: s.fns, since: s.since + (block.to - block.from) });
      }
    }
  }
  return ex;
}

/**
 * On an arm where `v` is known to be at most the caller's own storage entry, the copies of
 * `v` on the stack and in memory (the same value, duplicated) become `own`.
 */
function markOwn(s: State, v: Val): void {
  if (v.fx?.own) return;
  const marked: Val = { ...v, fx: { ...v.fx, own: true } };
  s.stack = s.stack.map((x) => (x === v ? marked : x));
  let inMem = false;
  for (const x of s.mem.values()) if (x === v) inMem = true;
  if (inMem) {
    const mem = writableMem(s);
    for (const [k, x] of mem) if (x === v) mem.set(k, marked);
  }
}

/** A value read from a storage entry keyed by the caller (`balances[msg.sender]`, a field of `accounts[msg.sender]`). */
const callerEntry = (v: Val) => v.fx?.ent === true;

/**
 * The caller compared with storage, the contract itself or a constant. Any constant
 * counts: in code as compiled, an immutable owner is a PUSH32 of zero until deployment fills it.
 */
const callerVs = (p: Val, q: Val) => (p.t & T.CALLER) !== 0 && ((q.t & (T.SLOAD | T.SELF)) !== 0 || q.c !== undefined);

/** Shared facts: the same object on both sides of a join needs no work. */
const BIT: Facts = Object.freeze({ bit: true });
const ENT: Facts = Object.freeze({ ent: true });
const SELF_BALANCE: Facts = Object.freeze({ sb: true });
const STIPEND: Facts = Object.freeze({ stip: true });
const DRAINS: Facts = Object.freeze({ dr: true });
const DRAINS_NEG: Facts = Object.freeze({ bit: true, dr: true, drNeg: true });
const DRAINS_BIT: Facts = Object.freeze({ bit: true, dr: true });
const ARG = new Map<number, Facts>();
const KARG = new Map<number, Facts>();
const REC = new Map<number, Facts>();
function interned(m: Map<number, Facts>, n: number): Facts {
  let f = m.get(n);
  if (!f) m.set(n, (f = Object.freeze(m === ARG ? { arg: n } : m === KARG ? { karg: n } : { rec: n })));
  return f;
}

const CARRY = new Set<number>([OP.AND, OP.OR, OP.DIV, OP.MUL, OP.SHR, OP.SHL, OP.EXP, 0x0b /* SIGNEXTEND */]);

/**
 * Values of small folded constants, shared within one exploration (values are never changed in
 * place): offsets, sizes and jump targets recur on every path, and a shared value also keeps its
 * cached join key, which depends on the code's jump destinations, so `explore` clears it first.
 */
const small = new Map<bigint, Val>();

function folded(c: bigint): Val {
  if (c >= 1n << 24n) return konst(c);
  let v = small.get(c);
  if (!v) small.set(c, (v = { c, t: 0 }));
  return v;
}

function apply(op: number, a: Val[]): Val {
  // solc's gas for transfer and send: 2,300 when value is sent, else 0 (folded when the value is constant).
  if (op === OP.MUL && ((a[0].c === 2300n && a[1]?.fx?.bit) || (a[1]?.c === 2300n && a[0].fx?.bit))) return { t: a[0].t | a[1].t, fx: STIPEND };
  const x = a[0];
  const y = a[1];
  // Folding needs every operand constant; the common case (one unknown) is told at once.
  if (a.length >= 1 && x.c !== undefined && (a.length === 1 || (y.c !== undefined && (a.length === 2 || a[2].c !== undefined)))) {
    const c = fold(op, x.c, y?.c);
    if (c !== undefined) return folded(c);
  }
  let t = 0;
  let withCalls = false;
  for (const v of a) {
    t |= v.t;
    if (v.calls) withCalls = true;
  }
  let out: Val = withCalls ? a.reduce((acc, v) => merge(acc, v), { t: 0 } as Val) : { t };
  // Masking, shifting or scaling a value read from storage by constants (how solc extracts an
  // address from its slot, with or without the optimizer) keeps where it was read from.
  if (CARRY.has(op)) {
    const vars = a.filter((v) => v.c === undefined);
    if (vars.length === 1 && (vars[0].slot !== undefined || vars[0].cdKeyed)) out = { ...out, slot: vars[0].slot, cdKeyed: vars[0].cdKeyed };
    // A bounded amount scaled or masked by constants (tokens times a fixed price) stays the caller's;
    // an entry masked or shifted out of its packed slot is still the entry.
    const f = vars.length === 1 ? vars[0].fx : undefined;
    if (f && (f.own || f.ent || f.arg !== undefined || f.rec !== undefined)) out = { ...out, fx: f.bit || f.bnd || f.sb || f.dr || f.stip || f.karg !== undefined ? { own: f.own, ent: f.ent, arg: f.arg, rec: f.rec } : f };
  }
  switch (op) {
    case OP.SHR:
      if (x.c === 224n && y.cd0) out.sel = true;
      break;
    case OP.DIV:
      if (y.c === SEL_SHIFT && x.cd0) out.sel = true;
      break;
    case OP.AND:
      if ((x.sel && y.c === 0xffffffffn) || (y.sel && x.c === 0xffffffffn)) out.sel = true;
      break;
    case OP.ISZERO:
      out.fx = x.fx?.dr ? (x.fx.drNeg ? DRAINS_BIT : DRAINS_NEG) : x.fx?.bnd ? { bit: true, bnd: x.fx.bnd, bndNeg: !x.fx.bndNeg } : BIT;
      if (x.cv === 1) out.cv = 2;
      if (x.eqSel !== undefined) out.neSel = x.eqSel;
      if (x.neSel !== undefined) out.eqSel = x.neSel;
      break;
    case OP.XOR:
      if (callerVs(x, y) || callerVs(y, x)) out.t |= T.CALLER_CHECK;
      if (x.sel && y.c !== undefined && y.c <= 0xffffffffn) out.neSel = Number(y.c);
      if (y.sel && x.c !== undefined && x.c <= 0xffffffffn) out.neSel = Number(x.c);
      break;
    case OP.EQ: {
      if (x.sel && y.c !== undefined && y.c <= 0xffffffffn) out.eqSel = Number(y.c);
      if (y.sel && x.c !== undefined && x.c <= 0xffffffffn) out.eqSel = Number(x.c);
      if (callerVs(x, y) || callerVs(y, x)) out.t |= T.CALLER_CHECK;
      // An amount equal to the caller's entry is bounded by it.
      if ((x.fx !== undefined || y.fx !== undefined) && x.c === undefined && y.c === undefined) {
        if (callerEntry(y) && !callerEntry(x)) out.fx = { bnd: x };
        else if (callerEntry(x) && !callerEntry(y)) out.fx = { bnd: y };
      }
      break;
    }
    case OP.LT: case OP.GT: case OP.SLT: case OP.SGT: case OP.SUB: {
      if (op === OP.SUB && ((x.sel && y.c !== undefined && y.c <= 0xffffffffn) || (y.sel && x.c !== undefined && x.c <= 0xffffffffn))) out.neSel = Number(x.sel ? y.c : x.c);
      const facts = x.fx !== undefined || y.fx !== undefined;
      if (facts && op !== OP.SUB && ((x.c !== undefined && callerEntry(y)) || (y.c !== undefined && callerEntry(x)))) {
        // The caller's entry tested against a constant (`isOwner[msg.sender] > 0`, a membership
        // or role count) is a check on who calls, like a boolean flag keyed by the caller.
        break;
      }
      // An amount compared with a per-caller balance is not an access check…
      out.t &= ~T.CALLER_CHECK;
      // …but the optimizer writes \`msg.sender != owner\` as SUB.
      if (op === OP.SUB && (callerVs(x, y) || callerVs(y, x))) out.t |= T.CALLER_CHECK;
      if (facts && (op === OP.LT || op === OP.GT)) {
        // x is the top operand: LT is true when x < y, GT when x > y. The smaller side, when the
        // larger is the caller's entry, is the bounded amount. (Not the signed comparisons: a
        // negative amount is below any entry and a huge one once sent.)
        const less = op === OP.LT;
        const lo = less ? x : y;
        const hi = less ? y : x;
        if (lo.c === undefined && callerEntry(hi) && !callerEntry(lo)) out.fx = { bnd: lo };
        // True means the amount exceeds the entry: the bound holds when it is false.
        else if (hi.c === undefined && callerEntry(lo) && !callerEntry(hi)) out.fx = { bnd: hi, bndNeg: true };
      }
      break;
    }
  }
  return out;
}

function fold(op: number, a: bigint, b: bigint | undefined): bigint | undefined {
  // Every folded operation below takes one or two operands; `b` is there for the binary ones.
  if (b === undefined && op !== OP.NOT && op !== OP.ISZERO) return undefined;
  return foldWith(op, a, b ?? 0n);
}

function foldWith(op: number, a: bigint, b: bigint): bigint | undefined {
  switch (op) {
    case OP.ADD: return (a + b) & MASK;
    case OP.SUB: return (a - b) & MASK;
    case OP.MUL: return (a * b) & MASK;
    case OP.DIV: return b === 0n ? 0n : a / b;
    case OP.EXP: {
      if (b > 256n) return undefined;
      let r = 1n;
      for (let i = 0n; i < b; i++) r = (r * a) & MASK;
      return r;
    }
    case OP.AND: return a & b;
    case OP.OR: return a | b;
    case OP.XOR: return a ^ b;
    case OP.NOT: return ~a & MASK;
    case OP.SHL: return a >= 256n ? 0n : (b << a) & MASK;
    case OP.SHR: return a >= 256n ? 0n : b >> a;
    case OP.EQ: return a === b ? 1n : 0n;
    case OP.LT: return a < b ? 1n : 0n;
    case OP.GT: return a > b ? 1n : 0n;
    case OP.ISZERO: return a === 0n ? 1n : 0n;
    default: return undefined;
  }
}
