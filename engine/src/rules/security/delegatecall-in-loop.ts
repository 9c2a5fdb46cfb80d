import { defineRule } from '../framework';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';
import { subtree } from '../../facts/ast-index';
import { isMember, isSelfAddress } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'delegatecall-in-loop',
    title: 'delegatecall in a loop of a payable function',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'Each delegatecall in the loop sees the same msg.value, so ETH paid once is counted once per iteration.',
    messages: {
      'payable-loop-delegatecall': 'A delegatecall inside a loop reachable from a payable function',
      'no-value-reader': 'A payable batch delegatecalls this contract, none of whose functions reads msg.value',
    },
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
            // Each iteration runs a function of this contract that reverts on every path: nothing it credits survives.
            const runs = program.selfCallTargets(call);
            if (runs && runs.every((f) => program.alwaysReverts(f))) continue;
            // A batch that delegatecalls this contract's own functions runs only code the model
            // has: when none of it reads msg.value or delegates elsewhere, no payment can be counted twice.
            if (isSelfAddress(call.target) && !valueReaderIn(program, fn)) {
              ctx.report({
                node: call.node,
                messageId: 'no-value-reader',
                severity: 'low',
                message: 'delegatecall to this contract inside a loop reachable from a payable function: every iteration sees the same msg.value. No function of the contract reads msg.value today, so nothing is credited twice; one that does later would be.',
              });
              continue;
            }
            ctx.report({ node: call.node, messageId: 'payable-loop-delegatecall', message: 'delegatecall inside a loop reachable from a payable function: every iteration runs with the same msg.value, so a single payment can be credited many times.' });
          }
        }
      },
    };
  },
});

/**
 * Some function of the contracts `fn` is part of (its bases and the contracts deriving from it),
 * other than `fn`, reads `msg.value` or delegates to code other than this contract's.
 */
function valueReaderIn(program: Program, fn: FunctionInfo): boolean {
  const c = fn.contract;
  const seen = new Set<FunctionInfo>();
  for (const f of program.functions) {
    if (f === fn || (!c.lineage.includes(f.contract) && !f.contract.lineage.includes(c))) continue;
    // What it runs, internal and library helpers included.
    for (const g of program.reachable(f)) {
      if (g === fn || seen.has(g) || !g.node.body) continue;
      seen.add(g);
      if (g.externalCalls.some((x) => x.kind === 'delegatecall' && !isSelfAddress(x.target))) return true;
      if (subtree(g.node.body).some((n) => isMember(n, 'msg', 'value'))) return true;
    }
  }
  return false;
}
