import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { isCompileTimeConstant } from '../../facts/declarations';
import { upgradeableReason, visibleBeyond } from '../../facts/upgradeable';
import { stateUsageFact } from '../../facts/state-usage';

export default defineRule({
  meta: {
    id: 'constant-state',
    title: 'State variable could be constant',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A state variable initialised with a compile-time value is never written, so it can be `constant` and cost no storage slot or SLOAD.',
    messages: { 'could-be-constant': 'A state variable never written after its initialiser' },
    fix: 'safe',
    aliases: { slither: ['constable-states'], aderyn: ['state-variable-could-be-constant'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const usage = ctx.fact(stateUsageFact);
        for (const c of ctx.index.ofType('ContractDefinition')) {
          if (c.kind === 'interface') continue;
          const upgradeable = upgradeableReason(ctx, c);
          for (const sub of c.subNodes as ASTNode[]) {
            if (sub.type !== 'StateVariableDeclaration') continue;
            for (const decl of sub.variables) {
              if (decl.isDeclaredConst || decl.isImmutable || decl.isTransient || decl.override || !decl.name || !decl.identifier) continue;
              const t = decl.typeName;
              // Only value types, string and bytes can be constant.
              if (!t || (t.type !== 'ElementaryTypeName' && t.type !== 'UserDefinedTypeName')) continue;
              if (!isCompileTimeConstant(ctx, decl.expression)) continue;
              const u = usage.get(decl);
              if (!u || u.writesElsewhere > 0 || u.constructorWrites.length > 0 || u.inAssembly || u.storageRef) continue;
              // Safe only where no other code can name the variable and its slot is no proxy's:
              // a deriving contract that assigns it would no longer compile, and removing the slot
              // moves every later variable of a deployed proxy's storage.
              const visible = visibleBeyond(ctx, c, decl);
              const reason = upgradeable ? `${upgradeable}, and removing the slot moves every later variable in its storage` : visible;
              ctx.report({
                node: decl.identifier,
                message: `${decl.name} is never written after its initialiser; declare it constant so that it takes no storage slot.${reason ? ` Review first: ${reason}.` : ''}`,
                fixes: [{ title: `Declare ${decl.name} constant`, safety: reason ? 'unsafe' : 'safe', ...(reason ? { reason } : {}), edits: [ctx.edit.insertAt(ctx.offsets(decl.identifier)[0], 'constant ')] }],
              });
            }
          }
        }
      },
    };
  },
});
