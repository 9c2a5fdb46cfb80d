import { defineRule, type NodeOf } from '../framework';
import { isMember } from '../../facts/ast-util';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'msg-value-nonpayable',
    title: 'msg.value where no payable entry point reaches',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    description: 'msg.value is read in code that only non-payable functions reach, so it is always zero there.',
    fix: 'none',
    aliases: { slither: ['msg-value-in-nonpayable'] },
  },
  create(ctx) {
    return {
      MemberAccess(node: NodeOf<'MemberAccess'>) {
        if (!isMember(node, 'msg', 'value')) return;
        const program = ctx.fact(programFact);
        const fn = program.functionOf(node);
        if (!fn || fn.kind === 'modifier' || fn.payable || fn.kind === 'constructor' || fn.contract.kind === 'library') return;
        // Before 0.4.0 every function accepted ETH; a fallback without `payable` in 0.4.x cannot.
        const entries = program.entriesReaching(fn);
        if (!fn.isEntry && (entries.length === 0 || entries.some((e) => e.payable))) return;
        if (program.functions.some((f) => f.kind === 'constructor' && f.payable && program.reachable(f).has(fn))) return;
        if (!fn.isEntry && program.functions.some((f) => (f.kind === 'constructor' || f.kind === 'modifier') && program.reachable(f).has(fn))) return;
        ctx.report({ node, message: `${fn.name || fn.kind}() is not payable${fn.isEntry ? '' : ' and only non-payable functions call it'}, so msg.value is always 0 here.` });
      },
    };
  },
});
