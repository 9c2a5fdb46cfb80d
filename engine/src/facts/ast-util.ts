/**
 * Small, pure helpers over @solidity-parser/parser nodes, shared by the facts
 * and the rules that read them.
 */
import type { ASTNode, TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import type { FactContext } from '../rules/framework';
import { forEachChild, subtree, type AstIndex } from './ast-index';

type N<T extends ASTNode['type']> = Extract<ASTNode, { type: T }>;

/** True for `object.member` where `object` is a plain identifier, e.g. `msg.sender`. */
export function isMember(node: ASTNode | null | undefined, object: string, member: string): boolean {
  return !!node && node.type === 'MemberAccess' && node.memberName === member && node.expression.type === 'Identifier' && node.expression.name === object;
}

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=']);

/** The parser represents `a = b` and `a += b` as binary operations; this tells them apart. */
export function isAssignment(node: ASTNode | null | undefined): boolean {
  return !!node && node.type === 'BinaryOperation' && ASSIGN_OPS.has(node.operator);
}

/** True for an identifier of the given name (any identifier when `name` is omitted). */
export function isIdent(node: ASTNode | null | undefined): node is N<'Identifier'>;
export function isIdent(node: ASTNode | null | undefined, name: string): boolean;
export function isIdent(node: ASTNode | null | undefined, name?: string): boolean {
  return !!node && node.type === 'Identifier' && (name === undefined || node.name === name);
}

/** Strips parentheses (one-element tuples), which the parser keeps as `TupleExpression`. */
export function unparen(node: ASTNode): ASTNode {
  let n = node;
  while (n.type === 'TupleExpression' && !n.isArray && n.components.length === 1 && n.components[0]) n = n.components[0] as ASTNode;
  return n;
}

/** The address an expression converts, through `address(x)`, `payable(x)` and elementary-type casts (and parentheses). */
export function stripAddressCasts(node: ASTNode): ASTNode {
  let x = unparen(node);
  while (x.type === 'FunctionCall' && x.arguments.length === 1 && (x.expression.type === 'ElementaryTypeName' || isIdent(x.expression, 'address') || isIdent(x.expression, 'payable'))) x = unparen(x.arguments[0]);
  return x;
}

/** `this`, or a cast of it to an address (`address(this)`, `payable(address(this))`): this contract's own address. */
export function isSelfAddress(node: ASTNode): boolean {
  return isIdent(stripAddressCasts(node), 'this');
}

/**
 * The callee of a call with its call options removed: for `a.call{value: v}(d)`
 * and for the old `a.call.value(v).gas(g)(d)` this is the `a.call` member access.
 * Also returns the options found (`value`, `gas`).
 */
export function calleeOf(call: N<'FunctionCall'>): { callee: ASTNode; options: Record<string, ASTNode> } {
  const options: Record<string, ASTNode> = {};
  let e: ASTNode = call.expression;
  for (;;) {
    if (e.type === 'NameValueExpression') {
      const list = e.arguments as unknown as { names: string[]; arguments: ASTNode[] };
      list.names.forEach((name, i) => (options[name] = list.arguments[i]));
      e = e.expression;
      continue;
    }
    // Old syntax: `x.call.value(v)` is itself a call on the member `value`.
    if (e.type === 'FunctionCall' && e.expression.type === 'MemberAccess' && (e.expression.memberName === 'value' || e.expression.memberName === 'gas') && e.arguments.length === 1) {
      const inner: ASTNode = e.expression.expression;
      if (inner.type === 'MemberAccess' || inner.type === 'FunctionCall' || inner.type === 'NameValueExpression') {
        options[e.expression.memberName] = e.arguments[0];
        e = inner;
        continue;
      }
    }
    return { callee: e, options };
  }
}

/**
 * The values a `keccak256` call hashes: the arguments of `keccak256(abi.encode(a, b))` or
 * `keccak256(abi.encodePacked(a, b))`, or `[x]` for `keccak256(x)`; undefined for any other node.
 */
export function hashInputs(node: ASTNode): ASTNode[] | undefined {
  const e = unparen(node);
  if (e.type !== 'FunctionCall' || !isIdent(e.expression, 'keccak256') || e.arguments.length !== 1) return undefined;
  const arg = unparen(e.arguments[0]);
  if (arg.type === 'FunctionCall') {
    const { callee } = calleeOf(arg);
    if (callee.type === 'MemberAccess' && isIdent(callee.expression, 'abi') && (callee.memberName === 'encode' || callee.memberName === 'encodePacked')) return arg.arguments;
  }
  return [arg];
}

/** The called name: `f` for `f(…)` and `x.f(…)` (call options removed), undefined for other callees. */
export function calleeName(call: N<'FunctionCall'>): string | undefined {
  const { callee } = calleeOf(call);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberAccess') return callee.memberName;
  return undefined;
}

/** The identifier at the root of `a.b[c].d`, if any. */
export function baseIdentifier(node: ASTNode): N<'Identifier'> | undefined {
  let n: ASTNode = unparen(node);
  for (;;) {
    if (n.type === 'Identifier') return n;
    if (n.type === 'MemberAccess') n = unparen(n.expression);
    else if (n.type === 'IndexAccess') n = unparen(n.base);
    else if (n.type === 'IndexRangeAccess') n = unparen(n.base);
    else return undefined;
  }
}

/** Every node below `node` in pre-order, not including `node`; `stop` prunes subtrees. */
export function descendants(node: ASTNode, stop?: (n: ASTNode) => boolean): ASTNode[] {
  const out: ASTNode[] = [];
  const visit = (n: ASTNode) => {
    out.push(n);
    if (stop?.(n)) return;
    forEachChild(n, visit);
  };
  forEachChild(node, visit);
  return out;
}

/** True when `node` or anything below it satisfies `pred`. */
export function some(node: ASTNode | null | undefined, pred: (n: ASTNode) => boolean): boolean {
  if (!node) return false;
  if (pred(node)) return true;
  let found = false;
  const visit = (n: ASTNode) => {
    if (found) return;
    if (pred(n)) {
      found = true;
      return;
    }
    forEachChild(n, visit);
  };
  forEachChild(node, visit);
  return found;
}

/** The name of a type as written, e.g. `uint256`, `address payable`, `IERC20`, `mapping`. */
export function typeNameOf(t: ASTNode | null | undefined): string {
  if (!t) return '';
  if (t.type === 'ElementaryTypeName') return t.name + (t.stateMutability === 'payable' ? ' payable' : '');
  if (t.type === 'UserDefinedTypeName') return t.namePath;
  if (t.type === 'Mapping') return 'mapping';
  if (t.type === 'ArrayTypeName') return typeNameOf(t.baseTypeName) + '[]';
  if (t.type === 'FunctionTypeName') return 'function';
  return '';
}

/** Block values a miner or validator controls or can predict. */
export function isBlockValue(node: ASTNode): boolean {
  if (node.type === 'Identifier' && node.name === 'now') return true;
  if (node.type === 'MemberAccess' && node.expression.type === 'Identifier' && node.expression.name === 'block') {
    return ['timestamp', 'number', 'difficulty', 'prevrandao', 'coinbase', 'gaslimit', 'blockhash'].includes(node.memberName);
  }
  if (node.type === 'FunctionCall' && node.expression.type === 'Identifier' && (node.expression.name === 'blockhash' || node.expression.name === 'block.blockhash')) return true;
  if (node.type === 'FunctionCall' && isMember(node.expression, 'block', 'blockhash')) return true;
  return false;
}

/** `block.timestamp` or the old `now`. */
export function isTimestamp(node: ASTNode): boolean {
  return isMember(node, 'block', 'timestamp') || (node.type === 'Identifier' && node.name === 'now');
}

/** `require(...)`, `assert(...)`: the call's condition, else undefined. */
export function requireCondition(node: ASTNode): ASTNode | undefined {
  if (node.type !== 'FunctionCall' || node.expression.type !== 'Identifier') return undefined;
  if (node.expression.name !== 'require' && node.expression.name !== 'assert') return undefined;
  return node.arguments[0];
}

/** Statements that end the current path: revert, throw, return, or a call to revert(). */
export function isAbort(stmt: ASTNode | null | undefined): boolean {
  if (!stmt) return false;
  if (stmt.type === 'ThrowStatement' || stmt.type === 'RevertStatement' || stmt.type === 'ReturnStatement') return true;
  if (stmt.type === 'ExpressionStatement' && stmt.expression && (stmt.expression as ASTNode).type === 'FunctionCall') {
    const call = stmt.expression as N<'FunctionCall'>;
    const e = call.expression;
    if (e.type === 'Identifier' && e.name === 'revert') return true;
  }
  if (stmt.type === 'Block') return stmt.statements.length > 0 && isAbort(stmt.statements[stmt.statements.length - 1] as ASTNode);
  return false;
}

/** `msg.sender`, or `_msgSender()`/`msgSender()` as OpenZeppelin's Context spells it. */
export function isSender(node: ASTNode): boolean {
  if (isMember(node, 'msg', 'sender')) return true;
  return node.type === 'FunctionCall' && node.expression.type === 'Identifier' && /^_?msgSender$/.test(node.expression.name) && node.arguments.length === 0;
}

/** Loops, whose bodies run many times. */
export function isLoop(node: ASTNode): boolean {
  return node.type === 'ForStatement' || node.type === 'WhileStatement' || node.type === 'DoWhileStatement';
}

/** The function definitions declared directly in a contract (not its bases). */
export function functionsOf(contract: N<'ContractDefinition'>): Array<N<'FunctionDefinition'>> {
  return (contract.subNodes as ASTNode[]).filter((s): s is N<'FunctionDefinition'> => s.type === 'FunctionDefinition');
}

/** True for integer, decimal and hex number literals, and unary minus on one. */
export function isNumberLiteral(node: ASTNode): boolean {
  const e = unparen(node);
  if (e.type === 'NumberLiteral' || e.type === 'HexNumber' || e.type === 'DecimalNumber') return true;
  return e.type === 'UnaryOperation' && e.operator === '-' && isNumberLiteral(e.subExpression);
}

/** The callee of a type conversion: `uint256(x)`, `bytes32(x)`, `address(x)`, `payable(x)`. */
export function isConversion(callee: ASTNode): boolean {
  return callee.type === 'ElementaryTypeName' || (callee.type === 'Identifier' && (callee.name === 'address' || callee.name === 'payable'));
}

/** Expression kinds that never need parentheses when an operator is put around them. */
export function isAtomic(e: ASTNode): boolean {
  return ['Identifier', 'NumberLiteral', 'BooleanLiteral', 'StringLiteral', 'HexLiteral', 'MemberAccess', 'IndexAccess', 'FunctionCall', 'TupleExpression'].includes(e.type);
}

/** Signedness and width of an integer type name (`uint` is 256 bits), or undefined for other types. */
export function intType(t: TypeName | null | undefined): { signed: boolean; bits: number } | undefined {
  if (!t || t.type !== 'ElementaryTypeName') return undefined;
  const m = /^(u?)int(\d*)$/.exec(t.name);
  if (!m) return undefined;
  return { signed: m[1] !== 'u', bits: m[2] ? Number(m[2]) : 256 };
}

/** True for `string`, `bytes` and dynamically sized arrays. */
export function isDynamic(t: TypeName | null | undefined): boolean {
  if (!t) return false;
  if (t.type === 'ElementaryTypeName') return t.name === 'string' || t.name === 'bytes';
  if (t.type === 'ArrayTypeName') return t.length === null;
  return false;
}

export interface Write {
  /** The node that writes: an assignment, `++`/`--`, `delete`, `.push()` or `.pop()`. */
  node: ASTNode;
  /** The expression written to. */
  target: ASTNode;
  /** The name the target is rooted at, if it is rooted at an identifier. */
  name?: string;
}

const MUTATING_UNARY = new Set(['++', '--', 'delete']);
/** Member functions that change the array they are called on. */
const MUTATING_MEMBERS = new Set(['push', 'pop']);

function targetsOf(lhs: ASTNode): ASTNode[] {
  if (lhs.type === 'TupleExpression') return lhs.components.filter((c): c is ASTNode => !!c).flatMap((c) => targetsOf(c));
  return [lhs];
}

/** Every write inside `node`: assignments (including tuple targets), `++`, `--`, `delete`, `.push()` and `.pop()`. */
export function writesIn(node: ASTNode | null | undefined): Write[] {
  const out: Write[] = [];
  const write = (n: ASTNode, target: ASTNode) => out.push({ node: n, target, name: baseIdentifier(target)?.name });
  for (const n of subtree(node)) {
    if (isAssignment(n)) for (const t of targetsOf((n as N<'BinaryOperation'>).left)) write(n, t);
    else if (n.type === 'UnaryOperation' && MUTATING_UNARY.has(n.operator)) write(n, n.subExpression);
    else if (n.type === 'FunctionCall' && n.expression.type === 'MemberAccess' && MUTATING_MEMBERS.has(n.expression.memberName)) write(n, n.expression.expression);
  }
  return out;
}

/** True when `node` is the target (or inside the target path) of a write, so it is not a plain read. */
export function isWriteTarget(index: AstIndex, node: ASTNode): boolean {
  let child: ASTNode = node;
  for (let p = index.parent(node); p; child = p, p = index.parent(p)) {
    // Tuples are stepped through below, so a target inside `(a, b) = …` arrives as the whole left side.
    if (p.type === 'BinaryOperation' && isAssignment(p)) return p.left === child;
    if (p.type === 'UnaryOperation' && MUTATING_UNARY.has(p.operator)) return true;
    if ((p.type === 'IndexAccess' && p.base === child) || p.type === 'MemberAccess' || p.type === 'TupleExpression') continue;
    return false;
  }
  return false;
}

/** True when a word of that name appears inside any inline assembly of the subtree (Yul identifiers are plain text). */
export function usedInAssembly(ctx: FactContext, root: ASTNode | null | undefined, name: string): boolean {
  const re = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`);
  return subtree(root).some((n) => n.type === 'InlineAssemblyStatement' && re.test(ctx.text(n)));
}
