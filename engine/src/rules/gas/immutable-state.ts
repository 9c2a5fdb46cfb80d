import { allowsBelow } from '../../parse/pragma';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { constantNames, isCompileTimeConstant, isValueTypeName, looksUpgradeable } from './util/ast';
import { usageOf } from './util/state';

export default defineRule({
  meta: {
    id: 'immutable-state',
    title: 'State variable could be immutable',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A state variable is only assigned during construction, so it can be `immutable`: its value is then read from the code instead of with an SLOAD.',
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
        const constants = constantNames(ctx);
        for (const c of ctx.index.ofType('ContractDefinition')) {
          if (c.kind === 'interface' || c.kind === 'library') continue;
          const upgradeable = looksUpgradeable(ctx, c);
          for (const sub of c.subNodes as ASTNode[]) {
            if (sub.type !== 'StateVariableDeclaration') continue;
            for (const decl of sub.variables) {
              if (decl.isDeclaredConst || decl.isImmutable || decl.isTransient || decl.override || !decl.name || !decl.identifier) continue;
              const u = usageOf(ctx, decl);
              if (!u || u.writesElsewhere > 0 || u.inAssembly || u.storageRef) continue;
              const inline = decl.expression ? 1 : 0;
              const writes = inline + u.constructorWrites.length;
              if (writes === 0) continue;
              // A literal initialiser that is never changed is constant-state's finding.
              if (u.constructorWrites.length === 0 && isCompileTimeConstant(ctx, decl.expression, constants)) continue;
              if (strict && (writes > 1 || u.nestedConstructorWrite || u.readInConstructor)) continue;
              const valueType = isValueTypeName(ctx, decl.typeName);
              if (valueType === false) continue;
              const safe = valueType === true && !upgradeable;
              ctx.report({
                node: decl.identifier,
                message: `${decl.name} is only assigned during construction; declare it immutable to replace each SLOAD with a constant in the code.${upgradeable ? ' The contract looks upgradeable: an immutable is not part of proxy storage.' : ''}`,
                confidence: valueType === true ? 'high' : 'medium',
                fixes: [{ title: `Declare ${decl.name} immutable`, safety: safe ? 'safe' : 'unsafe', edits: [ctx.edit.insertAt(ctx.offsets(decl.identifier)[0], 'immutable ')] }],
              });
            }
          }
        }
      },
    };
  },
});
