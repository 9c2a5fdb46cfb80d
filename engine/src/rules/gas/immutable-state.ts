import { allowsBelow } from '../../parse/pragma';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { isCompileTimeConstant, isValueTypeName } from '../../facts/declarations';
import { upgradeableReason, visibleBeyond } from '../../facts/upgradeable';
import { stateUsageFact } from '../../facts/state-usage';

export default defineRule({
  meta: {
    id: 'immutable-state',
    title: 'State variable could be immutable',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A state variable is only assigned during construction, so it can be `immutable`: its value is then read from the code instead of with an SLOAD.',
    messages: { 'could-be-immutable': 'A state variable assigned only during construction' },
    fix: 'safe',
    minSolc: '0.6.5',
    aliases: { slither: ['immutable-states'], aderyn: ['state-variable-could-be-immutable'], '4naly3er': ['GAS/immutableConstructor'] },
  },
  create(ctx) {
    // Before 0.8.21 an immutable had to be assigned exactly once, at the top
    // level of the constructor, and could not be read while constructing.
    const strict = allowsBelow(ctx.solc, '0.8.21');
    return {
      'SourceUnit:exit'() {
        const usage = ctx.fact(stateUsageFact);
        for (const c of ctx.index.ofType('ContractDefinition')) {
          if (c.kind === 'interface' || c.kind === 'library') continue;
          const upgradeable = upgradeableReason(ctx, c);
          for (const sub of c.subNodes as ASTNode[]) {
            if (sub.type !== 'StateVariableDeclaration') continue;
            for (const decl of sub.variables) {
              if (decl.isDeclaredConst || decl.isImmutable || decl.isTransient || decl.override || !decl.name || !decl.identifier) continue;
              const u = usage.get(decl);
              if (!u || u.writesElsewhere > 0 || u.inAssembly || u.storageRef) continue;
              const inline = decl.expression ? 1 : 0;
              const writes = inline + u.constructorWrites.length;
              if (writes === 0) continue;
              // A literal initialiser that is never changed is constant-state's finding.
              if (u.constructorWrites.length === 0 && isCompileTimeConstant(ctx, decl.expression)) continue;
              if (strict && (writes > 1 || u.nestedConstructorWrite || u.readInConstructor)) continue;
              const valueType = isValueTypeName(ctx, decl.typeName);
              if (valueType === false) continue;
              // Safe only where no other code can name the variable and its slot is no proxy's (see constant-state).
              const visible = visibleBeyond(ctx, c, decl);
              const reason = upgradeable
                ? `${upgradeable}, and an immutable is not in the proxy's storage (removing the slot also moves every later variable)`
                : visible ?? (valueType !== true ? `the type of ${decl.name} could not be told to be a value type, which immutable requires` : undefined);
              ctx.report({
                node: decl.identifier,
                message: `${decl.name} is only assigned during construction; declare it immutable to replace each SLOAD with a constant in the code.${reason ? ` Review first: ${reason}.` : ''}`,
                confidence: valueType === true ? 'high' : 'medium',
                fixes: [{ title: `Declare ${decl.name} immutable`, safety: reason ? 'unsafe' : 'safe', ...(reason ? { reason } : {}), edits: [ctx.edit.insertAt(ctx.offsets(decl.identifier)[0], 'immutable ')] }],
              });
            }
          }
        }
      },
    };
  },
});
