import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';

function isAddressZero(n: ASTNode): boolean {
  return n.type === 'FunctionCall' && ((n.expression.type === 'ElementaryTypeName' && n.expression.name === 'address') || (n.expression.type === 'Identifier' && n.expression.name === 'address')) && n.arguments.length === 1 && n.arguments[0].type === 'NumberLiteral' && /^(0+|0x0+)$/.test(n.arguments[0].number);
}

export default defineRule({
  meta: {
    id: 'asm-tricks',
    title: 'Zero-address check that assembly does more cheaply',
    category: 'gas',
    severity: 'info',
    confidence: 'low',
    description: 'Comparing an address with address(0) in Solidity cleans the upper bits first; `iszero(addr)` in assembly skips that, which only matters without the optimizer.',
    messages: { 'assembly-iszero': 'A zero-address comparison that assembly iszero does for about 2 gas less with the optimizer off' },
    fix: 'none',
    scope: 'member',
    aliases: { '4naly3er': ['GAS/addressZero'] },
  },
  create(ctx) {
    return {
      BinaryOperation(node) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.left || !node.right) return;
        if (node.operator !== '==' && node.operator !== '!=') return;
        const zeroLeft = isAddressZero(node.left);
        if (!zeroLeft && !isAddressZero(node.right)) return;
        const other = zeroLeft ? node.right : node.left;
        // Only plain variables: anything else would need to be evaluated into a local first.
        if (other.type !== 'Identifier') return;
        ctx.report({
          node,
          message: `${ctx.text(node)}: an assembly iszero(${other.name}) saves about 2 gas when the optimizer is off and nothing when it is on; keep the Solidity form unless every gas counts.`,
        });
      },
    };
  },
});
