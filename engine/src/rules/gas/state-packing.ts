import type { ASTNode, StateVariableDeclarationVariable } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { isCompileTimeConstant, ownStateVars } from '../../facts/declarations';
import { looksUpgradeable, packing } from '../../facts/layout';
import { reorderEdit } from '../../facts/text';

export default defineRule({
  meta: {
    id: 'state-packing',
    title: 'State variables could pack into fewer slots',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'The declared order of the state variables leaves gaps in their 32-byte slots; another order would use fewer slots and fewer SSTOREs.',
    messages: { 'unpacked-state': 'State variables whose order takes more storage slots than ordering by size' },
    fix: 'unsafe',
  },
  create(ctx) {
    return {
      ContractDefinition(contract) {
        if (contract.kind === 'interface' || contract.kind === 'library') return;
        const vars = ownStateVars(ctx, contract)
          .map((v) => ({ decl: v.node as StateVariableDeclarationVariable, statement: v.decl as ASTNode }))
          .filter((v) => !v.decl.isDeclaredConst && !v.decl.isImmutable && !v.decl.isTransient);
        if (vars.length < 2) return;
        const packed = packing(ctx, vars.map((v) => v.decl.typeName));
        if (!packed) return;
        const { now, best, order } = packed;
        const statements = [...new Set(vars.map((v) => v.statement))];
        const subNodes = contract.subNodes as ASTNode[];
        const first = subNodes.indexOf(statements[0]);
        // The fix rewrites one run of declarations; it needs them together, one
        // variable per statement, without comments, and with initialisers whose
        // order cannot matter.
        const contiguous = statements.every((s, i) => subNodes[first + i] === s) && statements.length === vars.length;
        const simpleInits = vars.every((v) => !v.decl.expression || isCompileTimeConstant(ctx, v.decl.expression));
        const edit = contiguous && simpleInits ? reorderEdit(ctx, statements, order, false) : undefined;
        const fixes = edit ? [{ title: `Reorder the state variables to use ${best} slots instead of ${now}`, safety: 'unsafe' as const, edits: [edit] }] : [];
        // Bases (in this file or others) may add state before these variables, which moves where the slots start.
        const unknownBase = contract.baseContracts.length > 0;
        ctx.report({
          node: vars[0].decl.identifier ?? vars[0].decl,
          message: `The state variables of ${contract.name} take ${now} slots in this order; ordering them by size fits them in ${best}.${looksUpgradeable(ctx, contract) ? ' The contract looks upgradeable: never reorder the storage of a deployed proxy.' : ''}`,
          confidence: unknownBase ? 'low' : 'medium',
          fixes,
        });
      },
    };
  },
});
