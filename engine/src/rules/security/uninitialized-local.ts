import { defineRule, type NodeOf } from '../framework';
import { namesUsedIn } from '../../facts/locals';

export default defineRule({
  meta: {
    id: 'uninitialized-local',
    title: 'Local variable read but never assigned',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'A local variable is declared without a value and read, but never assigned: it is always zero.',
    messages: { 'never-assigned': 'A local variable that is read but never assigned' },
    fix: 'none',
    aliases: { slither: ['uninitialized-local'], aderyn: ['uninitialized-local-variable'] },
  },
  create(ctx) {
    return {
      VariableDeclarationStatement(node: NodeOf<'VariableDeclarationStatement'>) {
        if (node.initialValue) return;
        const fn = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
        if (!fn?.body) return;
        for (const v of node.variables as Array<NodeOf<'VariableDeclaration'> | null>) {
          if (!v?.name || !v.typeName || v.storageLocation) continue;
          if (v.typeName.type !== 'ElementaryTypeName') continue;
          const name = v.name;
          // One walk per function body, shared by all its declarations (and with default-init).
          const { assigned, read } = namesUsedIn(ctx, fn.body);
          if (read.has(name) && !assigned.has(name)) ctx.report({ node: v, message: `\`${name}\` is never assigned, so every read of it yields the zero value. Initialise it or remove it.` });
        }
      },
    };
  },
});
