import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { requireCondition } from '../../facts/ast-util';
import { programFact } from '../../facts/program';

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
    /**
     * The comparison, when it holds, can only make the function revert: it sits (through
     * `&&`, `||`, `!` and parentheses) in the condition of an `if` whose body aborts, or in a
     * require, with the polarity that makes equality fail the check.
     */
    const onlyRejects = (cmp: NodeOf<'BinaryOperation'>): boolean => {
      let negated = cmp.operator === '!=';
      let child: ASTNode = cmp;
      let p = ctx.parent(cmp);
      while (p) {
        if (p.type === 'TupleExpression' && p.components.length === 1) {
          /* parentheses */
        } else if (p.type === 'UnaryOperation' && p.operator === '!') negated = !negated;
        else if (p.type === 'BinaryOperation' && (p.operator === '&&' || p.operator === '||')) {
          /* a conjunction or disjunction keeps the direction */
        } else break;
        child = p;
        p = ctx.parent(p);
      }
      if (!p) return false;
      // `negated` is now true when the condition holds for an origin *unequal* to the address.
      if (p.type === 'IfStatement' && p.condition === child) return !negated && reverts(p.trueBody as ASTNode) && !p.falseBody;
      if (requireCondition(p) === child) return negated;
      return false;
    };
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        if (node.operator !== '==' && node.operator !== '!=') return;
        const origin = isMember(node.left, 'tx', 'origin') ? node.left : isMember(node.right, 'tx', 'origin') ? node.right : undefined;
        if (!origin) return;
        const other = origin === node.left ? node.right : node.left;
        // `tx.origin == msg.sender` asks whether the caller is an externally owned
        // account; it authorizes nobody, so it is the safe idiom and not a finding.
        if (isMember(other, 'msg', 'sender')) return;
        // So does comparing it with the caller however the code names it (`_msgSender()`, a
        // local copy of it): `require(_msgSender() == tx.origin, "EOA only")`.
        const program = ctx.fact(programFact);
        const fn = program.functionOf(node);
        if (fn && program.isCaller(fn, other)) return;
        // Only turning away one origin (`if (tx.origin == ESTIMATOR) revert …`) authorises nobody:
        // a contract acting for a user can gain nothing by passing it.
        if (onlyRejects(node)) return;
        ctx.report({
          node,
          message: 'Authorization uses tx.origin: a contract the owner interacts with can pass this check. Compare msg.sender instead.',
          fixes: [{ title: 'Compare msg.sender instead of tx.origin', safety: 'unsafe', edits: [ctx.edit.replace(origin, 'msg.sender')] }],
        });
      },
    };
  },
});

/** A statement that ends in a revert (a `return` hands back a result: it may grant). */
function reverts(stmt: ASTNode | null | undefined): boolean {
  if (!stmt) return false;
  if (stmt.type === 'RevertStatement' || stmt.type === 'ThrowStatement') return true;
  if (stmt.type === 'ExpressionStatement' && stmt.expression?.type === 'FunctionCall') {
    const e = stmt.expression.expression;
    return e.type === 'Identifier' && e.name === 'revert';
  }
  if (stmt.type === 'Block') return stmt.statements.length > 0 && reverts(stmt.statements[stmt.statements.length - 1] as ASTNode);
  return false;
}
