import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type RuleContext } from '../framework';
import { subtree } from '../../facts/ast-index';
import { baseIdentifier, usedInAssembly, writesIn } from '../../facts/ast-util';
import { hasOpaqueCall, stateVariableAt } from '../../facts/declarations';
import { freshName, indentAt } from '../../facts/text';

type Loop = Extract<ASTNode, { type: 'ForStatement' | 'WhileStatement' | 'DoWhileStatement' }>;

/** `xs.length` or `s.items.length` where the array lives in storage; returns the state variable's name. */
function storageLength(ctx: RuleContext, node: ASTNode): string | undefined {
  if (node.type !== 'MemberAccess' || node.memberName !== 'length') return undefined;
  // Only plain member chains: an index inside (`xs[k].length`) may depend on the loop.
  for (let e: ASTNode = node.expression; ; e = (e as { expression: ASTNode }).expression) {
    if (e.type === 'Identifier') break;
    if (e.type !== 'MemberAccess') return undefined;
  }
  const root = baseIdentifier(node.expression);
  const sv = root && stateVariableAt(ctx, root);
  if (!root || !sv || sv.isDeclaredConst || sv.isImmutable) return undefined;
  const t = sv.typeName;
  // A fixed-size array's length is a compile-time constant; nothing to cache.
  if (node.expression.type === 'Identifier' && t && t.type === 'ArrayTypeName' && t.length) return undefined;
  if (node.expression.type === 'Identifier' && t && t.type !== 'ArrayTypeName' && !(t.type === 'ElementaryTypeName' && t.name === 'bytes')) return undefined;
  return root.name;
}

export default defineRule({
  meta: {
    id: 'cache-array-length',
    title: 'Storage array length read on every iteration',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A loop condition reads the length of a storage array, which costs an SLOAD on every iteration; read it once before the loop.',
    messages: { 'length-in-loop': 'A storage array length read on every iteration of a loop' },
    fix: 'safe',
    aliases: { slither: ['cache-array-length'], aderyn: ['storage-array-length-not-cached'], solhint: ['gas-length-in-loops'], '4naly3er': ['GAS/cacheArrayLength'] },
  },
  create(ctx) {
    const check = (loop: Loop) => {
      const cond = loop.type === 'ForStatement' ? loop.conditionExpression : loop.condition;
      if (!cond) return;
      const lengths = subtree(cond).filter((n) => storageLength(ctx, n) !== undefined);
      if (lengths.length === 0) return;
      const first = lengths[0] as Extract<ASTNode, { type: 'MemberAccess' }>;
      const arrayText = ctx.text(first.expression);
      const name = storageLength(ctx, first)!;
      // If the loop can change the array, the cached length would go stale.
      const body = [loop.body, loop.type === 'ForStatement' ? loop.loopExpression?.expression : undefined];
      const changed = body.some((b) => writesIn(b as ASTNode).some((w) => w.name === name));
      if (changed) return;
      const sameArray = lengths.filter((n) => ctx.text((n as Extract<ASTNode, { type: 'MemberAccess' }>).expression) === arrayText);
      // A call may reach code that pushes to or pops from the array, and assembly may write anything.
      const opaque = body.some((b) => hasOpaqueCall(ctx, b as ASTNode)) || hasOpaqueCall(ctx, cond) || usedInAssembly(ctx, loop.body, name);
      const [loopStart] = ctx.offsets(loop);
      const indent = indentAt(ctx.source, loopStart);
      const local = freshName(ctx, `${name.replace(/^_+/, '')}Length`);
      const edits = [ctx.edit.insertAt(loopStart, `uint256 ${local} = ${arrayText}.length;\n${indent}`), ...sameArray.map((n) => ctx.edit.replace(n, local))];
      const fixes = ctx.parent(loop)?.type === 'Block' || ctx.parent(loop)?.type === 'UncheckedStatement'
        ? [{ title: `Read ${arrayText}.length once before the loop`, safety: opaque ? ('unsafe' as const) : ('safe' as const), edits }]
        : [];
      ctx.report({
        node: first,
        message: `${arrayText}.length is read from storage on every iteration; cache it in a local variable before the loop.${opaque ? ' The loop makes calls that could change the array; check that they do not.' : ''}`,
        fixes,
      });
    };
    return { ForStatement: check, WhileStatement: check, DoWhileStatement: check };
  },
});
