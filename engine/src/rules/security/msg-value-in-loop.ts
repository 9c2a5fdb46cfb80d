import { defineRule, type NodeOf } from '../framework';
import { isLoop, isMember } from '../../facts/ast-util';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'msg-value-in-loop',
    title: 'msg.value read inside a loop',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'msg.value is the same on every iteration, so using it per item credits one payment many times.',
    messages: { 'value-in-loop': 'msg.value read inside a loop' },
    fix: 'none',
    aliases: { slither: ['msg-value-loop'], aderyn: ['msg-value-in-loop'], '4naly3er': ['H/msg.valueInLoop'] },
  },
  create(ctx) {
    return {
      MemberAccess(node: NodeOf<'MemberAccess'>) {
        if (!isMember(node, 'msg', 'value')) return;
        for (const a of ctx.index.ancestors(node)) {
          if (a.type === 'FunctionDefinition' || a.type === 'ModifierDefinition') return;
          if (isLoop(a)) {
            // msg.value is zero unless a payable entry point runs this code (a non-payable one
            // rejects any payment, even when delegatecalled by a payable batch): read in a function
            // only non-payable entry points reach, it credits nothing. With no entry point known
            // (an abstract base nothing derives from yet) the read is still reported.
            const program = ctx.fact(programFact);
            const fn = program.functionOf(node);
            const entries = fn ? program.entriesReaching(fn) : [];
            if (fn && !fn.payable && entries.length > 0 && !entries.some((e) => e.payable)) return;
            ctx.report({ node, message: 'msg.value is read inside a loop: it is the same amount on every iteration, so a single payment may be counted once per item. Track the remaining value in a local variable instead.' });
            return;
          }
        }
      },
    };
  },
});
