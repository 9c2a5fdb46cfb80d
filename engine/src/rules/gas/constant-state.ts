import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { constantNames, isCompileTimeConstant, looksUpgradeable } from './util/ast';
import { usageOf } from './util/state';

export default defineRule({
  meta: {
    id: 'constant-state',
    title: 'State variable could be constant',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A state variable initialised with a compile-time value is never written, so it can be `constant` and cost no storage slot or SLOAD.',
    fix: 'safe',
    aliases: { slither: ['constable-states'], aderyn: ['state-variable-could-be-constant'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const constants = constantNames(ctx);
        for (const c of ctx.index.ofType('ContractDefinition')) {
          if (c.kind === 'interface') continue;
          const upgradeable = looksUpgradeable(ctx, c);
          for (const sub of c.subNodes as ASTNode[]) {
            if (sub.type !== 'StateVariableDeclaration') continue;
            for (const decl of sub.variables) {
              if (decl.isDeclaredConst || decl.isImmutable || decl.isTransient || decl.override || !decl.name || !decl.identifier) continue;
              const t = decl.typeName;
              // Only value types, string and bytes can be constant.
              if (!t || (t.type !== 'ElementaryTypeName' && t.type !== 'UserDefinedTypeName')) continue;
              if (!isCompileTimeConstant(ctx, decl.expression, constants)) continue;
              const u = usageOf(ctx, decl);
              if (!u || u.writesElsewhere > 0 || u.constructorWrites.length > 0 || u.inAssembly || u.storageRef) continue;
              ctx.report({
                node: decl.identifier,
                message: `${decl.name} is never written after its initialiser; declare it constant so that it takes no storage slot.${upgradeable ? ' The contract looks upgradeable: removing the slot shifts the storage layout.' : ''}`,
                fixes: [{ title: `Declare ${decl.name} constant`, safety: upgradeable ? 'unsafe' : 'safe', edits: [ctx.edit.insertAt(ctx.offsets(decl.identifier)[0], 'constant ')] }],
              });
            }
          }
        }
      },
    };
  },
});
