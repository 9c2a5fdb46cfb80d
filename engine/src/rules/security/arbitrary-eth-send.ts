import { defineRule } from '../framework';
import { programFact } from '../../facts/program';
import { callerControlled, taintFact } from '../../facts/taint';
import { isMember, unparen } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'arbitrary-eth-send',
    title: 'ETH sent to an address the caller chooses',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-105',
    description: 'A function that checks no caller sends the contract’s ETH to an address taken from its arguments.',
    fix: 'none',
    aliases: { slither: ['arbitrary-send-eth'], aderyn: ['eth-send-unchecked-address'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const taint = ctx.fact(taintFact);
        for (const fn of program.functions) {
          if (!program.openToAnyone(fn)) continue;
          for (const call of fn.externalCalls) {
            if (!call.value || !['call', 'send', 'transfer', 'callcode'].includes(call.kind)) continue;
            // Forwarding exactly the ETH that came with this call spends none of the contract's own.
            if (isMember(unparen(call.value), 'msg', 'value')) continue;
            const v = unparen(call.value);
            if (v.type === 'NumberLiteral' && /^0+$/.test(v.number)) continue;
            const dest = taint.of(fn, call.target);
            if (!callerControlled(dest) || dest.has('sender')) continue;
            ctx.report({ node: call.node, message: `Anyone can call ${fn.name || fn.kind}() and send this contract’s ETH to an address of their choosing; no check restricts the caller or the recipient.` });
          }
        }
      },
    };
  },
});
