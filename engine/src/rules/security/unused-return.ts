import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'unused-return',
    title: 'Return value of an external call ignored',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-104',
    description: 'An external call’s return value is discarded although the callee declares one.',
    fix: 'none',
    aliases: { slither: ['unused-return'], aderyn: ['unchecked-return'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          for (const call of fn.externalCalls) {
            if (call.kind !== 'high-level' || !call.discarded) continue;
            if (call.member === 'transfer' || call.member === 'transferFrom') continue;
            const type = program.contractTypeOf(fn, call.target);
            const c = type ? program.byName.get(type) : undefined;
            if (!c) continue;
            const decl = c.allFunctions.find((f) => f.name === call.member && (f.node.parameters ?? []).length === call.node.arguments.length);
            const returns = ((decl?.node as { returnParameters?: ASTNode[] | null } | undefined)?.returnParameters ?? []).length;
            if (!decl || returns === 0) continue;
            ctx.report({ node: call.node, message: `${type}.${call.member}() returns ${returns === 1 ? 'a value' : `${returns} values`} that this call ignores; a failure or an unexpected result goes unnoticed.` });
          }
        }
      },
    };
  },
});
