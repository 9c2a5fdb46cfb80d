/**
 * Small, pure helpers over @solidity-parser/parser nodes, shared by the facts
 * and the rules that read them.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { forEachChild } from './ast-index';

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

/** True for an identifier of the given name. */
export function isIdent(node: ASTNode | null | undefined, name?: string): boolean {
  return !!node && node.type === 'Identifier' && (name === undefined || node.name === name);
}

/** Strips parentheses (one-element tuples), which the parser keeps as `TupleExpression`. */
export function unparen(node: ASTNode): ASTNode {
  let n = node;
  while (n.type === 'TupleExpression' && !n.isArray && n.components.length === 1 && n.components[0]) n = n.components[0] as ASTNode;
  return n;
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
