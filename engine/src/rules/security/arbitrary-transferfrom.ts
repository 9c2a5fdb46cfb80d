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
    messages: { 'caller-chosen-from': 'transferFrom pulls tokens from an account the caller chooses' },
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
            // A library helper called with the token first: `Lib.safeTransferFrom(token, from, to, amount)`.
            else if (call.member === 'safeTransferFrom' && call.node.arguments.length === 4 && unparen(call.target).type === 'Identifier' && program.byName.get((unparen(call.target) as { name: string }).name)?.kind === 'library') from = call.node.arguments[1];
            if (!from) continue;
            // Judged at the call too: a pull made per element of a collection whose every element was checked against the caller first.
            if (!program.openToAnyone(fn, call.node)) continue;
            const f = unparen(from);
            if (isSender(f)) continue;
            if (f.type === 'FunctionCall' && f.arguments.length === 1 && isIdent(unparen(f.arguments[0]), 'this')) continue;
            const t = taint.of(fn, from);
            if (!t.has('param')) continue;
            const message = `\`${ctx.text(from)}\` comes from the caller: anyone can move tokens from any account that approved this contract. Pull only from msg.sender.`;
            if (!t.has('sender')) {
              const at = program.siteIn(fn, call.node);
              if (at) ctx.report({ node: at, message });
              continue;
            }
            // A helper's parameter that some callers fill with msg.sender and others with their own
            // argument: judge each call site by what it passes (`_pull(token, payer, x)` vs `_pull(token, msg.sender, x)`).
            const i = f.type === 'Identifier' && !fn.isEntry ? (fn.node.parameters ?? []).findIndex((p) => (p as { name?: string | null }).name === f.name) : -1;
            if (i < 0) continue;
            for (const c of program.inScope) {
              for (const ic of c.internalCalls) {
                if (ic.target !== fn || !program.openToAnyone(c)) continue;
                const arg = ic.node.arguments[i];
                if (!arg) continue;
                const s = taint.of(c, arg);
                if (!s.has('param') || s.has('sender')) continue;
                const at = program.siteIn(c, ic.node);
                if (at) ctx.report({ node: at, message: `\`${ctx.text(arg)}\` comes from the caller and ${fn.name}() pulls tokens from it: anyone can move tokens from any account that approved this contract. Pull only from msg.sender.` });
              }
            }
          }
        }
      },
    };
  },
});
