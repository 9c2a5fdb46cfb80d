import { defineRule } from '../framework';
import { programFact } from '../../facts/program';
import { callerControlled, taintFact } from '../../facts/taint';

export default defineRule({
  meta: {
    id: 'controlled-delegatecall',
    title: 'delegatecall to a caller-controlled address',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-112',
    description: 'The target of a delegatecall comes from the caller, who can then run any code with this contract’s storage and balance.',
    messages: { 'controlled-target': 'The target of a delegatecall or callcode comes from the caller' },
    fix: 'none',
    aliases: { slither: ['controlled-delegatecall'], aderyn: ['delegate-call-unchecked-address'], solhint: ['avoid-low-level-calls'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const taint = ctx.fact(taintFact);
        // Sinks in helpers of other files count where this file reaches them.
        for (const fn of program.inScope) {
          for (const call of fn.externalCalls) {
            if (call.kind !== 'delegatecall' && call.kind !== 'callcode') continue;
            if (!program.openToAnyone(fn)) continue;
            const sources = taint.of(fn, call.target);
            if (!callerControlled(sources)) continue;
            const how = sources.has('user-state') ? 'a state variable that any caller can set' : 'the caller’s input';
            const at = program.siteIn(fn, call.node);
            if (!at) continue;
            ctx.report({ node: at, message: `The ${call.kind} target comes from ${how}: an attacker can run arbitrary code in this contract’s context (take ownership, drain funds, selfdestruct).` });
          }
        }
      },
    };
  },
});
