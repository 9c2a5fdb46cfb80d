import { defineRule } from '../framework';

export default defineRule({
  meta: {
    id: 'private-constants',
    title: 'Public constant generates a getter',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A `public` constant or immutable gets an external getter function, which adds bytecode and a selector; `internal` keeps the value usable without it.',
    fix: 'unsafe',
    aliases: { '4naly3er': ['GAS/privateForConstants'] },
  },
  create(ctx) {
    return {
      StateVariableDeclaration(node) {
        for (const v of node.variables) {
          if (!(v.isDeclaredConst || v.isImmutable) || v.visibility !== 'public' || !v.identifier || v.override) continue;
          const [start] = ctx.offsets(v);
          const nameStart = ctx.offsets(v.identifier)[0];
          const head = ctx.source.slice(start, nameStart);
          const m = /\bpublic\b/.exec(head);
          if (!m) continue;
          ctx.report({
            node: v.identifier,
            message: `${v.name} is public, so the compiler adds a getter for it; make it internal unless other contracts or off-chain code read it.`,
            fixes: [{ title: `Make ${v.name} internal`, safety: 'unsafe', edits: [ctx.edit.replaceOffsets(start + m.index, start + m.index + 6, 'internal')] }],
          });
        }
      },
    };
  },
});
