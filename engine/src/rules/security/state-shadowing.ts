import { defineRule, type NodeOf } from '../framework';
import { contractInfo, ownStateVars } from '../../facts/declarations';

export default defineRule({
  meta: {
    id: 'state-shadowing',
    title: 'State variable shadows a base contract variable',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    swc: 'SWC-119',
    description: 'A derived contract redeclares a state variable of a base contract, so the two contracts read and write different slots.',
    messages: { 'shadows-base-state': 'A state variable with the name of a state variable of a base contract' },
    fix: 'unsafe',
    // From 0.6.0 on, solc rejects a state variable that shadows another.
    maxSolc: '0.6.0',
    aliases: { slither: ['shadowing-state', 'shadowing-abstract'], aderyn: ['state-variable-shadowing'] },
  },
  create(ctx) {
    return {
      ContractDefinition(contract: NodeOf<'ContractDefinition'>) {
        // Bases in this file or any file it imports (C3 order).
        const info = contractInfo(ctx, contract);
        const bases = info ? info.lineage.slice(1) : [];
        if (bases.length === 0) return;
        for (const own of ownStateVars(ctx, contract)) {
          const v = own.node as NodeOf<'VariableDeclaration'>;
          const base = bases.find((b) => [...b.stateVars.values()].some((bv) => bv.contract === b && bv.name === v.name));
          if (!base) continue;
          const decl = ctx.parent(v);
          // Removing the redeclaration makes the derived contract use the base
          // variable; that is the intent almost always, but an initial value
          // or a different type would be lost, so a person must review it.
          const fixes =
            decl && decl.type === 'StateVariableDeclaration' && decl.variables.length === 1
              ? [{ title: `Remove the redeclaration and use ${base.name}.${v.name}`, safety: 'unsafe' as const, edits: [ctx.edit.remove(decl)] }]
              : [];
          ctx.report({
            node: v,
            message: `${contract.name}.${v.name} shadows ${base.name}.${v.name}: functions of ${base.name} use a different storage slot than those of ${contract.name}.`,
            fixes,
          });
        }
      },
    };
  },
});
