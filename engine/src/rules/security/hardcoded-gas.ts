import { defineRule, type NodeOf } from '../framework';
import { calleeOf, unparen } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'hardcoded-gas',
    title: 'Hard-coded gas amount',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    swc: 'SWC-134',
    description: 'A call forwards a fixed amount of gas; gas costs change between forks, so a fixed stipend can start failing.',
    messages: { 'fixed-gas': 'A call that forwards a fixed amount of gas' },
    fix: 'none',
    scope: 'member',
  },
  create(ctx) {
    return {
      FunctionCall(node: NodeOf<'FunctionCall'>) {
        const { options } = calleeOf(node);
        const gas = options.gas ? unparen(options.gas) : undefined;
        if (!gas || (gas.type !== 'NumberLiteral' && gas.type !== 'BinaryOperation')) return;
        if (gas.type === 'BinaryOperation' && ctx.text(gas).match(/[a-zA-Z_]/)) return;
        // The old `x.call.gas(n).value(v)()` chain nests calls; report the outermost once.
        const parent = ctx.parent(node);
        if (parent?.type === 'FunctionCall' && calleeOf(parent).options.gas === options.gas) return;
        if (parent?.type === 'MemberAccess') return;
        ctx.report({ node, message: `This call forwards a fixed ${ctx.text(gas)} gas. Gas prices of opcodes change with network upgrades (EIP-1884 broke 2300-gas fallbacks), so the callee may stop working; forward all gas and guard against reentrancy instead.` });
      },
    };
  },
});
