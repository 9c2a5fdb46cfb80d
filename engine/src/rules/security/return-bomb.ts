import { defineRule, type NodeOf } from '../framework';
import { calleeOf, isIdent, isMember } from '../../facts/ast-util';

const LOW_LEVEL = new Set(['call', 'staticcall', 'delegatecall']);

export default defineRule({
  meta: {
    id: 'return-bomb',
    title: 'Returndata of a gas-limited call is copied unbounded',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    description: 'A low-level call limits the callee\'s gas but copies all of its returndata, so a hostile callee can still spend the caller\'s gas.',
    messages: { 'unbounded-returndata': 'A gas-limited call whose returndata is copied to memory without a bound' },
    fix: 'none',
    scope: 'member',
    aliases: { slither: ['return-bomb'], aderyn: ['return-bomb'], '4naly3er': ['L/unsafeReturnBomb', 'L/extCallRecipientGas'] },
  },
  create(ctx) {
    return {
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const { callee: c, options } = calleeOf(call);
        if (c.type !== 'MemberAccess' || !LOW_LEVEL.has(c.memberName)) return;
        // Capping the callee's gas only makes sense when the caller must keep
        // gas for itself; without a cap, the callee could burn it directly anyway.
        if (!options.gas) return;
        const target = c.expression;
        if (isIdent(target, 'this') || isMember(target, 'msg', 'sender')) return;
        ctx.report({
          node: call,
          message: `The call limits the callee's gas, but Solidity copies all of its returndata to memory: a callee returning megabytes makes this function run out of gas. Copy a bounded amount with assembly.`,
        });
      },
    };
  },
});
