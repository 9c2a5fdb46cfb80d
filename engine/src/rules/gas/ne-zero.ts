import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type RuleContext } from '../framework';
import { intType } from '../../facts/ast-util';
import { typeOf } from '../../facts/declarations';

/**
 * True when the comparison is the whole condition of an if or a loop.
 * Measured with solc 0.7.6 and 0.8.37 (optimizer on and off): there `!= 0`
 * costs the same or 3 gas less; as a value (returned, stored), inside `&&`,
 * `||` or a ternary, or in a require, it can cost 3 to 6 gas more.
 */
function decidesBranch(ctx: RuleContext, node: ASTNode): boolean {
  const p = ctx.parent(node);
  if (!p) return false;
  if (p.type === 'IfStatement' || p.type === 'WhileStatement' || p.type === 'DoWhileStatement') return p.condition === node;
  if (p.type === 'ForStatement') return p.conditionExpression === node;
  return false;
}

export default defineRule({
  meta: {
    id: 'ne-zero',
    title: '`> 0` on an unsigned integer',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'For an unsigned integer, `x > 0` is the same test as `x != 0`, which compiles to fewer opcodes where it decides a branch.',
    messages: { 'unsigned-greater-than-zero': 'An unsigned integer compared with > 0 (or an equivalent) where != 0 is cheaper' },
    fix: 'safe',
    aliases: { '4naly3er': ['GAS/unsignedComparison'] },
  },
  create(ctx) {
    const isZero = (n: { type: string; number?: string; subdenomination?: string | null }) => n.type === 'NumberLiteral' && /^0+$|^0x0+$/.test(n.number ?? '') && !n.subdenomination;
    return {
      BinaryOperation(node) {
        let subject;
        if (node.operator === '>' && isZero(node.right)) subject = node.left;
        else if (node.operator === '<' && isZero(node.left)) subject = node.right;
        else return;
        if (!decidesBranch(ctx, node)) return;
        // Only when the operand is known to be unsigned: for a signed value `> 0` excludes negatives.
        const t = intType(typeOf(ctx, subject));
        if (!t || t.signed) return;
        const replacement = `${ctx.text(subject)} != 0`;
        ctx.report({
          node,
          message: `${ctx.text(subject)} is unsigned, so ${ctx.text(node)} is ${replacement}, which is cheaper.`,
          fixes: [{ title: `Replace with ${replacement}`, safety: 'safe', edits: [ctx.edit.replace(node, replacement)] }],
        });
      },
    };
  },
});
