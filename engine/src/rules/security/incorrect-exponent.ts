import { defineRule, type NodeOf } from '../framework';
import { unparen } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'incorrect-exponent',
    title: 'Caret used as exponentiation',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: '`^` is bitwise XOR in Solidity; `10 ^ 18` is 24, not a power of ten.',
    messages: { 'xor-as-power': 'A caret (bitwise XOR) used where exponentiation seems meant' },
    fix: 'unsafe',
    scope: 'member',
    aliases: { slither: ['incorrect-exp'], aderyn: ['incorrect-caret-operator'] },
  },
  create(ctx) {
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        if (node.operator !== '^') return;
        // `^` binds looser than arithmetic: `1e6 * 10 ^ 18` is `(1e6 * 10) ^ 18`,
        // so the base the author meant is the rightmost operand on the left.
        let left = unparen(node.left);
        while (left.type === 'BinaryOperation' && ['*', '/', '%', '+', '-', '<<', '>>', '&'].includes(left.operator)) left = unparen(left.right);
        // A decimal base such as 2 or 10 reads as a power; hex literals and
        // variables on the left are masks and hashes, where XOR is meant (for
        // example `(3 * d) ^ 2` seeds Newton's iteration in mulDiv).
        if (left.type !== 'NumberLiteral' || /^0x/i.test(left.number) || left.subdenomination) return;
        const base = Number(left.number.replace(/_/g, ''));
        if (!Number.isFinite(base) || base < 2) return;
        const [start] = ctx.offsets(node);
        const op = ctx.source.indexOf('^', ctx.offsets(node.left)[1]) - start;
        ctx.report({
          node,
          message: `${ctx.text(node)} is a bitwise XOR, not ${ctx.text(left)} to the power ${ctx.text(node.right)}. Use ** for exponentiation.`,
          fixes: op >= 0 ? [{ title: 'Use ** (exponentiation)', safety: 'unsafe', edits: [ctx.edit.replaceOffsets(start + op, start + op + 1, '**')] }] : [],
        });
      },
    };
  },
});
