import { defineRule } from '../framework';
import { limitedGas, reentrancyFact } from '../../facts/reentrancy';
import { describeCall, describeWrites, entries, groupHazards, plural, reaches } from './reentrancy-util';

export default defineRule({
  meta: {
    id: 'reentrancy-state',
    title: 'Reentrancy: state written after an external call',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-107',
    description: 'State is written after an external call that sends no ETH; the callee can re-enter while the state is stale.',
    messages: { 'state-after-call': 'State written after an external call that sends no ETH' },
    fix: 'none',
    aliases: { slither: ['reentrancy-no-eth', 'reentrancy-balance'], aderyn: ['reentrancy-state-change'], solhint: ['reentrancy'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const hazards = ctx.fact(reentrancyFact).hazards.filter((h) => !h.sendsEth && h.writes.length > 0 && !limitedGas(h.call));
        for (const g of groupHazards(ctx, hazards)) {
          const what = g.indirect ? `${entries(g)} ${reaches(g)} ${describeCall(ctx, g)}` : 'This external call runs code of another contract';
          ctx.report({
            node: g.node,
            range: g.range,
            message: `${what} before ${describeWrites(ctx, g.hazards)} ${plural(g) ? 'are' : 'is'} updated: the callee can call back into this contract while the state is stale. Update state before the call or add a reentrancy guard.`,
          });
        }
      },
    };
  },
});
