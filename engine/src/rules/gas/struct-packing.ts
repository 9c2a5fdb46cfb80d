import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { indentAt } from './util/ast';
import { hasCommentIn, ownLines, packedOrder, slotsUsed, storageSize } from './util/layout';

export default defineRule({
  meta: {
    id: 'struct-packing',
    title: 'Struct fields could pack into fewer slots',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'Storage packs consecutive small fields into one 32-byte slot; the declared field order of this struct leaves gaps that a different order would close.',
    fix: 'unsafe',
    aliases: { solhint: ['gas-struct-packing'] },
  },
  create(ctx) {
    return {
      StructDefinition(node) {
        const members = node.members;
        if (members.length < 2) return;
        const sizes = members.map((m) => storageSize(ctx, m.typeName));
        const now = slotsUsed(sizes);
        const order = packedOrder(sizes);
        const best = slotsUsed(order.map((i) => sizes[i]));
        if (best >= now) return;
        const [start] = ctx.offsets(members[0]);
        const end = ctx.offsets(members[members.length - 1])[1];
        // Positional construction `S(a, b, c)` follows the field order, so reordering would break it.
        const positional = ctx.index.ofType('FunctionCall').some((c) => c.expression.type === 'Identifier' && c.expression.name === node.name && c.arguments.length > 0 && !(c.names?.length));
        const fixes = [];
        const lines = ownLines(ctx, members as ASTNode[], true);
        if (!positional && lines) {
          fixes.push({ title: `Reorder the fields of ${node.name} to use ${best} slots instead of ${now}`, safety: 'unsafe' as const, edits: [ctx.edit.replaceOffsets(lines.start, lines.end, order.map((i) => lines.lines[i]).join('\n'))] });
        } else if (!positional && !hasCommentIn(ctx, start, end)) {
          const indent = indentAt(ctx.source, start);
          const text = order.map((i) => ctx.text(members[i] as ASTNode)).join(`;\n${indent}`);
          fixes.push({ title: `Reorder the fields of ${node.name} to use ${best} slots instead of ${now}`, safety: 'unsafe' as const, edits: [ctx.edit.replaceOffsets(start, end, text)] });
        }
        ctx.report({
          node,
          range: ctx.edit.replaceOffsets(ctx.offsets(node)[0], ctx.source.indexOf('{', ctx.offsets(node)[0]) + 1, '').range,
          message: `${node.name} takes ${now} storage slots in this order; ordering its fields by size fits them in ${best}.`,
          fixes,
        });
      },
    };
  },
});
