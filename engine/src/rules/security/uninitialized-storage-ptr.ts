import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'uninitialized-storage-ptr',
    title: 'Uninitialized storage pointer',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    swc: 'SWC-109',
    description: 'Before 0.5, a local struct or array declared without a value is a storage pointer to slot 0: writing it overwrites the first state variables.',
    messages: { 'storage-pointer': 'An uninitialized local storage pointer, which points at slot 0' },
    fix: 'unsafe',
    maxSolc: '0.5.0',
    aliases: { slither: ['uninitialized-storage'] },
  },
  create(ctx) {
    return {
      VariableDeclarationStatement(node: NodeOf<'VariableDeclarationStatement'>) {
        if (node.initialValue) return;
        const program = ctx.fact(programFact);
        const fn = program.functionOf(node);
        for (const v of node.variables as Array<NodeOf<'VariableDeclaration'> | null>) {
          if (!v || !v.typeName) continue;
          const loc = v.storageLocation;
          if (loc === 'memory' || loc === 'calldata') continue;
          const t = v.typeName as ASTNode;
          const isStruct = t.type === 'UserDefinedTypeName' && program.contracts.some((c) => c.localTypes.has(t.namePath.split('.').pop()!)) && !isEnum(ctx.index.ofType('EnumDefinition'), t.namePath);
          const isRef = t.type === 'ArrayTypeName' || t.type === 'Mapping' || isStruct;
          if (!isRef && loc !== 'storage') continue;
          if (!isRef) continue;
          // Only structs: a memory array cannot be pushed to, so the rewrite would not compile.
          const fixes = loc === 'storage' || !isStruct ? [] : [{ title: 'Declare it in memory', safety: 'unsafe' as const, edits: [ctx.edit.replace(t, `${ctx.text(t)} memory`)] }];
          ctx.report({ node: v, message: `\`${v.name}\` is an uninitialized storage pointer: it points at slot 0, so writing through it overwrites ${fn ? `${fn.contract.name}’s first state variables` : 'the first state variables'}. Declare it \`memory\` or assign it a storage reference.`, fixes });
        }
      },
    };
  },
});

function isEnum(enums: NodeOf<'EnumDefinition'>[], name: string): boolean {
  return enums.some((e) => e.name === name.split('.').pop());
}
