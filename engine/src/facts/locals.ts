/**
 * What a function body assigns and reads, by name: which locals it ever
 * assigns after their declaration (`x = …`, `x += …`, `x++`, `(x, y) = …`,
 * `delete x`, assembly `x := …`) and which names it reads. One walk per body,
 * shared by every rule that asks (a walk per declaration made a function of n
 * locals cost n²: 2,000 locals took seconds).
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type NodeOf } from '../rules/framework';
import { forEachChild } from './ast-index';
import { baseIdentifier, isAssignment, unparen } from './ast-util';

export interface NameUsage {
  /** Names assigned somewhere in the body: as a whole (`x = …`, `x++`, `(x, y) = …`) or by assembly (`x := …`). */
  assigned: Set<string>;
  /** Names read somewhere in the body (compound assignments such as `x += 1` read their target). */
  read: Set<string>;
}

const usageCache = defineFact('local-name-usage', () => new Map<ASTNode, NameUsage>());

/** Names a function or modifier body assigns and reads (by name; a shadowing declaration shares its name). */
export function namesUsedIn(ctx: FactContext, body: ASTNode): NameUsage {
  const cache = ctx.fact(usageCache);
  let u = cache.get(body);
  if (!u) cache.set(body, (u = walk(ctx, body)));
  return u;
}

function walk(ctx: FactContext, body: ASTNode): NameUsage {
  const assigned = new Set<string>();
  const read = new Set<string>();
  // An explicit stack: bodies can nest deeply.
  const stack: ASTNode[] = [body];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isAssignment(n) || (n.type === 'UnaryOperation' && (n.operator === '++' || n.operator === '--' || n.operator === 'delete'))) {
      const target = unparen(n.type === 'BinaryOperation' ? n.left : (n as NodeOf<'UnaryOperation'>).subExpression);
      const b = baseIdentifier(target);
      if (b && target.type === 'Identifier') assigned.add(b.name);
      if (target.type === 'TupleExpression') for (const c of target.components) if (c && (c as ASTNode).type === 'Identifier') assigned.add((c as NodeOf<'Identifier'>).name);
      if (n.type === 'BinaryOperation' && n.operator !== '=' && b) read.add(b.name);
      // The value may itself assign (`s += x = f()`): it is walked too.
      if (n.type === 'BinaryOperation') stack.push(n.right);
      // So are the indexes of the target, which read and may assign (`out[k++] = i`).
      for (let t: ASTNode = target; t.type === 'IndexAccess' || t.type === 'MemberAccess' || t.type === 'IndexRangeAccess'; t = unparen(t.type === 'MemberAccess' ? t.expression : t.base)) {
        if (t.type === 'IndexAccess' && t.index) stack.push(t.index);
        if (t.type === 'IndexRangeAccess') for (const e of [t.indexStart, t.indexEnd]) if (e) stack.push(e);
      }
      continue;
    }
    // Assembly assigns a local by name; a name is the whole word before `:=`.
    if (n.type === 'InlineAssemblyStatement') for (const m of ctx.text(n).matchAll(/(\w+)\s*:=/g)) assigned.add(m[1]);
    if (n.type === 'VariableDeclaration') continue;
    if (n.type === 'Identifier') read.add(n.name);
    forEachChild(n, (c) => stack.push(c));
  }
  return { assigned, read };
}
