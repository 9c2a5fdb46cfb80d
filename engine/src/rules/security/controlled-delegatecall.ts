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
    messages: {
      'controlled-target': 'The target of a delegatecall or callcode comes from the caller',
      'allowlisted-target': 'The caller picks the delegatecall target among addresses a role admitted',
    },
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
            // Judged at the call: a delegatecall made per element of a collection whose every
            // element was first checked against the caller is not open to anyone.
            if (!program.openToAnyone(fn, call.node)) continue;
            // Simulate-then-revert: every path of the function reverts, so whatever the
            // delegated code does (writes, payments, selfdestruct) is undone with it.
            if (program.alwaysReverts(fn)) continue;
            const sources = taint.of(fn, call.target);
            if (!callerControlled(sources)) continue;
            const how = sources.has('user-state') ? 'a state variable that any caller can set' : 'the caller’s input';
            const at = program.siteIn(fn, call.node);
            if (!at) continue;
            // The caller only picks among addresses a role admitted (a module or integration list
            // only a role writes): what code can run is the role's decision, a trust to document.
            if (program.allowlisted(fn, call.target)) {
              ctx.report({
                node: at,
                messageId: 'allowlisted-target',
                severity: 'low',
                message: `The ${call.kind} target comes from the caller, but only among addresses that a table maintained by a role admits: whoever holds that role decides what code can run in this contract's context. Document that power, and keep the list to audited code.`,
              });
              continue;
            }
            ctx.report({ node: at, messageId: 'controlled-target', message: `The ${call.kind} target comes from ${how}: an attacker can run arbitrary code in this contract’s context (take ownership, drain funds, selfdestruct).` });
          }
        }
      },
    };
  },
});
