import { defineRule, type NodeOf } from '../framework';
import { isAccessModifier, visitOnce } from '../util/ast';

export default defineRule({
  meta: {
    id: 'centralization',
    title: 'Privileged owner powers',
    category: 'security',
    severity: 'info',
    confidence: 'medium',
    description: 'Functions only a privileged account may call, and ownership that moves in one step, concentrate trust in one key.',
    fix: 'none',
    aliases: { aderyn: ['centralization-risk'], '4naly3er': ['M/centralizationRisk', 'L/2stepowner', 'NC/disableRenounceOwnership'] },
  },
  create(ctx) {
    return visitOnce({
      InheritanceSpecifier(spec: NodeOf<'InheritanceSpecifier'>) {
        const name = spec.baseName.namePath.split('.').pop();
        if (name !== 'Ownable' && name !== 'OwnableUpgradeable') return;
        const contract = ctx.index.enclosing(spec, 'ContractDefinition');
        // Ownable2Step already requires the new owner to accept.
        if (contract?.baseContracts.some((b) => /Ownable2Step/.test(b.baseName.namePath))) return;
        ctx.report({
          node: spec,
          message: `${contract?.name ?? 'The contract'} uses one-step Ownable: transferring ownership to a mistyped address loses it for good, and renounceOwnership removes every admin function. Consider Ownable2Step.`,
        });
      },
      FunctionDefinition(fn: NodeOf<'FunctionDefinition'>) {
        if (!fn.body || fn.isConstructor || fn.visibility === 'internal' || fn.visibility === 'private') return;
        const guard = fn.modifiers.find((m) => isAccessModifier(m.name));
        if (!guard) return;
        ctx.report({
          node: fn,
          message: `${fn.name ?? 'This function'} can only be called by the holder of ${guard.name}: users must trust that key. Document the power, and consider a timelock or multisig.`,
        });
      },
    });
  },
});
