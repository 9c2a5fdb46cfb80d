import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { subtree } from '../../facts/ast-index';
import { stateVariableAt } from '../../facts/declarations';
import { wrapped } from '../../facts/text';

const COMPOUND = new Set(['+', '-', '*', '/', '%', '|', '&', '^', '<<', '>>']);

/** An lvalue without side effects, so evaluating it twice is the same as once. */
function pure(e: ASTNode): boolean {
  return subtree(e).every((n) => ['Identifier', 'IndexAccess', 'MemberAccess', 'NumberLiteral', 'BooleanLiteral', 'StringLiteral', 'HexLiteral'].includes(n.type));
}

export default defineRule({
  meta: {
    id: 'compound-assign',
    title: 'Compound assignment in the costlier form',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'Measured: `arr[i] = arr[i] + y` on a storage array repeats the bounds check and slot computation that `arr[i] += y` does once, while `x += y` on a plain state variable costs more than `x = x + y`.',
    messages: {
      'indexed-twice': 'An array element assigned from itself (a[i] = a[i] + x), which computes the slot and checks the bounds twice',
      'costlier-compound': 'A compound assignment to a state variable that measures costlier than x = x op y',
    },
    fix: 'safe',
    aliases: { '4naly3er': ['GAS/assignUpdateArray', 'GAS/addPlusEqual'] },
  },
  create(ctx) {
    const storageRoot = (e: ASTNode): boolean => {
      let r: ASTNode = e;
      while (r.type === 'IndexAccess' || r.type === 'MemberAccess') r = r.type === 'IndexAccess' ? r.base : r.expression;
      return r.type === 'Identifier' && stateVariableAt(ctx, r) !== undefined;
    };
    const isStorageArrayElement = (e: ASTNode): boolean => {
      if (e.type !== 'IndexAccess' || !storageRoot(e)) return false;
      // Only arrays have the bounds check that the long form repeats; mappings measure about even.
      const base = e.base;
      if (base.type !== 'Identifier') return false;
      const sv = stateVariableAt(ctx, base);
      return !!sv && sv.typeName?.type === 'ArrayTypeName';
    };
    return {
      BinaryOperation(node) {
        if (node.operator === '=' && node.right.type === 'BinaryOperation' && COMPOUND.has(node.right.operator)) {
          const target = node.left;
          if (!isStorageArrayElement(target) || !pure(target)) return;
          if (ctx.text(node.right.left).replace(/\s+/g, '') !== ctx.text(target).replace(/\s+/g, '')) return;
          const replacement = `${ctx.text(target)} ${node.right.operator}= ${ctx.text(node.right.right)}`;
          ctx.report({
            node,
            messageId: 'indexed-twice',
            message: `${ctx.text(target)} is indexed twice; ${replacement} computes the slot and checks the bounds once.`,
            fixes: [{ title: `Use ${node.right.operator}=`, safety: 'safe', edits: [ctx.edit.replace(node, replacement)] }],
          });
          return;
        }
        if (node.operator.length >= 2 && node.operator.endsWith('=') && COMPOUND.has(node.operator.slice(0, -1))) {
          const target = node.left;
          if (target.type !== 'Identifier') return;
          const sv = stateVariableAt(ctx, target);
          if (!sv || sv.typeName?.type !== 'ElementaryTypeName') return;
          const op = node.operator.slice(0, -1);
          // `x += 1` and `x -= 1` are prefix-increment's: `++x` is cheaper than both long forms.
          if ((op === '+' || op === '-') && node.right.type === 'NumberLiteral' && node.right.number === '1' && !node.right.subdenomination) return;
          const replacement = `${target.name} = ${target.name} ${op} ${wrapped(ctx, node.right)}`;
          ctx.report({
            node,
            messageId: 'costlier-compound',
            message: `${ctx.text(node)} on a state variable measures a little costlier than ${replacement}.`,
            fixes: [{ title: `Write ${replacement}`, safety: 'safe', edits: [ctx.edit.replace(node, replacement)] }],
          });
        }
      },
    };
  },
});
