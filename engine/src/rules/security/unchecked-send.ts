import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'unchecked-send',
    title: 'Unchecked send',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    swc: 'SWC-104',
    description: 'The boolean that .send() returns is ignored, so a failed payment goes unnoticed.',
    messages: {
      'unchecked-send': 'The result of .send() is not checked',
      'dropped-send-result': 'A call to a function that returns the result of a .send() drops it',
    },
    fix: 'unsafe',
    aliases: { slither: ['unchecked-send'], aderyn: ['unchecked-send'], solhint: ['check-send-result'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        for (const fn of ctx.fact(programFact).functions) {
          for (const call of fn.externalCalls) {
            if (call.kind !== 'send' || call.checked) continue;
            const stmt = ctx.parent(call.node);
            const fixes =
              call.discarded && stmt?.type === 'ExpressionStatement'
                ? [{ title: 'Revert when the payment fails', safety: 'unsafe' as const, edits: [ctx.edit.replace(call.node, `require(${ctx.text(call.node)})`)] }]
                : [];
            ctx.report({ node: call.node, messageId: 'unchecked-send', message: 'The result of .send() is not checked: a failed payment (for example to a contract that rejects ETH) is silently ignored.', fixes });
          }
          // A helper (here or in a base in another file) that returns the send's result, called for effect alone.
          for (const ic of fn.internalCalls) {
            if (ctx.parent(ic.node)?.type !== 'ExpressionStatement') continue;
            const returned = ic.target.externalCalls.find((c) => c.kind === 'send' && ic.target.file.index.parent(c.node)?.type === 'ReturnStatement');
            if (!returned) continue;
            ctx.report({ node: ic.node, messageId: 'dropped-send-result', message: `${ic.target.name}() returns the result of a .send(), and this call drops it: a failed payment is silently ignored.` });
          }
        }
      },
    };
  },
});
