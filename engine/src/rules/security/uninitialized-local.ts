import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { baseIdentifier, isAssignment, unparen } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'uninitialized-local',
    title: 'Local variable read but never assigned',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'A local variable is declared without a value and read, but never assigned: it is always zero.',
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
          let assigned = false;
          let read = false;
          const visit = (n: ASTNode) => {
            if (isAssignment(n) || (n.type === 'UnaryOperation' && (n.operator === '++' || n.operator === '--' || n.operator === 'delete'))) {
              const target = n.type === 'BinaryOperation' ? n.left : (n as NodeOf<'UnaryOperation'>).subExpression;
              const b = baseIdentifier(unparen(target));
              const inTuple = unparen(target).type === 'TupleExpression' && (unparen(target) as NodeOf<'TupleExpression'>).components.some((c) => c && (c as ASTNode).type === 'Identifier' && (c as NodeOf<'Identifier'>).name === name);
              if ((b && b.name === name && unparen(target).type === 'Identifier') || inTuple) assigned = true;
              if (n.type === 'BinaryOperation' && n.operator !== '=') read = read || (b?.name === name);
              if (n.type === 'BinaryOperation') visit(n.right);
              return;
            }
            if (n.type === 'InlineAssemblyStatement' && new RegExp(`\\b${name}\\s*:=`).test(ctx.text(n))) assigned = true;
            if (n.type === 'VariableDeclaration') return;
            if (n.type === 'Identifier' && n.name === name) read = true;
            forEachChild(n, visit);
          };
          visit(fn.body);
          if (read && !assigned) ctx.report({ node: v, message: `\`${name}\` is never assigned, so every read of it yields the zero value. Initialise it or remove it.` });
        }
      },
    };
  },
});
