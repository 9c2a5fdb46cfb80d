import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { allowsAtLeast } from '../../parse/pragma';
import { defineRule } from '../framework';
import { intType } from '../../facts/ast-util';
import { typeOf } from '../../facts/declarations';
import { wrapped } from '../../facts/text';

/** k when the node is the literal 2**k (written as a number or as `2 ** k`), with k ≥ 1. */
function powerOfTwo(n: ASTNode): number | undefined {
  if (n.type === 'NumberLiteral' && !n.subdenomination) {
    const text = n.number.replace(/_/g, '');
    if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) return undefined;
    const v = BigInt(text);
    if (v < 2n || (v & (v - 1n)) !== 0n) return undefined;
    return v.toString(2).length - 1;
  }
  if (n.type === 'BinaryOperation' && n.operator === '**' && n.left.type === 'NumberLiteral' && n.left.number === '2' && n.right.type === 'NumberLiteral' && /^[0-9]+$/.test(n.right.number)) {
    const k = Number(n.right.number);
    return k >= 1 && k < 256 ? k : undefined;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'shift-mul-div',
    title: 'Multiplication or division by a power of two',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'Dividing an unsigned value by 2**k is `>> k` (SHR, 3 gas, no zero check); multiplying by 2**k is `<< k` but drops the overflow check.',
    messages: { 'power-of-two': 'A multiplication or division by a power of two that a shift does more cheaply' },
    fix: 'unsafe',
    aliases: { '4naly3er': ['GAS/shiftInsteadOfDiv'] },
  },
  create(ctx) {
    const checked = allowsAtLeast(ctx.solc, '0.8.0');
    return {
      BinaryOperation(node) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.left || !node.right) return;
        if (node.operator !== '*' && node.operator !== '/') return;
        let value: ASTNode;
        let k: number | undefined;
        if ((k = powerOfTwo(node.right)) !== undefined) value = node.left;
        else if (node.operator === '*' && (k = powerOfTwo(node.left)) !== undefined) value = node.right;
        else return;
        if (powerOfTwo(value) !== undefined || value.type === 'NumberLiteral') return;
        // Signed division rounds towards zero but an arithmetic shift rounds down, so only unsigned values qualify.
        const t = intType(typeOf(ctx, value));
        if (!t || t.signed) return;
        const shift = node.operator === '*' ? '<<' : '>>';
        const replacement = `(${wrapped(ctx, value)} ${shift} ${k})`;
        // A shift never overflows, so `x * 2` stops reverting on overflow under checked arithmetic.
        const safe = node.operator === '/' || !checked || ctx.index.enclosing(node, 'UncheckedStatement') !== undefined;
        ctx.report({
          node,
          message: `${ctx.text(node)} can be written ${replacement}.${node.operator === '*' && !safe ? ' Unlike the multiplication, the shift does not revert on overflow.' : ''}`,
          fixes: [{ title: `Replace with ${replacement}`, safety: safe ? 'safe' : 'unsafe', edits: [ctx.edit.replace(node, replacement)] }],
        });
      },
    };
  },
});
