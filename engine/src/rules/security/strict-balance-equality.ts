import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf, type RuleContext } from '../framework';
import { typeDeclaration, typeOf } from '../../facts/declarations';
import { calleeOf, unparen } from '../../facts/ast-util';

/**
 * An ETH balance (`a.balance` of an address: a struct's field named so is no balance) or a token
 * balance (`token.balanceOf(a)`, the ERC-20 getter).
 */
function isBalance(ctx: RuleContext, n: ASTNode): boolean {
  const e = unparen(n);
  if (e.type === 'MemberAccess' && e.memberName === 'balance') {
    const t = typeOf(ctx, e.expression);
    if (!t) return true;
    if (t.type === 'ElementaryTypeName') return t.name === 'address' || t.name === 'address payable';
    // `this.balance` before 0.5: a contract's balance.
    return t.type === 'UserDefinedTypeName' && typeDeclaration(ctx, t)?.type === 'ContractDefinition';
  }
  if (e.type === 'FunctionCall') {
    const { callee } = calleeOf(e);
    if (callee.type === 'MemberAccess' && callee.memberName === 'balanceOf') return true;
    if (callee.type === 'Identifier' && callee.name === 'balanceOf' && e.arguments.length === 1) return false;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'strict-balance-equality',
    title: 'Strict equality on a balance',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    swc: 'SWC-132',
    description: 'An ETH or token balance is compared with == or !=, but anyone can change it by sending ETH (even via selfdestruct) or tokens.',
    messages: { 'balance-equality': 'A balance compared with == or !=' },
    fix: 'none',
    aliases: { slither: ['incorrect-equality'], aderyn: ['strict-equality-contract-balance'] },
  },
  create(ctx) {
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.left || !node.right) return;
        if (node.operator !== '==' && node.operator !== '!=') return;
        if (!isBalance(ctx, node.left) && !isBalance(ctx, node.right)) return;
        // `token.balanceOf(user) == 0` asks whether an account holds any token at all; only
        // ETH balances (which selfdestruct can force) are judged against zero.
        const other = isBalance(ctx, node.left) ? node.right : node.left;
        const bal = unparen(isBalance(ctx, node.left) ? node.left : node.right);
        // Comparing with a snapshot taken earlier in the same call (`balanceBefore`) asks whether
        // this very transaction moved ETH, which nobody outside can influence mid-call.
        // So does the snapshot moved by the amount this call sent or pulled (`before - amount`):
        // the check asks whether the transfer moved exactly that much (a token taking a fee fails it).
        const o = unparen(other);
        const fn = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
        const isSnapshot = (name: string) =>
          !!fn && ctx.index.descendants(fn).some((d) => d.type === 'VariableDeclarationStatement' && d.initialValue && isBalance(ctx, d.initialValue) && (d.variables as Array<NodeOf<'VariableDeclaration'> | null>).some((v) => v?.name === name));
        const snapshotBased = (e: ASTNode): boolean => {
          const x = unparen(e);
          if (x.type === 'Identifier') return isSnapshot(x.name);
          if (x.type !== 'BinaryOperation') return false;
          return (x.operator === '+' && (snapshotBased(x.left) || snapshotBased(x.right))) || (x.operator === '-' && snapshotBased(x.left));
        };
        if (snapshotBased(o)) return;
        const zero = o.type === 'NumberLiteral' && /^0+$/.test(o.number) && !o.subdenomination;
        if (bal.type === 'FunctionCall' && zero) return;
        // A balance is unsigned: `!= 0` is `> 0`, an ordering check like those the message recommends
        // (ne-zero rewrites one into the other).
        if (node.operator === '!=' && zero) return;
        ctx.report({ node, message: 'A balance is compared with ' + node.operator + ': anyone can send ETH (selfdestruct forces it) or tokens to shift it, making this check fail or pass at will. Use >= / <= or track deposits in a variable.' });
      },
    };
  },
});
