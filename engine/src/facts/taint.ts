/**
 * Taint: which caller-controlled or block-derived values an expression can
 * carry, through local assignments, internal-call arguments and state that any
 * caller can set.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact } from '../rules/framework';
import { forEachChild } from './ast-index';
import { baseIdentifier, isAssignment, isBlockValue, isMember, isSender, some, unparen } from './ast-util';
import { programFact, type FunctionInfo, type Program } from './program';
import { valueFlows } from './value-flow';

type N<T extends ASTNode['type']> = Extract<ASTNode, { type: T }>;

/**
 * Where a value can come from: `param` (an argument of an entry function),
 * `sender`, `msg.data`, `msg.value`, `origin` (tx.origin), `block` (timestamp,
 * number, hashes, difficulty/prevrandao, coinbase, `now`), `user-state` (a
 * state variable any caller can set).
 */
export type TaintSource = 'param' | 'sender' | 'msg.data' | 'msg.value' | 'origin' | 'block' | 'user-state';

export interface Taint {
  /** The sources that can flow into `expr`, evaluated inside `fn`. */
  of(fn: FunctionInfo | undefined, expr: ASTNode | null | undefined): Set<TaintSource>;
  /** State variables that an unprotected entry function sets from its arguments. */
  userState: Set<string>;
  /** The sources each local or parameter of `fn` can hold. */
  vars(fn: FunctionInfo): Map<string, Set<TaintSource>>;
}

export const taintFact = defineFact<Taint>('taint', (ctx) => {
  const program = ctx.fact(programFact);
  const varTaint = new Map<FunctionInfo, Map<string, Set<TaintSource>>>();
  const userState = new Set<string>();
  let useUserState = false;

  const varsOf = (fn: FunctionInfo) => {
    let m = varTaint.get(fn);
    if (!m) {
      varTaint.set(fn, (m = new Map()));
      if (fn.isEntry || fn.kind === 'constructor') for (const p of fn.params.keys()) m.set(p, new Set(['param']));
    }
    return m;
  };

  /** Each function's external call sites, as a set: `of` asks about every call it meets. */
  const externalNodes = new Map<FunctionInfo, Set<ASTNode>>();
  const externalOf = (fn: FunctionInfo): Set<ASTNode> => {
    let set = externalNodes.get(fn);
    if (!set) externalNodes.set(fn, (set = new Set(fn.externalCalls.map((c) => c.node))));
    return set;
  };

  const of = (fn: FunctionInfo | undefined, expr: ASTNode | null | undefined): Set<TaintSource> => {
    const out = new Set<TaintSource>();
    if (!expr) return out;
    const visit = (node: ASTNode) => {
      const n = unparen(node);
      if (isSender(n)) return void out.add('sender');
      if (isMember(n, 'msg', 'data') || isMember(n, 'msg', 'sig')) return void out.add('msg.data');
      if (isMember(n, 'msg', 'value')) return void out.add('msg.value');
      if (isMember(n, 'tx', 'origin')) return void out.add('origin');
      if (isBlockValue(n)) {
        out.add('block');
        if (n.type === 'FunctionCall') n.arguments.forEach(visit);
        return;
      }
      switch (n.type) {
        case 'Identifier': {
          if (!fn) return;
          const t = varTaint.get(fn)?.get(n.name);
          if (t && (fn.locals.has(n.name) || fn.params.has(n.name))) for (const s of t) out.add(s);
          else if (useUserState && !fn.locals.has(n.name) && !fn.params.has(n.name) && userState.has(n.name)) out.add('user-state');
          return;
        }
        case 'IndexAccess':
          // A value looked up in a mapping or array is not chosen by whoever picks the key.
          visit(n.base);
          return;
        case 'MemberAccess':
          visit(n.expression);
          return;
        case 'FunctionCall': {
          const e = n.expression;
          if (fn && externalOf(fn).has(n)) return;
          if (e.type === 'MemberAccess' && (e.memberName === 'balance' || e.memberName === 'length')) return;
          n.arguments.forEach(visit);
          if (e.type === 'MemberAccess') visit(e.expression);
          return;
        }
        case 'Conditional':
          visit(n.trueExpression!);
          visit(n.falseExpression!);
          return;
        default:
          forEachChild(n, visit);
      }
    };
    visit(expr);
    return out;
  };

  /** How many times each function's variables gained a source: a function whose count did not move since it last ran would change nothing. */
  const versions = new Map<Map<string, Set<TaintSource>>, number>();
  const merge = (into: Map<string, Set<TaintSource>>, name: string, from: Set<TaintSource>): boolean => {
    let cur = into.get(name);
    if (!cur) into.set(name, (cur = new Set()));
    let changed = false;
    for (const s of from) if (!cur.has(s)) (cur.add(s), (changed = true));
    if (changed) versions.set(into, (versions.get(into) ?? 0) + 1);
    return changed;
  };

  const propagate = (fn: FunctionInfo): boolean => {
    const vars = varsOf(fn);
    let changed = false;
    const assign = (target: ASTNode, value: Set<TaintSource>) => {
      const t = unparen(target);
      if (t.type === 'Identifier' && (fn.locals.has(t.name) || fn.params.has(t.name))) changed = merge(vars, t.name, value) || changed;
      else if (t.type === 'TupleExpression') for (const c of t.components) if (c) assign(c as ASTNode, value);
    };
    for (const f of valueFlows(fn)) {
      if (f.kind === 'declare') {
        const t = of(fn, f.value);
        for (const name of f.names) changed = merge(vars, name, t) || changed;
      } else if (f.kind === 'assign') assign(f.target, of(fn, f.value));
      else {
        const callee = varsOf(f.target);
        for (let i = 0; i < f.args.length; i++) {
          const p = f.params[i];
          if (p) changed = merge(callee, p, of(fn, f.args[i])) || changed;
        }
      }
    }
    return changed;
  };

  // Rounds over every function until nothing changes (at most six). What `propagate` does depends
  // only on the function's own variables (and on `useUserState`, fixed during a run), and merging
  // only adds: a function whose variables gained nothing since it last ran is skipped, with the
  // same outcome, round for round, as running it again (real code takes four to six rounds).
  const runFixpoint = () => {
    const ranAt = new Map<FunctionInfo, number>();
    for (let round = 0; round < 6; round++) {
      let changed = false;
      for (const fn of program.inScope) {
        const version = versions.get(varsOf(fn)) ?? 0;
        if (ranAt.get(fn) === version) continue;
        ranAt.set(fn, version);
        changed = propagate(fn) || changed;
      }
      if (!changed) break;
    }
  };
  for (const fn of program.inScope) varsOf(fn);
  runFixpoint();

  // State that any caller can set: written from arguments where an unprotected entry reaches.
  // A one-time set-up (an initializer) is the deployment's configuration, as a constructor's
  // arguments are, not state a caller sets at will (whether a stranger can run it first is
  // unprotected-initializer's question).
  for (const fn of program.inScope) {
    if (fn.kind === 'constructor') continue;
    const open = program.entriesReaching(fn).some((e) => !program.isProtected(e) && !program.isOneShot(e)) && !program.isProtected(fn);
    if (!open) continue;
    const visit = (n: ASTNode) => {
      if (isAssignment(n)) {
        const bin = n as N<'BinaryOperation'>;
        // Only a whole variable (or a field of it) overwritten counts: an entry in a
        // mapping keyed by the caller is that caller's own slot, not shared state.
        const b = baseIdentifier(bin.left);
        if (b && !some(bin.left, (x) => x.type === 'IndexAccess') && program.resolve(fn, b.name)?.kind === 'state') {
          const t = of(fn, bin.right);
          if (t.has('param') || t.has('msg.data')) userState.add(b.name);
        }
      }
      forEachChild(n, visit);
    };
    if (fn.node.body) visit(fn.node.body);
  }
  useUserState = true;
  if (userState.size > 0) runFixpoint();

  return { of, userState, vars: varsOf };
});

/** True when a value comes from the caller: an argument, calldata or state any caller sets. */
export function callerControlled(t: Set<TaintSource>): boolean {
  return t.has('param') || t.has('msg.data') || t.has('user-state');
}
