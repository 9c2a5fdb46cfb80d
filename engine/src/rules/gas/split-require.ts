import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { indentAt } from '../../facts/text';

/** The operands of a chain of `&&`, left to right. */
function conjuncts(e: ASTNode): ASTNode[] {
  if (e.type === 'BinaryOperation' && e.operator === '&&') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

export default defineRule({
  meta: {
    id: 'split-require',
    title: '`require(a && b)` instead of two requires',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A require over `a && b` evaluates the short-circuit logic before branching; one require per condition branches directly.',
    messages: { 'joined-conditions': 'A require whose condition joins several conditions with &&' },
    fix: 'safe',
    scope: 'member',
    aliases: { '4naly3er': ['GAS/splitRequireStatement'] },
  },
  create(ctx) {
    return {
      FunctionCall(node) {
        if (node.expression.type !== 'Identifier' || node.expression.name !== 'require') return;
        if (node.arguments.length < 1 || node.arguments.length > 2) return;
        const cond = node.arguments[0];
        if (cond.type !== 'BinaryOperation' || cond.operator !== '&&') return;
        const stmt = ctx.parent(node);
        const parts = conjuncts(cond);
        const fixes = [];
        // Only a require that is a statement of its own inside a block can become several statements.
        const block = stmt && ctx.parent(stmt);
        if (stmt && stmt.type === 'ExpressionStatement' && block && (block.type === 'Block' || block.type === 'UncheckedStatement')) {
          const message = node.arguments[1] ? `, ${ctx.text(node.arguments[1])}` : '';
          const indent = indentAt(ctx.source, ctx.offsets(stmt)[0]);
          const text = parts.map((p) => `require(${ctx.text(p)}${message});`).join(`\n${indent}`);
          fixes.push({ title: `Split into ${parts.length} require statements`, safety: 'safe' as const, edits: [ctx.edit.replace(stmt, text)] });
        }
        ctx.report({
          node,
          message: `require(${parts.length} conditions joined by &&): one require per condition is cheaper at run time.`,
          fixes,
        });
      },
    };
  },
});
