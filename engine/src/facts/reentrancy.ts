/**
 * The one reentrancy analysis the reentrancy rules share: for every entry
 * function, walk its code in execution order (through modifiers and internal
 * calls) and record what happens after each external call that can re-enter —
 * state writes and events.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact } from '../rules/framework';
import { forEachChild } from './ast-index';
import { baseIdentifier, isAssignment, isIdent, isSelfAddress, unparen } from './ast-util';
import { isStorageRef, programFact, type ContractInfo, type ExternalCall, type FunctionInfo, type Program } from './program';

type N<T extends ASTNode['type']> = Extract<ASTNode, { type: T }>;

export interface StateWriteAfter {
  name: string;
  node: ASTNode;
}

/** What follows one re-entrant external call on some path of an entry function. */
export interface ReentrancyHazard {
  entry: FunctionInfo;
  call: ExternalCall;
  /** The call forwards ETH (a non-zero value). */
  sendsEth: boolean;
  writes: StateWriteAfter[];
  events: ASTNode[];
  /**
   * State variables read before the call on some path and not written between that read and
   * the call: values the operation has already decided from. A write after the call of one of
   * them acts on a value a re-entry can change (read, then call, then write); a write of any
   * other variable only lands later than a re-entry could see it.
   */
  readBefore: Set<string>;
  /**
   * The writes (by node) reached on some path without the variable being read again, in an
   * earlier statement, after the call: a write that re-reads the state after the call first
   * (`require(!claimed[id])` before `claimed[id] = true`) acts on the fresh value, not the stale one.
   */
  unchecked: Set<ASTNode>;
}

/**
 * The write after the call acts on a value the operation read before the call (read, call, write,
 * with no fresh read in between), or is storage written in assembly, which cannot be told.
 */
export function staleWrite(h: ReentrancyHazard, w: StateWriteAfter): boolean {
  return w.name === '<assembly>' || (h.readBefore.has(w.name) && h.unchecked.has(w.node));
}

/**
 * A locked entry that leaves state stale across a call out: the lock stops the callee from
 * re-entering state-changing functions, but the public views that read that state still
 * answer, with the old values (read-only reentrancy).
 */
export interface ReadOnlyHazard {
  hazard: ReentrancyHazard;
  /** The public or external views of the deployed contract that read a stale variable. */
  views: FunctionInfo[];
}

export interface Reentrancy {
  hazards: ReentrancyHazard[];
  readOnly: ReadOnlyHazard[];
}

const MAX_DEPTH = 6;
/** Work allowed per function summary and per entry function (see `record`). */
const WORK_BUDGET = 20_000;

/**
 * Calls that hand control to code that can call back and change state: not
 * `send`/`transfer` (2300 gas; see `limitedGas`), not a staticcall, and not a
 * call to a `view`/`pure` function (the compiler makes it a STATICCALL).
 */
export function canReenter(call: ExternalCall): boolean {
  if (call.kind === 'send' || call.kind === 'transfer' || call.kind === 'staticcall') return false;
  // A call (or delegatecall) to this contract's own address runs this contract's code.
  if (isSelfAddress(call.target)) return false;
  return !call.static;
}

/** `send`/`transfer`: the callee gets 2300 gas, which stops a state-changing re-entry today (repricing has broken that before). */
export function limitedGas(call: ExternalCall): boolean {
  return call.kind === 'send' || call.kind === 'transfer';
}

/** The call sends a value that is not a literal zero. */
export function sendsEth(call: ExternalCall): boolean {
  if (!call.value) return false;
  const v = unparen(call.value);
  return !(v.type === 'NumberLiteral' && /^0+$/.test(v.number));
}

export const reentrancyFact = defineFact<Reentrancy>('reentrancy', (ctx) => {
  const program = ctx.fact(programFact);
  const hazards: ReentrancyHazard[] = [];
  // The entry points of this file's contracts, inherited ones included (a base's
  // entry may reach an override declared here), and this file's own entries.
  const here = ctx.closure[0];
  // Each contract is run as deployed: virtual calls and `super` resolve in its own C3 order.
  // A base of this file that contracts of other files derive from (files that import this one)
  // is judged as part of those contracts; an abstract base with no such contract, on its own.
  const local = program.contracts.filter((c) => c.kind === 'contract' || c.kind === 'abstract');
  const derived = program.allContracts.filter((d) => d.file !== here && d.kind === 'contract' && d.lineage.some((b) => b.file === here));
  const contexts = [...local.filter((c) => c.kind === 'contract' || !derived.some((d) => d.lineage.includes(c))), ...derived];
  const seen = new Map<string, ReentrancyHazard>();
  const shared = sharedFor(program);
  const ids = new Map<ASTNode, number>();
  const id = (n: ASTNode) => ids.get(n) ?? (ids.set(n, ids.size), ids.size - 1);
  const add = (h: ReentrancyHazard) => {
    const key = `${id(h.entry.node)}:${id(h.call.node)}`;
    const prev = seen.get(key);
    if (!prev) {
      seen.set(key, h);
      hazards.push(h);
      return;
    }
    for (const w of h.writes) if (!prev.writes.some((x) => x.node === w.node)) prev.writes.push(w);
    for (const e of h.events) if (!prev.events.includes(e)) prev.events.push(e);
    for (const r of h.readBefore) prev.readBefore.add(r);
    for (const u of h.unchecked) prev.unchecked.add(u);
  };
  const readOnly: ReadOnlyHazard[] = [];
  const readOnlySeen = new Set<string>();
  /** Views that read state a locked entry leaves stale during its call out. */
  const judgeLocked = (entry: FunctionInfo, entries: FunctionInfo[], locked: ReentrancyHazard[]) => {
    // The lock's own flag is stale by design; what the modifiers of the entry and of the
    // locked helpers write is left out.
    const lockState = new Set<string>();
    for (const f of [entry, ...locked.map((h) => h.call.fn)]) for (const m of f.modifiers) if (m.target) for (const v of program.writesOf(m.target)) lockState.add(v);
    // A view that reads the lock (to revert while it is held) is aware of it.
    const views = entries.filter((v) => v.readonly && v.kind === 'function' && (v.visibility === 'public' || v.visibility === 'external') && !program.alwaysReverts(v) && ![...program.readsOf(v)].some((r) => lockState.has(r)));
    if (views.length === 0) return;
    for (const h of locked) {
      // Control goes to an account of the caller's choosing: ETH sent with enough gas to run
      // code, to an address the deployment does not fix (a refund, a payout).
      if (!h.sendsEth || limitedGas(h.call) || program.fixedAddress(h.call.fn, h.call.target)) continue;
      const writes = h.writes.filter((w) => !lockState.has(w.name));
      if (writes.length === 0) continue;
      const names = new Set(writes.map((w) => w.name));
      const readers = views.filter((v) => [...program.readsOf(v)].some((r) => names.has(r)));
      if (readers.length === 0) continue;
      const key = `${id(h.entry.node)}:${id(h.call.node)}`;
      if (readOnlySeen.has(key)) continue;
      readOnlySeen.add(key);
      readOnly.push({ hazard: { ...h, writes: writes.filter((w) => readers.some((v) => program.readsOf(v).has(w.name))) }, views: readers });
    }
  };
  const judge = (entries: FunctionInfo[], context: ContractInfo | undefined) => {
    const analyseEntry = createAnalysis(program, entries, () => ctx.checkpoint(), shared, context);
    // Read-only reentrancy is about an operation left half-applied: effects within one loop
    // iteration, not a later iteration's write (that operation has not begun).
    let once: ReturnType<typeof createAnalysis> | undefined;
    const analyseOnce = (e: FunctionInfo, lockedOut?: ReentrancyHazard[]) => (once ??= createAnalysis(program, entries, () => ctx.checkpoint(), shared, context, true))(e, lockedOut);
    // A re-entering callee can run only the entries open to it: not view functions (that is
    // read-only reentrancy), and not those that only the deployer, the contract itself or a
    // role can run. A write after the call matters only if one of those open entries reads
    // or writes the same state; otherwise nothing the callee can run sees it stale.
    let observedSet: Set<string> | undefined;
    const observed = (): Set<string> => {
      if (observedSet) return observedSet;
      observedSet = new Set<string>();
      for (const e of entries) {
        if (e.readonly || program.privileged(e)) continue;
        for (const v of program.readsOf(e)) observedSet.add(v);
        for (const v of program.writesOf(e)) observedSet.add(v);
      }
      return observedSet;
    };
    // A name the model cannot follow (`<assembly>`) is taken as seen; a variable, or a field of
    // namespaced storage (`_layout().balances`), as read or written by some open entry or not.
    const visible = (w: StateWriteAfter) => observed().has(w.name) || !/^[A-Za-z_$][\w$]*(\(\)\.[A-Za-z_$][\w$]*)?$/.test(w.name);
    const keep = (h: ReentrancyHazard): boolean => {
      if (h.writes.every(visible)) return true;
      h.writes = h.writes.filter(visible);
      return h.writes.length > 0 || h.events.length > 0;
    };
    // In a contract of a file that imports this one, only this file's entries are ours to report;
    // that file's own analysis reports the rest.
    const foreign = !!context && context.file !== here;
    for (const entry of entries) {
      if (foreign && entry.file !== here) continue;
      // Nothing it runs calls out: no hazard can start (most entries of most contracts).
      if (callsNothingOut(entry)) continue;
      // Locked, reverting on every path, or callable only by this contract (its caller is the real entry).
      if (entry.readonly || program.alwaysReverts(entry) || program.selfOnly(entry)) continue;
      if (program.isGuarded(entry)) {
        if (entry.file === here || context?.file === here) judgeLocked(entry, entries, analyseOnce(entry));
        continue;
      }
      const locked: ReentrancyHazard[] = [];
      // A callback to this contract itself (a receiver hook on tokens moved to `address(this)`)
      // runs its own code, not a stranger's.
      const found = analyseEntry(entry, locked).filter((h) => !program.boundToSelf(entry, h.call.fn, h.call.target));
      if (locked.length > 0 && (entry.file === here || context?.file === here)) {
        const within: ReentrancyHazard[] = [];
        analyseOnce(entry, within);
        judgeLocked(entry, entries, within);
      }
      // An inherited entry declared in another file counts only where it runs code of this file.
      if (entry.file !== here) {
        for (const h of found) if (keep(h) && (h.call.fn.file === here || h.writes.some((w) => ctx.fileOf(w.node) === here))) add(h);
        continue;
      }
      for (const h of found) if (keep(h)) add(h);
    }
  };
  /**
   * No function the entry runs (through modifiers and internal calls) makes an external call,
   * and none of those internal calls is dispatched virtually or through `super` (a deployed
   * contract could then run an override outside the statically reachable set): every hazard
   * starts at an external call, so the walk would find none.
   */
  const quiet = new Map<FunctionInfo, boolean>();
  const callsNothingOut = (entry: FunctionInfo): boolean => {
    let q = quiet.get(entry);
    if (q === undefined) {
      q = [...program.reachable(entry)].every((g) => g.externalCalls.length === 0 && g.internalCalls.every((ic) => ic.via !== 'virtual' && ic.via !== 'super'));
      quiet.set(entry, q);
    }
    return q;
  };
  const covered = new Set<FunctionInfo>();
  for (const c of contexts) {
    const entries = program.entriesOf(c);
    for (const e of entries) covered.add(e);
    judge(entries, c);
  }
  // Entries of this file no contract above reaches (of an abstract base that every derived contract overrides, say) are not run.
  const rest = program.functions.filter((f) => f.isEntry && !covered.has(f) && !derived.some((d) => d.lineage.includes(f.contract)));
  if (rest.length > 0) judge(rest, undefined);
  return { hazards, readOnly };
});

/**
 * What is pending at a point of the walk: the re-entrant calls made so far, and (as their
 * names) the state variables read since they were last written.
 */
type Pending = Set<ExternalCall | string | Reread>;
/** The start of the function being summarised, as the "call" a re-read can follow. */
const START: unique symbol = Symbol('start');
/** `name` was read again, in a statement already finished, after `call` (or after the function began, for START). */
class Reread {
  constructor(
    readonly call: ExternalCall | typeof START,
    readonly name: string,
  ) {}
}
function isCall(x: ExternalCall | string | Reread): x is ExternalCall {
  return typeof x !== 'string' && !(x instanceof Reread);
}
interface Effect {
  write?: StateWriteAfter;
  event?: ASTNode;
  /** For a write in a summarised function: the variable was read again, in an earlier statement, since the function began. */
  rechecked?: boolean;
}
/** What running a function does, independent of what came before it. */
interface Summary {
  /** Every write and event it performs. */
  all: Set<Effect>;
  /** Its own call-then-effect pairs, including those of the functions it calls, and whether the write re-read its variable after the call. */
  pairs: Array<[ExternalCall, Effect, boolean]>;
  /** Calls that may still be pending when it returns, and the state it read and left unwritten. */
  exit: Pending;
  /** Every re-entrant call it makes, its callees' included, with the state read before it since the function began. */
  calls: Map<ExternalCall, Set<string>>;
  /** Every state variable it reads, its callees' included. */
  reads: Set<string>;
}

/**
 * Builds the walker. An internal call is not walked again at every call site:
 * each function is summarised once (its effects, its own call-then-effect pairs
 * and the calls still pending at its end), which keeps the analysis linear in
 * the size of the call graph instead of exponential in its depth.
 */
/**
 * What the walkers of one analysis share: the summaries that hold in every contract (see
 * `contextFree`), by number of loop passes, and the re-read markers they hold (compared by identity).
 */
interface Shared {
  summaries: Map<number, Map<FunctionInfo, Summary>>;
  rereads: Map<ExternalCall | typeof START, Map<string, Reread>>;
  contextFree: (f: FunctionInfo) => boolean;
}

function sharedFor(program: Program): Shared {
  const free = new Map<FunctionInfo, boolean>();
  return {
    summaries: new Map(),
    rereads: new Map(),
    // Nothing it runs is dispatched virtually or through `super`: its summary is the same in every contract that runs it.
    contextFree: (f) => {
      let v = free.get(f);
      if (v === undefined) free.set(f, (v = [...program.reachable(f)].every((g) => g.internalCalls.every((ic) => ic.via !== 'virtual' && ic.via !== 'super'))));
      return v;
    },
  };
}

function createAnalysis(program: Program, roots: FunctionInfo[], checkpoint: () => void, shared: Shared, context?: ContractInfo, onePass = false): (entry: FunctionInfo, lockedOut?: ReentrancyHazard[]) => ReentrancyHazard[] {
  /** Loops run twice (calls late in one iteration precede writes early in the next), or once when only effects within one iteration matter. */
  const passes = onePass ? 1 : 2;
  /**
   * A loop whose body only calls entry functions of the contract (`withdraw(ids[i], …)` in a
   * `withdrawMultiple`) is a batch of complete operations: a call of one iteration before a
   * write of the next is what calling the entry twice gives anyway, and each operation's own
   * order is judged where it is an entry.
   */
  const batchOfEntries = (fn: FunctionInfo, body: ASTNode): boolean => {
    const stmts = body.type === 'Block' ? (body.statements as ASTNode[]) : [body];
    return (
      stmts.length > 0 &&
      stmts.every((st) => {
        if (st.type !== 'ExpressionStatement' || !st.expression) return false;
        const targets = fn.internalCalls.filter((c) => c.node === st.expression).map((c) => c.target);
        return targets.length > 0 && targets.every((t) => t.isEntry && t.kind === 'function');
      })
    );
  };
  const summaries = new Map<FunctionInfo, Summary>();
  let common = shared.summaries.get(passes);
  if (!common) shared.summaries.set(passes, (common = new Map()));
  /** Receives the call-then-effect pairs inside helpers behind a lock, for read-only reentrancy. */
  let lockedInto: ((pairs: Array<[ExternalCall, Effect, boolean]>) => void) | undefined;
  const inProgress = new Set<FunctionInfo>();
  /** `rechecked(c)`: the write re-read its variable after `c`; `pairOnly`: a pair of a callee, whose effect is already recorded. */
  let recordInto: (pending: Pending, what: Effect, rechecked: (c: ExternalCall | typeof START) => boolean, pairOnly: boolean) => void = () => {};
  const rereads = shared.rereads;
  const reread = (c: ExternalCall | typeof START, name: string): Reread => {
    let m = rereads.get(c);
    if (!m) rereads.set(c, (m = new Map()));
    let r = m.get(name);
    if (!r) m.set(name, (r = new Reread(c, name)));
    return r;
  };
  /** The re-reads of the statement being run: they count once it is finished. */
  let stmtRereads: Reread[] = [];
  /** Every state variable read by the unit being walked. */
  let readsAllInto: Set<string> | undefined;
  const noteRead = (pending: Pending, name: string) => {
    readsAllInto?.add(name);
    for (const x of pending) if (isCall(x)) stmtRereads.push(reread(x, name));
    stmtRereads.push(reread(START, name));
  };
  const flushRereads = (p: Pending): Pending => {
    if (stmtRereads.length === 0) return p;
    const out = new Set(p);
    for (const r of stmtRereads) out.add(r);
    stmtRereads = [];
    return out;
  };
  /**
   * For each re-entrant call, the state read before it (see `ReentrancyHazard.readBefore`) since
   * the start of the unit being walked: the summary being built, or the entry function being run.
   */
  let readsInto = new Map<ExternalCall, Set<string>>();
  const noteReads = (call: ExternalCall, pending: Pending, inner?: Set<string>) => {
    let r = readsInto.get(call);
    if (!r) readsInto.set(call, (r = new Set()));
    if (inner) for (const x of inner) r.add(x);
    for (const x of pending) if (typeof x === 'string') r.add(x);
  };
  // A work budget per summary and per entry: real contracts stay far below it, but a
  // machine-made file with a dense, deep call graph would otherwise make the analysis
  // quadratic or worse. When it runs out, the remaining effects of that unit are dropped
  // (fewer findings, never a hang).
  let budget = WORK_BUDGET;
  /**
   * Records an effect after the pending calls. `nested`: the effect comes from a callee's summary,
   * so its own `rechecked` holds for calls pending when the callee began; `fixed`: a callee's
   * call-then-effect pair, with its answer already known.
   */
  const record = (pending: Pending, what: Effect, nested = false, fixed?: boolean) => {
    if (budget <= 0) return;
    // The budget counts the calls an effect pairs with, not the reads and re-reads that travel with them.
    let calls = 0;
    for (const x of pending) if (isCall(x)) calls++;
    budget -= 1 + calls;
    const name = what.write?.name;
    const rechecked = (c: ExternalCall | typeof START): boolean => {
      if (fixed !== undefined && c !== START) return fixed;
      return !!name && ((nested && !!what.rechecked) || pending.has(reread(c, name)));
    };
    recordInto(pending, what, rechecked, fixed !== undefined);
  };
  /** A state read: the variable joins what is pending. */
  const read = (pending: Pending, name: string): Pending => {
    if (pending.has(name)) return pending;
    const out = new Set(pending);
    out.add(name);
    return out;
  };
  /** A state write on this path: reads of the variable before it are settled. */
  const written = (pending: Pending, name: string): Pending => {
    if (!pending.has(name)) return pending;
    const out = new Set(pending);
    out.delete(name);
    return out;
  };

  const summaryOf = (f: FunctionInfo): Summary => {
    const store = shared.contextFree(f) ? common : summaries;
    const cached = store.get(f);
    if (cached) return cached;
    // Recursion: the inner occurrence contributes nothing new.
    if (inProgress.has(f)) return { all: new Set(), pairs: [], exit: new Set(), calls: new Map(), reads: new Set() };
    inProgress.add(f);
    const saved = recordInto;
    const savedReads = readsInto;
    const savedReadsAll = readsAllInto;
    const savedRereads = stmtRereads;
    stmtRereads = [];
    const savedBudget = budget;
    budget = WORK_BUDGET;
    const s: Summary = { all: new Set(), pairs: [], exit: new Set(), calls: new Map(), reads: new Set() };
    recordInto = (pending, what, rechecked, pairOnly) => {
      // Re-read since this function began: by itself before the call of the callee the effect comes from, or by that callee.
      if (!pairOnly) s.all.add(what.write ? { ...what, rechecked: rechecked(START) } : what);
      for (const c of pending) if (isCall(c)) s.pairs.push([c, what, rechecked(c)]);
    };
    readsInto = s.calls;
    readsAllInto = s.reads;
    s.exit = runFunction(f, new Set(), []);
    recordInto = saved;
    readsInto = savedReads;
    readsAllInto = savedReadsAll;
    stmtRereads = savedRereads;
    budget = savedBudget;
    inProgress.delete(f);
    store.set(f, s);
    return s;
  };

  const applySummary = (f: FunctionInfo, pending: Pending): Pending => {
    if (budget <= 0) return pending;
    const s = summaryOf(f);
    // A helper behind a reentrancy lock: its calls cannot re-enter the locked code, so they
    // leave nothing pending; what it writes still follows calls made before it.
    // What the callee reads follows every call pending now (it counts once the caller's statement is finished).
    for (const name of s.reads) noteRead(pending, name);
    if (f.kind !== 'modifier' && program.isGuarded(f)) {
      for (const what of s.all) record(pending, what, true);
      lockedInto?.(s.pairs);
      return pending;
    }
    for (const what of s.all) record(pending, what, true);
    for (const [c, what, rechecked] of s.pairs) record(new Set([c]), what, true, rechecked);
    // What the caller read before calling is read before every call the helper makes.
    for (const [c, inner] of s.calls) noteReads(c, pending, inner);
    return s.exit.size === 0 ? pending : union(pending, s.exit);
  };

  // The calls still pending at each `return` of the body being run: they are pending when it exits
  // (`return payable(to).send(x);` leaves the send pending for the caller).
  let returnSink: Pending[] | undefined;
  const runBody = (fn: FunctionInfo, body: ASTNode, p: Pending, next: FunctionInfo[]): Pending => {
    const saved = returnSink;
    returnSink = [];
    let out = runStmt(fn, body, p, next, () => p);
    for (const r of returnSink) out = union(out, r);
    returnSink = saved;
    return out;
  };

  const runFunction = (fn: FunctionInfo, pending: Pending, stack: FunctionInfo[]): Pending => {
    if (stack.includes(fn) || stack.length > MAX_DEPTH) return pending;
    const next = [...stack, fn];
    if (fn.node.type === 'ModifierDefinition' || !fn.node.body) return fn.node.body ? runStmt(fn, fn.node.body, pending, next, () => pending) : pending;
    // Modifiers wrap the body: each `_` runs the next modifier, the last `_` the body.
    const mods = fn.modifiers.filter((m) => m.target && m.target.node.body);
    const runFrom = (i: number, p: Pending): Pending => {
      if (i >= mods.length) return runBody(fn, fn.node.body!, p, next);
      const m = mods[i].target!;
      if (next.includes(m)) return runFrom(i + 1, p);
      return runStmt(m, m.node.body!, p, [...next, m], (q) => runFrom(i + 1, q));
    };
    return runFrom(0, pending);
  };

  const aliasCache = new Map<FunctionInfo, Map<string, string>>();
  const aliases = (fn: FunctionInfo) => {
    let m = aliasCache.get(fn);
    if (m) return m;
    m = new Map();
    const visit = (n: ASTNode) => {
      if (n.type === 'VariableDeclarationStatement' && n.initialValue) {
        for (const v of n.variables as Array<N<'VariableDeclaration'> | null>) {
          if (v && v.type === 'VariableDeclaration' && isStorageRef(v) && v.name) {
            const b = baseIdentifier(n.initialValue);
            if (b && program.resolve(fn, b.name)?.kind === 'state') m!.set(v.name, b.name);
          }
        }
      }
      forEachChild(n, visit);
    };
    if (fn.node.body) visit(fn.node.body);
    aliasCache.set(fn, m);
    return m;
  };

  const writeTarget = (fn: FunctionInfo, target: ASTNode): string[] => {
    const t = unparen(target);
    if (t.type === 'TupleExpression') return t.components.flatMap((c) => (c ? writeTarget(fn, c as ASTNode) : []));
    // Through a pointer into namespaced storage, or a getter's pointer into a state variable.
    const through = program.pointerName(fn, t);
    if (through) return [through];
    const b = baseIdentifier(t);
    if (!b) return [];
    const r = program.resolve(fn, b.name);
    if (r?.kind === 'state') return [b.name];
    if (r?.kind === 'local' && t !== b) {
      const a = aliases(fn).get(b.name);
      if (a) return [a];
    }
    return [];
  };

  /**
   * The state variable an identifier reads: a state variable that can change after deployment
   * (not a constant or immutable), or a local storage reference to one. A mapping is read only
   * through an index (`m[k]`): the bare name passed on as a storage reference reads nothing.
   */
  const readCache = new Map<ASTNode, { name: string; mapping: boolean } | undefined>();
  const stateRef = (fn: FunctionInfo, id: N<'Identifier'>): { name: string; mapping: boolean } | undefined => {
    if (readCache.has(id)) return readCache.get(id);
    const r = program.resolve(fn, id.name);
    let out: { name: string; mapping: boolean } | undefined;
    if (r?.kind === 'state' && !r.v.constant && !r.v.immutable) out = { name: id.name, mapping: r.v.typeName?.type === 'Mapping' };
    else if (r?.kind === 'local') {
      const a = aliases(fn).get(id.name);
      if (a) out = { name: a, mapping: false };
      else {
        // `$.balances[a]`: a field of namespaced storage, read through the pointer.
        const parent = fn.file.index.parent(id);
        const field = parent?.type === 'MemberAccess' && parent.expression === id ? program.pointerName(fn, parent) : undefined;
        if (field) out = { name: field, mapping: false };
      }
    }
    readCache.set(id, out);
    return out;
  };
  const stateRead = (fn: FunctionInfo, id: N<'Identifier'>): string | undefined => {
    const r = stateRef(fn, id);
    return r && !r.mapping ? r.name : undefined;
  };

  // Evaluates an expression in order, returning the pending calls after it.
  const runExpr = (fn: FunctionInfo, e: ASTNode | null | undefined, pending: Pending, stack: FunctionInfo[]): Pending => {
    if (!e) return pending;
    switch (e.type) {
      case 'Identifier': {
        const name = stateRead(fn, e);
        if (!name) return pending;
        noteRead(pending, name);
        return read(pending, name);
      }
      case 'IndexAccess': {
        const b = unparen(e.base);
        const r = b.type === 'Identifier' ? stateRef(fn, b) : undefined;
        let p = r?.mapping ? read(pending, r.name) : pending;
        if (r?.mapping) noteRead(pending, r.name);
        p = runChildren(fn, e, p, stack);
        return p;
      }
      case 'UnaryOperation': {
        let p = runExpr(fn, e.subExpression, pending, stack);
        if (e.operator === '++' || e.operator === '--' || e.operator === 'delete') {
          for (const name of writeTarget(fn, e.subExpression)) {
            record(p, { write: { name, node: e } });
            p = written(p, name);
          }
        }
        return p;
      }
      case 'BinaryOperation': {
        if (isAssignment(e)) {
          let q = runExpr(fn, e.right, pending, stack);
          q = runChildren(fn, e.left, q, stack);
          for (const name of writeTarget(fn, e.left)) {
            record(q, { write: { name, node: e } });
            q = written(q, name);
          }
          return q;
        }
        const p = runExpr(fn, e.left, pending, stack);
        if (e.operator === '&&' || e.operator === '||') return union(p, runExpr(fn, e.right, p, stack));
        return runExpr(fn, e.right, p, stack);
      }
      case 'Conditional': {
        const p = runExpr(fn, e.condition, pending, stack);
        return union(runExpr(fn, e.trueExpression, p, stack), runExpr(fn, e.falseExpression, p, stack));
      }
      case 'FunctionCall': {
        let p = runChildren(fn, e.expression, pending, stack);
        for (const a of e.arguments) p = runExpr(fn, a, p, stack);
        const ext = fn.externalCalls.find((c) => c.node === e);
        if (ext) {
          // `.push()`/`.pop()` on state arrays are writes too; handled below for non-external calls.
          if ((canReenter(ext) && !program.quietCall(ext)) || limitedGas(ext)) {
            noteReads(ext, p);
            p = union(p, new Set([ext]));
          }
          return p;
        }
        if (fn.events.includes(e)) {
          record(p, { event: e });
          return p;
        }
        // A virtual call may reach any of its overrides.
        const targets = program.targetsIn(fn, e, context);
        if (targets.length === 1) return applySummary(targets[0], p);
        if (targets.length > 1) {
          let out = p;
          for (const t of targets) out = union(out, applySummary(t, p));
          return out;
        }
        if (fn.internalCalls.some((c) => c.node === e)) return p;
        const callee = e.expression;
        if (callee.type === 'MemberAccess' && (callee.memberName === 'push' || callee.memberName === 'pop')) {
          for (const name of writeTarget(fn, callee.expression)) {
            record(p, { write: { name, node: e } });
            p = written(p, name);
          }
        }
        return p;
      }
      default:
        return runChildren(fn, e, pending, stack);
    }
  };
  const runChildren = (fn: FunctionInfo, e: ASTNode, pending: Pending, stack: FunctionInfo[]): Pending => {
    let p = pending;
    forEachChild(e, (c) => (p = runExpr(fn, c, p, stack)));
    return p;
  };

  /** What is pending at each `continue`/`break` of the loop body being run. */
  let loopSink: Pending[] | undefined;
  /** One iteration of a loop body, or none: what is pending at its end, at a `continue` or `break`, or before it. */
  const runLoopBody = (fn: FunctionInfo, body: ASTNode, p: Pending, stack: FunctionInfo[], placeholder: (p: Pending) => Pending): Pending => {
    const saved = loopSink;
    loopSink = [];
    let out = union(p, runStmt(fn, body, p, stack, placeholder));
    for (const j of loopSink) out = union(out, j);
    loopSink = saved;
    return out;
  };
  /**
   * Runs a loop: one pass, or two (calls late in one iteration precede writes early in the
   * next). The second pass runs only when the first left something else pending than it started
   * with; otherwise it would repeat the first exactly, and loops nested d deep would cost 2^d passes.
   *
   * What an iteration read stays pending after the loop, but is not carried into the next
   * iteration unless the body keeps a value across iterations (see `carriesAcross`): the values
   * one iteration decides from live in locals declared in the body, gone when the next begins,
   * so a later iteration's write cannot act on them (`if (used[h]) continue;` in one iteration
   * is not a read before the call of the next).
   */
  const runLoop = (fn: FunctionInfo, body: ASTNode | null | undefined, start: Pending, pass: (p: Pending) => Pending): Pending => {
    const carry = !body || carriesAcross(fn, body);
    let p = start;
    let out = start;
    for (let i = 0, n = body && batchOfEntries(fn, body) ? 1 : passes; i < n; i++) {
      const before = p;
      p = pass(p);
      out = union(out, p);
      if (!carry) p = dropReads(p, start);
      if (sameSet(before, p)) break;
    }
    return out;
  };
  /** `p` without the state reads that were not pending at `start`. */
  const dropReads = (p: Pending, start: Pending): Pending => {
    let out: Pending | undefined;
    for (const x of p) {
      if (typeof x !== 'string' || start.has(x)) continue;
      out ??= new Set(p);
      out.delete(x);
    }
    return out ?? p;
  };
  const carryCache = new Map<ASTNode, boolean>();
  /**
   * The loop body assigns a local or parameter declared outside it from a value that may come
   * from state (a state variable, a local of the body, or a call): a value one iteration read
   * can reach a later iteration through it. A counter (`++`, `--`) or an assignment of literals
   * and parameters carries nothing read from state. Assembly in the body counts as carrying.
   */
  const carriesAcross = (fn: FunctionInfo, body: ASTNode): boolean => {
    const cached = carryCache.get(body);
    if (cached !== undefined) return cached;
    const inner = new Set<ASTNode>();
    const collect = (n: ASTNode) => {
      if (n.type === 'VariableDeclarationStatement') for (const v of n.variables as Array<ASTNode | null>) if (v) inner.add(v);
      forEachChild(n, collect);
    };
    collect(body);
    const outerLocal = (target: ASTNode): boolean => {
      const t = unparen(target);
      if (t.type === 'TupleExpression') return t.components.some((c) => !!c && outerLocal(c as ASTNode));
      const b = baseIdentifier(t);
      if (!b) return false;
      const r = program.resolve(fn, b.name);
      return !!r && r.kind !== 'state' && !inner.has(r.decl);
    };
    const fromState = (e: ASTNode): boolean => {
      let found = false;
      const visit = (n: ASTNode) => {
        if (found) return;
        if (n.type === 'FunctionCall') found = true;
        else if (n.type === 'Identifier') {
          const r = program.resolve(fn, n.name);
          found = !!r && (r.kind === 'state' || (r.kind === 'local' && inner.has(r.decl)));
        } else forEachChild(n, visit);
      };
      visit(e);
      return found;
    };
    let carries = false;
    const visit = (n: ASTNode) => {
      if (carries) return;
      // Assembly in the body may assign anything: taken as carrying.
      if (n.type === 'InlineAssemblyStatement' || (isAssignment(n) && n.type === 'BinaryOperation' && outerLocal(n.left) && fromState(n.right))) carries = true;
      else forEachChild(n, visit);
    };
    visit(body);
    carryCache.set(body, carries);
    return carries;
  };
  const runStmt = (fn: FunctionInfo, s: ASTNode | null | undefined, pending: Pending, stack: FunctionInfo[], placeholder: (p: Pending) => Pending): Pending => {
    if (!s) return pending;
    checkpoint();
    switch (s.type) {
      case 'Block':
      case 'UncheckedStatement': {
        let p = pending;
        const stmts = (s.type === 'Block' ? s.statements : (s.block as N<'Block'>).statements) as ASTNode[];
        for (const st of stmts) p = runStmt(fn, st, p, stack, placeholder);
        return p;
      }
      case 'ExpressionStatement':
        if (s.expression && isIdent(s.expression as ASTNode, '_')) return placeholder(pending);
        if (s.expression?.type === 'FunctionCall' && isIdent(s.expression.expression, 'revert')) return new Set();
        stmtRereads = [];
        return flushRereads(runExpr(fn, s.expression as ASTNode, pending, stack));
      case 'VariableDeclarationStatement':
        stmtRereads = [];
        return flushRereads(runExpr(fn, s.initialValue, pending, stack));
      case 'EmitStatement': {
        stmtRereads = [];
        const p = flushRereads(runExpr(fn, s.eventCall, pending, stack));
        record(p, { event: s });
        return p;
      }
      case 'IfStatement': {
        stmtRereads = [];
        const p = flushRereads(runExpr(fn, s.condition, pending, stack));
        // A branch that reverts on every path leaves no effect behind (a simulation that reverts with its result).
        const t = program.stmtReverts(fn, s.trueBody) ? new Set<ExternalCall>() : runStmt(fn, s.trueBody, p, stack, placeholder);
        const f = s.falseBody ? (program.stmtReverts(fn, s.falseBody) ? new Set<ExternalCall>() : runStmt(fn, s.falseBody, p, stack, placeholder)) : p;
        return union(t, f);
      }
      case 'ForStatement': {
        let p = runStmt(fn, s.initExpression, pending, stack, placeholder);
        // Two passes: calls late in one iteration precede writes early in the next.
        // The second pass runs only when the first left other calls pending than it
        // started with; otherwise it would repeat the first exactly, and loops nested
        // d deep would cost 2^d passes.
        return runLoop(fn, s.body, p, (q) => {
          stmtRereads = [];
          q = flushRereads(runExpr(fn, s.conditionExpression, q, stack));
          q = runLoopBody(fn, s.body, q, stack, placeholder);
          return runStmt(fn, s.loopExpression as ASTNode, q, stack, placeholder);
        });
      }
      case 'WhileStatement':
      case 'DoWhileStatement': {
        return runLoop(fn, s.body, pending, (q) => {
          stmtRereads = [];
          q = flushRereads(runExpr(fn, s.condition, q, stack));
          return runLoopBody(fn, s.body, q, stack, placeholder);
        });
      }
      case 'ReturnStatement': {
        const p = runExpr(fn, s.expression, pending, stack);
        if (returnSink && p.size > 0) returnSink.push(p);
        return new Set();
      }
      case 'ThrowStatement':
        return new Set();
      case 'RevertStatement':
        return new Set();
      case 'ContinueStatement':
      case 'BreakStatement':
        // The rest of the body is skipped: what is pending here joins the loop's own end.
        if (!loopSink) return pending;
        loopSink.push(pending);
        return new Set();
      case 'InlineAssemblyStatement':
        // `return(p, n)`, `revert(p, n)` or `stop()` in sequence ends the whole call: nothing after it runs.
        return yulEndsCall((s as N<'InlineAssemblyStatement'>).body) ? new Set() : runChildren(fn, s, pending, stack);
      case 'TryStatement': {
        const p = runExpr(fn, s.expression, pending, stack);
        let out = runStmt(fn, s.body, p, stack, placeholder);
        for (const c of s.catchClauses) out = union(out, runStmt(fn, c.body, p, stack, placeholder));
        return out;
      }
      default:
        return runChildren(fn, s, pending, stack);
    }
  };

  // Summarise callees before callers (iterative post-order), so that deep call
  // chains never nest summaries on the JavaScript stack. Only what this contract's
  // entries reach: a file of many contracts would otherwise summarise every function
  // of the file once per contract.
  const order: FunctionInfo[] = [];
  const seen = new Set<FunctionInfo>();
  for (const root of roots) {
    if (seen.has(root)) continue;
    const stack: Array<[FunctionInfo, number]> = [[root, 0]];
    seen.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [f, i] = top;
      const callees = f.internalCalls;
      if (i < callees.length) {
        top[1]++;
        const next = callees[i].target;
        if (!seen.has(next)) {
          seen.add(next);
          stack.push([next, 0]);
        }
      } else {
        stack.pop();
        order.push(f);
      }
    }
  }
  for (const f of order) if (f.kind !== 'modifier') summaryOf(f);

  return (entry: FunctionInfo, lockedOut?: ReentrancyHazard[]): ReentrancyHazard[] => {
    const byCall = new Map<ExternalCall, ReentrancyHazard>();
    budget = WORK_BUDGET;
    const lockedByCall = new Map<ExternalCall, ReentrancyHazard>();
    lockedInto = lockedOut
      ? (pairs) => {
          for (const [call, what] of pairs) {
            let h = lockedByCall.get(call);
            if (!h) lockedByCall.set(call, (h = { entry, call, sendsEth: sendsEth(call) && !program.zeroValue(call.fn, call.value!), writes: [], events: [], readBefore: new Set(), unchecked: new Set() }));
            if (what.write && !h.writes.some((w) => w.node === what.write!.node)) h.writes.push(what.write);
          }
        }
      : undefined;
    recordInto = (pending, what, rechecked) => {
      for (const call of pending) {
        if (!isCall(call)) continue;
        let h = byCall.get(call);
        if (!h) byCall.set(call, (h = { entry, call, sendsEth: sendsEth(call) && !program.zeroValue(call.fn, call.value!), writes: [], events: [], readBefore: new Set(), unchecked: new Set() }));
        if (what.write && !h.writes.some((w) => w.node === what.write!.node)) h.writes.push(what.write);
        if (what.write && !rechecked(call)) h.unchecked.add(what.write.node);
        if (what.event && !h.events.includes(what.event)) h.events.push(what.event);
      }
    };
    const entryReads = new Map<ExternalCall, Set<string>>();
    readsInto = entryReads;
    readsAllInto = undefined;
    stmtRereads = [];
    runFunction(entry, new Set(), []);
    lockedInto = undefined;
    for (const h of [...byCall.values(), ...lockedByCall.values()]) h.readBefore = new Set(entryReads.get(h.call));
    if (lockedOut) lockedOut.push(...lockedByCall.values());
    return [...byCall.values()];
  };
}

/** A Yul block that ends the whole call on every path: `return`, `revert`, `stop`, `invalid` or `selfdestruct` in sequence, or a `switch` with a default whose every case does. */
function yulEndsCall(block: ASTNode | null | undefined): boolean {
  if (!block || block.type !== 'AssemblyBlock') return false;
  for (const op of block.operations as ASTNode[]) {
    if (op.type === 'AssemblyCall' && ['return', 'revert', 'stop', 'invalid', 'selfdestruct'].includes(op.functionName)) return true;
    if (op.type === 'AssemblyBlock' && yulEndsCall(op)) return true;
    if (op.type === 'AssemblySwitch') {
      const cases = op.cases as Array<N<'AssemblyCase'>>;
      if (cases.some((c) => c.default) && cases.every((c) => yulEndsCall(c.block))) return true;
    }
    if (op.type === 'AssemblyFor' || (op.type as string) === 'AssemblyLeave' || op.type === 'Break' || op.type === 'Continue') return false;
  }
  return false;
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function union<T>(a: Set<T>, b: Set<T>): Set<T> {
  if (a === b) return a;
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}
