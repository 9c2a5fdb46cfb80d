import type { ASTNode, TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type FactContext, type NodeOf } from '../framework';
import { structOf, typeOf } from '../../facts/declarations';

/** The path to a mapping inside a struct type, e.g. `balances`, or undefined. */
function mappingInside(ctx: FactContext, t: TypeName | null | undefined, seen = new Set<ASTNode>()): string | undefined {
  if (!t) return undefined;
  if (t.type === 'Mapping') return '';
  if (t.type === 'ArrayTypeName' && t.length !== null) return mappingInside(ctx, t.baseTypeName, seen);
  const s = structOf(ctx, t);
  if (!s || seen.has(s)) return undefined;
  seen.add(s);
  for (const m of s.members) {
    const inner = mappingInside(ctx, m.typeName, seen);
    if (inner !== undefined) return inner ? `${m.name}.${inner}` : (m.name ?? '');
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'mapping-struct-delete',
    title: 'delete on a struct that contains a mapping',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    description: '`delete` resets a struct\'s other fields but leaves its mappings untouched, so stale entries survive.',
    messages: { 'mapping-survives-delete': 'delete on a struct that contains a mapping, which it leaves intact' },
    fix: 'none',
    aliases: { slither: ['mapping-deletion'], aderyn: ['delete-nested-mapping'] },
  },
  create(ctx) {
    return {
      UnaryOperation(node: NodeOf<'UnaryOperation'>) {
        if (node.operator !== 'delete') return;
        const t = typeOf(ctx, node.subExpression);
        if (!t || t.type === 'Mapping') return;
        const path = mappingInside(ctx, t);
        if (path === undefined || path === '') return;
        ctx.report({
          node,
          message: `${ctx.text(node)} leaves the mapping ${path} intact: a struct reused under the same key still sees its old entries. Clear the mapping's keys explicitly, or key the mapping by a fresh id.`,
        });
      },
    };
  },
});
