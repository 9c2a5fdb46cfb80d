import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf, type RuleContext } from '../framework';
import { programFact, type ExternalCall } from '../../facts/program';
import { forEachChild } from '../../facts/ast-index';
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
      'unchecked-static-data-used': 'The success flag of a staticcall is not checked, but its returned data is used',
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
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          for (const call of fn.externalCalls) {
            if (!LOW_LEVEL.has(call.kind) || call.checked) continue;
            // A call into this contract's own function that reverts on every path (simulate,
            // then report by reverting) always fails by design: its revert data is the answer.
            const runs = program.selfCallTargets(call);
            if (runs && runs.every((f) => program.alwaysReverts(f)) && returnDataUsed(ctx, call)) continue;
            // A staticcall changes nothing; when what it returned decides the result, a failure
            // is judged by its revert data (rarely the expected answer): low.
            if (call.kind === 'staticcall' && returnDataUsed(ctx, call)) {
              ctx.report({
                node: call.node,
                messageId: 'unchecked-static-data-used',
                severity: 'low',
                message: `The success flag of this .staticcall() is not checked, though its returned data is used: a failed call changes nothing, but its revert data is then judged as if it were the answer. Check the flag too.`,
              });
              continue;
            }
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

/** The call's returned data is kept in a variable that the function reads afterwards, or stored in an element or field. */
function returnDataUsed(ctx: RuleContext, call: ExternalCall): boolean {
  const p = ctx.parent(call.node);
  let name: string | undefined;
  if (p?.type === 'VariableDeclarationStatement' && p.variables.length === 2) name = (p.variables[1] as { name?: string } | null)?.name ?? undefined;
  else if (p?.type === 'BinaryOperation' && p.operator === '=' && p.left.type === 'TupleExpression' && p.left.components.length === 2) {
    const c = p.left.components[1] as ASTNode | null;
    if (c?.type === 'Identifier') name = c.name;
    // Kept in an element or field (`results[i]`): stored for whoever reads the results.
    else if (c?.type === 'IndexAccess' || c?.type === 'MemberAccess') return true;
  }
  const body = call.fn.node.body;
  if (!name || !body) return false;
  const after = call.node.range?.[1] ?? 0;
  let used = false;
  const visit = (n: ASTNode) => {
    if (used) return;
    if (n.type === 'Identifier' && n.name === name && (n.range?.[0] ?? 0) > after) used = true;
    forEachChild(n, visit);
  };
  visit(body);
  return used;
}

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
