/**
 * Oracle reads, recognised by the shape of the called function's declaration
 * as the program model resolves it, not by its name:
 *
 * - an answer-only read: a `view` function of an interface that returns one
 *   `int256` and nothing about the round (no round id, no update time), taking
 *   nothing or a round number (Chainlink's `latestAnswer`/`getAnswer` shape);
 * - a round-data read: a `view` function taking nothing that returns
 *   `(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt,
 *   uint80 answeredInRound)` (Chainlink's `latestRoundData` shape);
 * - a price-struct read: a `view` function taking a `bytes32` feed id (and
 *   optionally an age bound) that returns a struct of `(int64 price, uint64
 *   conf, int32 expo, uint publishTime)` (Pyth's shape).
 *
 * Only when the callee's declaration is not in the import closure (an
 * unresolved import or base) is the called name used instead, since then it is
 * all that is known; a resolved declaration always decides by its shape.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { FactContext, NodeOf } from '../rules/framework';
import { subtree } from './ast-index';
import { calleeOf, intType, isAssignment, isConversion, isIdent, isTimestamp, unparen } from './ast-util';
import { structOf } from './declarations';
import { programFact, type ExternalCall, type FunctionInfo } from './program';
import { boundArguments, parametersOf } from './value-flow';

type Call = NodeOf<'FunctionCall'>;

export type OracleRead =
  | { kind: 'answer-only'; ext: ExternalCall; declared: boolean }
  | { kind: 'round-data'; ext: ExternalCall; declared: boolean; answer: number; updatedAt: number }
  | { kind: 'price-struct'; ext: ExternalCall; declared: boolean; conf: string; publishTime: string; bounded: boolean };

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

function returnTypes(f: FunctionInfo): Array<ASTNode | null> {
  return f.node.type === 'FunctionDefinition' ? (f.node.returnParameters ?? []).map((p) => (p.typeName as ASTNode | null) ?? null) : [];
}

const isInt = (t: ASTNode | null, signed: boolean, bits?: number) => {
  const i = intType(t as never);
  return !!i && i.signed === signed && (bits === undefined || i.bits === bits);
};

/** The external call `call` is, as the program model records it. */
function externalCallOf(ctx: FactContext, call: Call): ExternalCall | undefined {
  return ctx.fact(programFact).functionOf(call)?.externalCalls.find((x) => x.node === call);
}

/** What oracle read a call is, if any. */
export function oracleReadOf(ctx: FactContext, call: Call): OracleRead | undefined {
  const ext = externalCallOf(ctx, call);
  if (!ext || ext.kind !== 'high-level') return undefined;
  const callee = ext.callee;
  if (callee) return byShape(ctx, ext, callee);
  // The target's declaration, or the base that declares the function, is not in the import
  // closure: the called name is then all there is to go on.
  const unknown = !ext.targetType || ext.targetType.externalBases.length > 0;
  return unknown ? byName(ext) : undefined;
}

function byShape(ctx: FactContext, ext: ExternalCall, callee: FunctionInfo): OracleRead | undefined {
  if (!callee.readonly || callee.node.type !== 'FunctionDefinition') return undefined;
  const params = parametersOf(callee).map((p) => p.typeName as ASTNode | null);
  const returns = returnTypes(callee);
  const declaredOnly = callee.contract.kind === 'interface' || !callee.node.body;
  if (declaredOnly && returns.length === 1 && isInt(returns[0], true, 256) && (params.length === 0 || (params.length === 1 && isInt(params[0], false)))) {
    return { kind: 'answer-only', ext, declared: true };
  }
  if (params.length === 0 && returns.length === 5 && isInt(returns[0], false) && isInt(returns[1], true, 256) && isInt(returns[2], false) && isInt(returns[3], false) && isInt(returns[4], false)) {
    return { kind: 'round-data', ext, declared: true, answer: 1, updatedAt: 3 };
  }
  const idParam = params[0];
  if (returns.length === 1 && idParam?.type === 'ElementaryTypeName' && idParam.name === 'bytes32' && (params.length === 1 || (params.length === 2 && isInt(params[1], false)))) {
    const s = structOf(ctx, returns[0] as never);
    const m = s?.members ?? [];
    if (m.length === 4 && isInt(m[0].typeName as ASTNode, true) && isInt(m[1].typeName as ASTNode, false) && isInt(m[2].typeName as ASTNode, true) && isInt(m[3].typeName as ASTNode, false)) {
      return { kind: 'price-struct', ext, declared: true, conf: m[1].name ?? '', publishTime: m[3].name ?? '', bounded: params.length === 2 };
    }
  }
  return undefined;
}

/** Only for a callee whose declaration is unknown (see `oracleReadOf`): Chainlink's and Pyth's own names. */
function byName(ext: ExternalCall): OracleRead | undefined {
  const argc = ext.node.arguments.length;
  const m = ext.member;
  if ((m === 'latestAnswer' && argc === 0) || (m === 'getAnswer' && argc === 1)) return { kind: 'answer-only', ext, declared: false };
  if (m === 'latestRoundData' && argc === 0) return { kind: 'round-data', ext, declared: false, answer: 1, updatedAt: 3 };
  const pyth = /^get(Ema)?Price(Unsafe|NoOlderThan)$/.exec(m);
  if (pyth && argc === (pyth[2] === 'Unsafe' ? 1 : 2)) return { kind: 'price-struct', ext, declared: false, conf: 'conf', publishTime: 'publishTime', bounded: pyth[2] === 'NoOlderThan' };
  return undefined;
}

/**
 * Whether the value a local holds decides something in `fn`: it (or a local
 * computed from it) takes part in a comparison, or it is handed to a helper
 * whose parameter does (an internal call is followed; a call the model cannot
 * follow is taken to check it). Returning or storing the value decides nothing.
 */
export function valueIsChecked(ctx: FactContext, fn: FunctionInfo, name: string, depth = 0, seen = new Set<string>()): boolean {
  const body = fn.node.body;
  if (!body || depth > 4) return false;
  const key = `${fn.file.path}:${fn.node.range?.[0]}:${name}`;
  if (seen.has(key)) return false;
  seen.add(key);
  const program = ctx.fact(programFact);
  const mentions = (n: ASTNode | null | undefined) => !!n && subtree(n).some((x) => isIdent(x, name));
  for (const n of subtree(body)) {
    if (n.type === 'BinaryOperation' && COMPARISONS.has(n.operator) && (mentions(n.left) || mentions(n.right))) return true;
    if (n.type === 'InlineAssemblyStatement' && new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(ctx.text(n))) return true;
    // A local computed from it: `uint256 age = block.timestamp - updatedAt;`.
    if (n.type === 'VariableDeclarationStatement' && n.initialValue && mentions(n.initialValue)) {
      for (const v of n.variables as Array<NodeOf<'VariableDeclaration'> | null>) if (v?.name && v.name !== name && valueIsChecked(ctx, fn, v.name, depth, seen)) return true;
    }
    if (isAssignment(n)) {
      const b = n as NodeOf<'BinaryOperation'>;
      const left = unparen(b.left);
      if (left.type === 'Identifier' && left.name !== name && mentions(b.right) && program.resolve(fn, left.name)?.kind !== 'state' && valueIsChecked(ctx, fn, left.name, depth, seen)) return true;
    }
    if (n.type === 'FunctionCall' && handsOver(ctx, fn, n, name, mentions, depth, seen)) return true;
  }
  return false;
}

/** A call that is given the value: a helper that checks its parameter, or a call the model cannot see into. */
function handsOver(ctx: FactContext, fn: FunctionInfo, call: Call, name: string, mentions: (n: ASTNode) => boolean, depth: number, seen: Set<string>): boolean {
  const { callee } = calleeOf(call);
  if (isConversion(callee) || callee.type === 'ElementaryTypeName') return false;
  if (callee.type === 'Identifier' && ['require', 'assert', 'keccak256', 'sha256', 'abi'].includes(callee.name)) return false;
  if (callee.type === 'MemberAccess' && isIdent(callee.expression, 'abi')) return false;
  const program = ctx.fact(programFact);
  const targets = fn.internalCalls.filter((c) => c.node === call).map((c) => c.target);
  if (targets.length === 0) {
    // An event or error takes the value without deciding on it.
    const parent = fn.file.index.parent(call);
    if (parent?.type === 'EmitStatement' || parent?.type === 'RevertStatement') return false;
    const args: ASTNode[] = callee.type === 'MemberAccess' ? [callee.expression, ...call.arguments] : call.arguments;
    const given = args.some((a) => isIdent(unparen(a), name));
    // An external call, or an internal one the model cannot resolve, may check it.
    return given && (!!fn.externalCalls.find((x) => x.node === call) || fn.unresolvedCalls.some((u) => u.node === call) || program.incomplete);
  }
  for (const t of targets) {
    const args = boundArguments(call, t);
    const params = parametersOf(t);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (!a || !mentions(a) || !params[i]?.name) continue;
      if (!t.node.body || valueIsChecked(ctx, t, params[i].name!, depth + 1, seen)) return true;
    }
  }
  return false;
}

/** The local names bound to the components of a call's tuple result, or undefined when it is not destructured (null: a component left out or not a plain name). */
export function destructured(ctx: FactContext, call: Call, fn?: FunctionInfo): Array<string | null> | undefined {
  const p = (fn?.file.index ?? ctx.index).parent(call);
  if (p?.type === 'VariableDeclarationStatement' && p.initialValue === call) return p.variables.map((v) => (v as NodeOf<'VariableDeclaration'> | null)?.name ?? null);
  if (p?.type === 'BinaryOperation' && p.operator === '=' && p.right === call && p.left.type === 'TupleExpression') {
    return p.left.components.map((c) => (c && (c as ASTNode).type === 'Identifier' ? (c as NodeOf<'Identifier'>).name : c ? '<stored>' : null));
  }
  return undefined;
}

/** The local a call's single result is kept in (`Price memory p = pyth.read(id)`), or undefined. */
export function boundLocal(ctx: FactContext, call: Call, fn?: FunctionInfo): string | undefined {
  const p = (fn?.file.index ?? ctx.index).parent(call);
  if (p?.type === 'VariableDeclarationStatement' && p.initialValue === call && p.variables.length === 1) return (p.variables[0] as NodeOf<'VariableDeclaration'> | null)?.name ?? undefined;
  if (p?.type === 'BinaryOperation' && p.operator === '=' && p.right === call && unparen(p.left).type === 'Identifier') return (unparen(p.left) as NodeOf<'Identifier'>).name;
  return undefined;
}

/**
 * The age of an answer-only read checked through another read of the same
 * oracle in `fn`: a `view` call on the same target returning one `uint256` (an
 * update time) that the function compares with the block's time.
 */
export function ageCheckedSeparately(ctx: FactContext, fn: FunctionInfo, read: ExternalCall): boolean {
  const target = ctx.text(read.target);
  const body = fn.node.body;
  if (!body) return false;
  const timed = (n: ASTNode) => subtree(n).some((x) => isTimestamp(x));
  for (const x of fn.externalCalls) {
    if (x === read || x.kind !== 'high-level' || !x.callee || ctx.text(x.target) !== target) continue;
    const r = returnTypes(x.callee);
    if (r.length !== 1 || !isInt(r[0], false, 256)) continue;
    // `require(block.timestamp - feed.updatedTime() < MAX)`.
    for (let p = fn.file.index.parent(x.node); p && p !== body; p = fn.file.index.parent(p)) {
      if (p.type === 'BinaryOperation' && COMPARISONS.has(p.operator) && timed(p)) return true;
    }
    // `uint256 at = feed.updatedTime(); require(block.timestamp - at < MAX)`, also through a local computed from both.
    const local = boundLocal(ctx, x.node, fn);
    if (!local) continue;
    for (const n of subtree(body)) {
      const mentionsLocal = (e: ASTNode) => subtree(e).some((y) => isIdent(y, local));
      if (n.type === 'BinaryOperation' && COMPARISONS.has(n.operator) && mentionsLocal(n) && timed(n)) return true;
      if (n.type === 'VariableDeclarationStatement' && n.initialValue && mentionsLocal(n.initialValue) && timed(n.initialValue)) {
        for (const v of n.variables as Array<NodeOf<'VariableDeclaration'> | null>) if (v?.name && valueIsChecked(ctx, fn, v.name)) return true;
      }
    }
  }
  return false;
}
