import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'delegatecall-in-loop',
    title: 'delegatecall in a loop of a payable function',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'Each delegatecall in the loop sees the same msg.value, so ETH paid once is counted once per iteration.',
    messages: { 'payable-loop-delegatecall': 'A delegatecall inside a loop reachable from a payable function' },
    fix: 'none',
    aliases: { slither: ['delegatecall-loop'], aderyn: ['delegatecall-in-loop'], '4naly3er': ['H/delegateCallInLoop'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          for (const call of fn.externalCalls) {
            if (call.kind !== 'delegatecall' || !call.inLoop) continue;
            const payable = fn.payable || program.entriesReaching(fn).some((e) => e.payable);
            if (!payable) continue;
            ctx.report({ node: call.node, message: 'delegatecall inside a loop reachable from a payable function: every iteration runs with the same msg.value, so a single payment can be credited many times.' });
          }
        }
      },
    };
  },
});
