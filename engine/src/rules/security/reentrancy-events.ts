import { defineRule } from '../framework';
import { limitedGas, reentrancyFact } from '../../facts/reentrancy';
import { groupHazards, lineOf } from './reentrancy-util';

export default defineRule({
  meta: {
    id: 'reentrancy-events',
    title: 'Reentrancy: event emitted after an external call',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    swc: 'SWC-107',
    description: 'An event is emitted after an external call; a re-entrant callee can make the logs appear out of order.',
    messages: { 'event-after-call': 'An event emitted after an external call' },
    fix: 'none',
    aliases: { slither: ['reentrancy-events', 'reentrancy-benign'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        // Calls followed by state writes are reported by reentrancy-eth / reentrancy-state.
        const all = ctx.fact(reentrancyFact).hazards;
        const withWrites = new Set(all.filter((h) => h.writes.length > 0).map((h) => h.call));
        const hazards = all.filter((h) => h.events.length > 0 && !withWrites.has(h.call) && !limitedGas(h.call));
        for (const g of groupHazards(ctx, hazards)) {
          const line = lineOf(ctx, g.hazards[0].events[0]);
          ctx.report({ node: g.node, range: g.range, message: `An event is emitted (${line}) after ${g.indirect ? `the external call on ${lineOf(ctx, g.hazards[0].call.node)}` : 'this external call'}: a re-entrant callee can emit events in between, so off-chain readers may see them out of order. Emit before the call.` });
        }
      },
    };
  },
});
