import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';

function isMember(node: ASTNode | null | undefined, object: string, member: string): boolean {
  return !!node && node.type === 'MemberAccess' && node.memberName === member && node.expression.type === 'Identifier' && node.expression.name === object;
}

export default defineRule({
  meta: {
    id: 'tx-origin-auth',
    title: 'Authorization through tx.origin',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    swc: 'SWC-115',
    description: 'A comparison with tx.origin decides who may act; any contract the owner calls can act as the owner.',
    messages: { 'tx-origin-compare': 'tx.origin compared with an address to authorise the caller' },
    fix: 'unsafe',
    aliases: { slither: ['tx-origin'], aderyn: ['tx-origin-used-for-auth'], solhint: ['avoid-tx-origin'] },
  },
  create(ctx) {
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        if (node.operator !== '==' && node.operator !== '!=') return;
        const origin = isMember(node.left, 'tx', 'origin') ? node.left : isMember(node.right, 'tx', 'origin') ? node.right : undefined;
        if (!origin) return;
        const other = origin === node.left ? node.right : node.left;
        // `tx.origin == msg.sender` asks whether the caller is an externally owned
        // account; it authorizes nobody, so it is the safe idiom and not a finding.
        if (isMember(other, 'msg', 'sender')) return;
        ctx.report({
          node,
          message: 'Authorization uses tx.origin: a contract the owner interacts with can pass this check. Compare msg.sender instead.',
          fixes: [{ title: 'Compare msg.sender instead of tx.origin', safety: 'unsafe', edits: [ctx.edit.replace(origin, 'msg.sender')] }],
        });
      },
    };
  },
});
