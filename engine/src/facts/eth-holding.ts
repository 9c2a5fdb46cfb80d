/**
 * Whether a contract can keep ETH from one transaction to the next. A contract with no
 * `receive`, no payable `fallback`, no payable constructor, and whose every payable function
 * sends `address(this).balance` away as its last act, starts every transaction with no ETH of
 * its own (ETH forced in by `selfdestruct` or as a block reward aside): whatever it spends
 * within a call is what that call brought in.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { isSelfAddress, some, unparen } from './ast-util';
import type { ContractInfo, FunctionInfo, Program } from './program';

type N<T extends ASTNode['type']> = Extract<ASTNode, { type: T }>;

/**
 * Every deployed contract that runs `fn` starts each transaction with no ETH it kept (see the
 * file's comment), and every open entry reaching `fn` is payable: what `fn` sends is what the
 * current call paid in. False when no contract of the closure deploys it (or, for a library or free
 * function, no entry reaches it), or when any of them has a base whose declaration is not in the closure.
 */
export function holdsNoEthBetweenCalls(program: Program, fn: FunctionInfo): boolean {
  // A library's (or free) function runs in the contracts whose entries reach it.
  const inContract = (f: FunctionInfo) => f.contract.kind === 'contract' || f.contract.kind === 'abstract';
  // The ETH must come with the call: every open entry that reaches `fn` is payable. Code that
  // sends from a contract no call can pay spends only ETH forced into it, and stays reported.
  const entries = program.entriesReaching(fn).filter((e) => program.openToAnyone(e));
  if (entries.length === 0 || !entries.every((e) => e.payable)) return false;
  const owners = inContract(fn) ? [fn.contract] : entries.map((e) => e.contract);
  if (owners.length === 0 || !owners.every((c) => c.kind === 'contract' || c.kind === 'abstract')) return false;
  const deployed = program.allContracts.filter((c) => c.kind === 'contract' && owners.some((o) => c.lineage.includes(o)));
  return deployed.length > 0 && deployed.every((c) => keepsNoEth(program, c));
}

const cache = new WeakMap<ContractInfo, boolean>();
function keepsNoEth(program: Program, c: ContractInfo): boolean {
  const known = cache.get(c);
  if (known !== undefined) return known;
  let out = c.externalBases.length === 0;
  if (out) for (const b of c.lineage) if (b.functions.some((f) => f.kind === 'constructor' && f.payable)) out = false;
  if (out) {
    for (const e of program.entriesOf(c)) {
      if (e.kind === 'receive' || (e.kind === 'fallback' && e.payable)) out = false;
      else if (e.payable && !sweepsAtEnd(program, e)) out = false;
      if (!out) break;
    }
  }
  cache.set(c, out);
  return out;
}

/** `address(this).balance`. */
function isOwnBalance(e: ASTNode | null | undefined): boolean {
  if (!e) return false;
  const x = unparen(e);
  return x.type === 'MemberAccess' && x.memberName === 'balance' && isSelfAddress(x.expression);
}

/**
 * The function has no `return` (nor assembly, which may return) and its last statement sends
 * `address(this).balance` away (or does so when the balance is not zero): directly, through an
 * internal helper that sends the parameter it is given, or by calling a function that itself
 * sweeps at its end (`super.f(…)` in an override).
 */
function sweepsAtEnd(program: Program, fn: FunctionInfo, depth = 0): boolean {
  const body = fn.node.body;
  if (!body || body.type !== 'Block' || body.statements.length === 0) return false;
  if (hasReturn(body)) return false;
  let last = body.statements[body.statements.length - 1] as ASTNode;
  // `if (address(this).balance > 0) sweep;`: when the condition fails there is nothing to sweep.
  if (last.type === 'IfStatement' && !last.falseBody && guardsNonZeroBalance(last.condition)) last = last.trueBody as ASTNode;
  if (last.type === 'Block' && last.statements.length === 1) last = last.statements[0] as ASTNode;
  if (last.type !== 'ExpressionStatement' || !last.expression) return false;
  // `(a, b) = super.run(x);`: the last act is a function that sweeps at its own end.
  const e = unparen(last.expression);
  const call = e.type === 'BinaryOperation' && e.operator === '=' ? unparen(e.right) : e;
  if (call.type !== 'FunctionCall') return false;
  if (call === e && sendsOwnBalance(program, fn, call, 0)) return true;
  const targets = fn.internalCalls.filter((c) => c.node === call).map((c) => c.target);
  return depth < 3 && targets.length > 0 && targets.every((t) => t !== fn && t.node.type === 'FunctionDefinition' && sweepsAtEnd(program, t, depth + 1));
}

function guardsNonZeroBalance(cond: ASTNode): boolean {
  const c = unparen(cond);
  if (c.type !== 'BinaryOperation') return false;
  if ((c.operator === '>' || c.operator === '!=') && isOwnBalance(c.left)) return isZero(c.right);
  if ((c.operator === '<' || c.operator === '!=') && isOwnBalance(c.right)) return isZero(c.left);
  return false;
}

function isZero(e: ASTNode): boolean {
  const x = unparen(e);
  return x.type === 'NumberLiteral' && /^0+$/.test(x.number);
}

/** The call sends `address(this).balance` (or, in a helper, the parameter at `param` carrying it). */
function sendsOwnBalance(program: Program, fn: FunctionInfo, call: N<'FunctionCall'>, depth: number, param?: string): boolean {
  const carries = (e: ASTNode | undefined | null): boolean => {
    if (!e) return false;
    if (isOwnBalance(e)) return true;
    const x = unparen(e);
    return !!param && x.type === 'Identifier' && x.name === param && program.resolve(fn, x.name)?.kind === 'param';
  };
  const ext = fn.externalCalls.find((c) => c.node === call);
  if (ext) return ['call', 'send', 'transfer'].includes(ext.kind) && carries(ext.value ?? (ext.kind !== 'call' ? call.arguments[0] : undefined));
  if (depth > 2) return false;
  const internal = fn.internalCalls.filter((c) => c.node === call);
  if (internal.length !== 1) return false;
  const target = internal[0].target;
  if (target.node.type !== 'FunctionDefinition' || !target.node.body) return false;
  program.reachable(target);
  const params = target.node.parameters;
  if (hasReturn(target.node.body)) return false;
  // A call through `using … for` passes the receiver as the first parameter.
  const offset = params.length === call.arguments.length + 1 ? 1 : 0;
  const i = call.arguments.findIndex((a) => carries(a));
  if (i < 0 || !params[i + offset]?.name) return false;
  const name = params[i + offset].name!;
  // The helper sends the parameter in a statement of its own body, not under a condition (a
  // revert before it undoes the whole call).
  return (target.node.body.statements as ASTNode[]).some((st) => {
    const e = st.type === 'ExpressionStatement' ? st.expression : st.type === 'VariableDeclarationStatement' ? st.initialValue : undefined;
    const x = e ? unparen(e as ASTNode) : undefined;
    if (x?.type === 'BinaryOperation' && x.operator === '=') {
      const r = unparen(x.right);
      return r.type === 'FunctionCall' && sendsOwnBalance(program, target, r, depth + 1, name);
    }
    return x?.type === 'FunctionCall' && sendsOwnBalance(program, target, x, depth + 1, name);
  });
}

/** A `return`, or assembly (which may return), anywhere in the body. */
function hasReturn(body: ASTNode): boolean {
  return some(body, (n) => n.type === 'ReturnStatement' || n.type === 'InlineAssemblyStatement');
}
