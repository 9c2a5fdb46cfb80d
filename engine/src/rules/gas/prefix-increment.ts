import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { allowsBelow } from '../../parse/pragma';
import { defineRule } from '../framework';
import { isAtomic } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'prefix-increment',
    title: 'Postfix increment or `+= 1` where `++i` does',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: '`i++` keeps a copy of the old value and `i += 1` reads and writes through a general path; when the value is unused, `++i` is the cheapest form.',
    messages: {
      'postfix': 'A postfix ++ or -- whose old value is not used',
      'add-one': 'A += 1 or -= 1 that ++ or -- does more cheaply',
    },
    fix: 'safe',
    scope: 'member',
    aliases: { solhint: ['gas-increment-by-one'], '4naly3er': ['GAS/postIncrement'] },
  },
  create(ctx) {
    // Since 0.8.22 the compiler emits the same code for `i++` and `++i` as a
    // for-loop counter, so loop headers are only worth flagging when older
    // compilers are allowed.
    const loopHeadersMatter = allowsBelow(ctx.solc, '0.8.22');

    /** The increment is a statement of its own (or a for-loop's step), so its value is unused. */
    const valueUnused = (node: ASTNode): 'statement' | 'loop' | undefined => {
      const p = ctx.parent(node);
      if (!p) return undefined;
      if (p.type === 'ExpressionStatement') {
        const gp = ctx.parent(p);
        return gp && gp.type === 'ForStatement' && gp.loopExpression === p ? 'loop' : 'statement';
      }
      return undefined;
    };

    return {
      UnaryOperation(node) {
        if (node.isPrefix || (node.operator !== '++' && node.operator !== '--')) return;
        const where = valueUnused(node);
        if (!where || (where === 'loop' && !loopHeadersMatter)) return;
        const target = ctx.text(node.subExpression);
        ctx.report({
          node,
          messageId: 'postfix',
          message: `${target}${node.operator} keeps the old value for nothing; ${node.operator}${target} is cheaper.`,
          fixes: [{ title: `Use ${node.operator}${target}`, safety: 'safe', edits: [ctx.edit.replace(node, `${node.operator}${target}`)] }],
        });
      },
      BinaryOperation(node) {
        if (node.operator !== '+=' && node.operator !== '-=') return;
        if (node.right.type !== 'NumberLiteral' || node.right.number !== '1' || node.right.subdenomination) return;
        const where = valueUnused(node);
        if (!where || (where === 'loop' && !loopHeadersMatter)) return;
        if (!isAtomic(node.left)) return;
        const op = node.operator === '+=' ? '++' : '--';
        const target = ctx.text(node.left);
        ctx.report({
          node,
          messageId: 'add-one',
          message: `${ctx.text(node)} can be written ${op}${target}, which is cheaper.`,
          fixes: [{ title: `Use ${op}${target}`, safety: 'safe', edits: [ctx.edit.replace(node, `${op}${target}`)] }],
        });
      },
    };
  },
});
