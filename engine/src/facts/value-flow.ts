/**
 * Where a value comes from inside a function and across internal calls, as the
 * program model tells it: the definitions of a local (its initial value and
 * what is assigned to it later), the argument a caller binds to a parameter
 * (`x.f(a)` through `using … for` binds `x` to the first), the expressions a
 * function returns, and the callers of a function. Shared by the facts that
 * follow a value through helpers (token calls, signatures, oracle reads).
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type NodeOf } from '../rules/framework';
import { forEachChild, subtree } from './ast-index';
import { calleeOf, isAssignment, isIdent, unparen } from './ast-util';
import { programFact, type FunctionInfo } from './program';

type Call = NodeOf<'FunctionCall'>;

/**
 * What moves values in a function, in the order a pre-order walk of its body meets it:
 * declarations with an initial value, assignments, internal calls' arguments, and after the
 * body the arguments of its modifiers. The fixpoints that follow values from local to local
 * and into callees' parameters (taint, weak-prng) read these lists on every round instead of
 * walking the bodies again.
 */
export type ValueFlow =
  | { kind: 'declare'; names: string[]; value: ASTNode }
  | { kind: 'assign'; target: ASTNode; value: ASTNode }
  | { kind: 'call'; target: FunctionInfo; args: ASTNode[]; params: Array<string | null> };

const flowsMemo = new WeakMap<FunctionInfo, ValueFlow[]>();

/** `fn`'s value flows (see `ValueFlow`), listed once per function. */
export function valueFlows(fn: FunctionInfo): readonly ValueFlow[] {
  let out = flowsMemo.get(fn);
  if (out) return out;
  const list: ValueFlow[] = [];
  flowsMemo.set(fn, (out = list));
  const internal = new Map<ASTNode, FunctionInfo>();
  for (const c of fn.internalCalls) if (!internal.has(c.node)) internal.set(c.node, c.target);
  const names = (params: readonly unknown[] | null | undefined) => ((params ?? []) as ReadonlyArray<{ name?: string | null }>).map((p) => p.name ?? null);
  const visit = (n: ASTNode) => {
    if (n.type === 'VariableDeclarationStatement' && n.initialValue) {
      const declared: string[] = [];
      for (const v of n.variables as Array<NodeOf<'VariableDeclaration'> | null>) if (v?.name) declared.push(v.name);
      list.push({ kind: 'declare', names: declared, value: n.initialValue });
    } else if (isAssignment(n)) {
      const bin = n as NodeOf<'BinaryOperation'>;
      list.push({ kind: 'assign', target: bin.left, value: bin.right });
    } else if (n.type === 'FunctionCall') {
      const target = internal.get(n);
      // Each argument bound to its parameter: named arguments by name, and for `x.f(a)` through
      // `using … for` the object `x` as the first (`a` is the second, not the first).
      if (target) {
        const bound = boundArguments(n, target);
        const params = names(target.node.parameters);
        const args: ASTNode[] = [];
        const kept: Array<string | null> = [];
        bound.forEach((a, i) => {
          if (a) (args.push(a), kept.push(params[i] ?? null));
        });
        list.push({ kind: 'call', target, args, params: kept });
      }
    }
    forEachChild(n, visit);
  };
  if (fn.node.body) visit(fn.node.body);
  if (fn.node.type === 'FunctionDefinition') {
    for (const m of fn.modifiers) if (m.target) list.push({ kind: 'call', target: m.target, args: (m.node.arguments ?? []) as ASTNode[], params: names(m.target.node.parameters) });
  }
  return out;
}

/** The parameters of a function or modifier, in order. */
export function parametersOf(fn: FunctionInfo): Array<NodeOf<'VariableDeclaration'>> {
  return (fn.node.parameters ?? []) as Array<NodeOf<'VariableDeclaration'>>;
}

/**
 * The expression bound to each parameter of `target` at `call`, in the
 * parameters' order: named arguments by name, and for `x.f(a)` through
 * `using … for` the object `x` as the first.
 */
export function boundArguments(call: Call, target: FunctionInfo): Array<ASTNode | undefined> {
  const params = parametersOf(target);
  const names = call.names ?? [];
  const args: ASTNode[] = call.arguments;
  if (names.length > 0) return params.map((p) => args[names.indexOf(p.name ?? '')]);
  const { callee } = calleeOf(call);
  if (callee.type === 'MemberAccess' && params.length === args.length + 1) return [callee.expression, ...args];
  return params.map((_, i) => args[i]);
}

/** `address(x)`, `payable(x)`, `IERC20(x)`, `uint160(x)`: conversions keep the value they convert, so they are looked through. */
export function stripConversions(ctx: FactContext, expr: ASTNode): ASTNode {
  const program = ctx.fact(programFact);
  let e = unparen(expr);
  for (;;) {
    if (e.type !== 'FunctionCall' || e.arguments.length !== 1) return e;
    const c = e.expression;
    const conversion = c.type === 'ElementaryTypeName' || (c.type === 'Identifier' && (/^(address|payable|u?int\d*|bytes\d*)$/.test(c.name) || (program.byName.has(c.name) && program.byName.get(c.name)!.kind !== 'library')));
    if (!conversion) return e;
    e = unparen(e.arguments[0]);
  }
}

/** What a local (or named return) of `fn` is given: its initial value and every later assignment's value; `'assembly'` when inline assembly assigns it. */
export function definitionsOf(ctx: FactContext, fn: FunctionInfo, name: string): Array<ASTNode | 'assembly'> {
  const body = fn.node.body;
  if (!body) return [];
  const out: Array<ASTNode | 'assembly'> = [];
  const assemblyAssigns = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}\\s*(,[\\w\\s,$]*)?:=`);
  for (const n of subtree(body)) {
    if (n.type === 'VariableDeclarationStatement' && n.initialValue) {
      const vars = n.variables as Array<NodeOf<'VariableDeclaration'> | null>;
      if (vars.some((v) => v?.name === name)) out.push(n.initialValue);
    } else if (isAssignment(n)) {
      const b = n as NodeOf<'BinaryOperation'>;
      const left = unparen(b.left);
      if (isIdent(left, name)) out.push(b.right);
      else if (left.type === 'TupleExpression' && left.components.some((c) => c && isIdent(c as ASTNode, name))) out.push(b.right);
    } else if (n.type === 'InlineAssemblyStatement' && assemblyAssigns.test(ctx.text(n))) out.push('assembly');
  }
  return out;
}

/** The expressions `fn` returns with `return …`, and its named return variables. */
export function returnedValues(fn: FunctionInfo): { expressions: ASTNode[]; named: string[] } {
  const expressions: ASTNode[] = [];
  const visit = (n: ASTNode) => {
    if (n.type === 'ReturnStatement' && n.expression) expressions.push(n.expression);
    forEachChild(n, visit);
  };
  if (fn.node.body) visit(fn.node.body);
  const named = fn.node.type === 'FunctionDefinition' ? (fn.node.returnParameters ?? []).map((p) => p.name).filter((n): n is string => !!n) : [];
  return { expressions, named };
}

/** The internal calls that reach each analysed function, with the calling function. */
const callersFact = defineFact('value-flow-callers', (ctx: FactContext) => {
  const program = ctx.fact(programFact);
  const out = new Map<FunctionInfo, Array<{ caller: FunctionInfo; call: Call }>>();
  for (const f of program.inScope) {
    for (const ic of f.internalCalls) {
      let list = out.get(ic.target);
      if (!list) out.set(ic.target, (list = []));
      list.push({ caller: f, call: ic.node });
    }
  }
  return out;
});

/** The internal calls of `fn` among the functions this file reaches. */
export function callersOf(ctx: FactContext, fn: FunctionInfo): ReadonlyArray<{ caller: FunctionInfo; call: Call }> {
  return ctx.fact(callersFact).get(fn) ?? [];
}

/** The functions an internal call of `fn` runs (every override a virtual call may reach). */
export function targetsOf(fn: FunctionInfo, call: ASTNode): FunctionInfo[] {
  return fn.internalCalls.filter((c) => c.node === call).map((c) => c.target);
}

/** Yul identifiers (`token`, `data`) inside an assembly node: the parser gives them as calls with no arguments. */
export function yulNames(node: ASTNode): string[] {
  return subtree(node)
    .filter((n): n is NodeOf<'AssemblyCall'> => n.type === 'AssemblyCall' && n.arguments.length === 0)
    .map((n) => n.functionName);
}
