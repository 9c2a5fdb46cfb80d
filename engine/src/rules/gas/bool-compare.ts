import { defineRule } from '../framework';
import { wrapped } from '../../facts/text';

export default defineRule({
  meta: {
    id: 'bool-compare',
    title: 'Comparison with a boolean literal',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: '`x == true` and `x != false` are just `x`, and `x == false` is `!x`; the comparison costs opcodes for nothing.',
    messages: { 'bool-literal-compare': 'A comparison with true or false that the operand alone expresses' },
    fix: 'safe',
    scope: 'member',
    aliases: { slither: ['boolean-equal'], aderyn: ['boolean-equality'], '4naly3er': ['GAS/boolCompare'] },
  },
  create(ctx) {
    return {
      BinaryOperation(node) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.left || !node.right) return;
        if (node.operator !== '==' && node.operator !== '!=') return;
        const lit = node.right.type === 'BooleanLiteral' ? node.right : node.left.type === 'BooleanLiteral' ? node.left : undefined;
        if (!lit || lit.type !== 'BooleanLiteral') return;
        const other = lit === node.right ? node.left : node.right;
        if (other.type === 'BooleanLiteral') return;
        const positive = (node.operator === '==') === lit.value;
        const replacement = positive ? ctx.text(other) : `!${wrapped(ctx, other)}`;
        ctx.report({
          node,
          message: `Comparing with ${lit.value} is redundant; write ${replacement}.`,
          fixes: [{ title: `Replace with ${replacement}`, safety: 'safe', edits: [ctx.edit.replace(node, replacement)] }],
        });
      },
    };
  },
});
