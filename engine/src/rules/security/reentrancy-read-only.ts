import { defineRule } from '../framework';
import { reentrancyFact, type ReentrancyHazard } from '../../facts/reentrancy';
import type { FunctionInfo } from '../../facts/program';
import { describeWrites, groupHazards, lineOf } from './reentrancy-util';

export default defineRule({
  meta: {
    id: 'reentrancy-read-only',
    title: 'Read-only reentrancy: a view answers with stale state during a locked call out',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-107',
    description: 'A function locked against reentrancy calls out before it updates state that a public view reads; while the callee runs, the view returns the old values to anyone who asks, such as another protocol pricing this one.',
    messages: { 'stale-view': 'A public view returns stale state while a locked function calls out' },
    fix: 'none',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const { readOnly } = ctx.fact(reentrancyFact);
        const views = new Map<ReentrancyHazard, FunctionInfo[]>(readOnly.map((r) => [r.hazard, r.views]));
        for (const g of groupHazards(ctx, readOnly.map((r) => r.hazard))) {
          const readers = [...new Set(g.hazards.flatMap((h) => views.get(h) ?? []))];
          const names = readers.slice(0, 3).map((v) => `${v.name}()`).join(', ') + (readers.length > 3 ? ` and ${readers.length - 3} more` : '');
          const call = g.indirect ? `the external call on ${lineOf(ctx, g.hazards[0].call.node)}` : 'this external call';
          ctx.report({
            node: g.node,
            range: g.range,
            message: `The lock stops re-entry into state-changing functions, but during ${call} ${names} still ${readers.length > 1 ? 'answer' : 'answers'} with ${describeWrites(ctx, g.hazards)} not yet updated: a contract that reads ${readers.length > 1 ? 'them' : 'it'} from the callback (to price shares or collateral, say) sees stale values. Update state before the call, or make the views revert while the lock is held.`,
          });
        }
      },
    };
  },
});
