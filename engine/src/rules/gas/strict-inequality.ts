import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { intType } from '../../facts/ast-util';
import { typeOf } from '../../facts/declarations';

function literalValue(n: ASTNode): bigint | undefined {
  if (n.type !== 'NumberLiteral' || n.subdenomination) return undefined;
  const text = n.number.replace(/_/g, '');
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) return undefined;
  return BigInt(text);
}

export default defineRule({
  meta: {
    id: 'strict-inequality',
    title: 'Non-strict comparison with a constant',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'The EVM has only strict comparisons, so `x >= 5` costs an extra ISZERO; against an integer literal it can be written `x > 4`.',
    messages: { 'non-strict-compare': 'A non-strict comparison with a constant that a strict one expresses more cheaply' },
    fix: 'safe',
    aliases: { solhint: ['gas-strict-inequalities'] },
  },
  create(ctx) {
    return {
      BinaryOperation(node) {
        if (node.operator !== '>=' && node.operator !== '<=') return;
        // Normalise to `subject OP literal`.
        let subject: ASTNode;
        let op: string;
        let lit: bigint | undefined;
        if ((lit = literalValue(node.right)) !== undefined) {
          subject = node.left;
          op = node.operator;
        } else if ((lit = literalValue(node.left)) !== undefined) {
          subject = node.right;
          op = node.operator === '>=' ? '<=' : '>=';
        } else return;
        if (literalValue(subject) !== undefined) return;
        const t = intType(typeOf(ctx, subject));
        const bits = t?.bits;
        const signed = t ? t.signed : true;
        // The new literal must still fit the operand's type; when the type is
        // unknown, stay within what every integer type holds.
        const max = bits === undefined ? 127n : signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
        let newOp: string;
        let newLit: bigint;
        if (op === '>=') {
          // x >= 0 on an unsigned value is always true; that is not a gas question.
          if (lit === 0n) return;
          newOp = '>';
          newLit = lit - 1n;
        } else {
          newOp = '<';
          newLit = lit + 1n;
          if (newLit > max) return;
        }
        // Keep the literal's notation: a hex bound stays hex.
        const litNode = subject === node.left ? node.right : node.left;
        const hex = litNode.type === 'NumberLiteral' && /^0x/i.test(litNode.number);
        const replacement = `${ctx.text(subject)} ${newOp} ${hex ? `0x${newLit.toString(16)}` : newLit.toString()}`;
        ctx.report({
          node,
          message: `${ctx.text(node)} can be written ${replacement}: the EVM compares strictly, so the non-strict form costs an extra ISZERO.`,
          fixes: [{ title: `Replace with ${replacement}`, safety: 'safe', edits: [ctx.edit.replace(node, replacement)] }],
        });
      },
    };
  },
});
