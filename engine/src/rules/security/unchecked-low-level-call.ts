import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf, type RuleContext } from '../framework';
import { programFact, type ExternalCall } from '../../facts/program';
import { allowsBelow } from '../../parse/pragma';
import { indentAt } from '../../facts/text';
import { freshName } from './edit-util';

const LOW_LEVEL = new Set(['call', 'delegatecall', 'staticcall', 'callcode']);

export default defineRule({
  meta: {
    id: 'unchecked-low-level-call',
    title: 'Unchecked low-level call',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    swc: 'SWC-104',
    description: 'The success flag of a low-level call is ignored, so a failed call goes unnoticed and execution continues.',
    messages: {
      'call-never-invoked': 'A .call{…} or .call.value(…) whose final () is missing, so no call is made',
      'unchecked-result': 'The success flag of a low-level call is not checked',
    },
    fix: 'unsafe',
    aliases: { slither: ['unchecked-lowlevel'], aderyn: ['unchecked-low-level-call'], solhint: ['avoid-low-level-calls'] },
  },
  create(ctx) {
    return {
      // `a.call.value(v);` sets the value but never makes the call: the trailing `()` is missing.
      ExpressionStatement(node: NodeOf<'ExpressionStatement'>) {
        const e = node.expression as ASTNode | null;
        if (!e || e.type !== 'FunctionCall' || e.expression.type !== 'MemberAccess') return;
        const opt = e.expression;
        if (opt.memberName !== 'value' && opt.memberName !== 'gas') return;
        const inner = opt.expression;
        if (inner.type !== 'MemberAccess' || !LOW_LEVEL.has(inner.memberName)) return;
        ctx.report({
          node: e,
          messageId: 'call-never-invoked',
          message: `This .${inner.memberName}.${opt.memberName}(…) is never invoked (the final \`()\` is missing), so no call is made and nothing tells the code that it did not happen.`,
          fixes: [{ title: 'Make the call and revert when it fails', safety: 'unsafe', edits: [ctx.edit.replace(e, `require(${ctx.text(e)}())`)] }],
        });
      },
      'SourceUnit:exit'() {
        for (const fn of ctx.fact(programFact).functions) {
          for (const call of fn.externalCalls) {
            if (!LOW_LEVEL.has(call.kind) || call.checked) continue;
            ctx.report({
              node: call.node,
              messageId: 'unchecked-result',
              message: `The result of this .${call.kind}() is not checked: if the call fails, execution continues as if it had succeeded.`,
              fixes: fixFor(ctx, call),
            });
          }
        }
      },
    };
  },
});

function fixFor(ctx: RuleContext, call: ExternalCall) {
  if (!call.discarded) return [];
  const stmt = ctx.parent(call.node);
  if (!stmt || stmt.type !== 'ExpressionStatement') return [];
  const text = ctx.text(call.node);
  // Before 0.5 a low-level call returns only the success flag.
  if (allowsBelow(ctx.solc, '0.5.0')) return [{ title: 'Revert when the call fails', safety: 'unsafe' as const, edits: [ctx.edit.replace(call.node, `require(${text})`)] }];
  const name = freshName(call.fn.locals, call.fn.params, 'success');
  return [{ title: 'Revert when the call fails', safety: 'unsafe' as const, edits: [ctx.edit.replace(stmt, `(bool ${name}, ) = ${text};\n${indentAt(ctx.source, ctx.offsets(stmt)[0])}require(${name}, "call failed");`)] }];
}
