import { defineRule } from '../framework';
import { programFact } from '../../facts/program';
import { taintFact } from '../../facts/taint';
import { isIdent, isSender, unparen } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'arbitrary-transferfrom',
    title: 'transferFrom with an arbitrary from',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'Tokens are pulled from an address the caller chooses, so anyone can spend the allowances others gave this contract.',
    fix: 'none',
    aliases: { slither: ['arbitrary-send-erc20', 'arbitrary-send-erc20-permit'], aderyn: ['arbitrary-transfer-from'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const taint = ctx.fact(taintFact);
        // Sinks in helpers of other files count where this file reaches them.
        for (const fn of program.inScope) {
          if (!program.openToAnyone(fn)) continue;
          for (const call of fn.externalCalls) {
            if (call.kind !== 'high-level') continue;
            let from;
            if ((call.member === 'transferFrom' || call.member === 'safeTransferFrom') && call.node.arguments.length === 3) from = call.node.arguments[0];
            else if (call.member === 'safeTransferFrom' && call.node.arguments.length === 4 && isIdent(unparen(call.target), 'SafeERC20')) from = call.node.arguments[1];
            if (!from) continue;
            const f = unparen(from);
            if (isSender(f)) continue;
            if (f.type === 'FunctionCall' && f.arguments.length === 1 && isIdent(unparen(f.arguments[0]), 'this')) continue;
            const t = taint.of(fn, from);
            if (!t.has('param') || t.has('sender')) continue;
            const at = program.siteIn(fn, call.node);
            if (!at) continue;
            ctx.report({ node: at, message: `\`${ctx.text(from)}\` comes from the caller: anyone can move tokens from any account that approved this contract. Pull only from msg.sender.` });
          }
        }
      },
    };
  },
});
