import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

const VALUE_TYPES = /^(address( payable)?|bool|u?int\d*|bytes\d+|[A-Z]\w*)$/;

export default defineRule({
  meta: {
    id: 'uninitialized-state',
    title: 'State variable read but never set',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'A state variable is read but nothing ever assigns it, so it always holds its zero value.',
    fix: 'none',
    aliases: { slither: ['uninitialized-state'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        // Contracts of this file that inherit from each contract (itself included).
        const derived = new Map<unknown, typeof program.contracts>();
        for (const d of program.contracts) for (const l of d.lineage) derived.set(l, [...(derived.get(l) ?? []), d]);
        for (const c of program.contracts) {
          if (c.kind !== 'contract') continue;
          // Contracts of this file that inherit from c can assign its variables too.
          const family = derived.get(c) ?? [c];
          const fns = family.flatMap((d) => d.functions);
          if (fns.some((f) => f.writes.has('<assembly>'))) continue;
          for (const v of c.stateVars.values()) {
            if (v.contract !== c || v.initialized || v.constant || v.immutable) continue;
            if (!VALUE_TYPES.test(v.type) || c.localTypes.has(v.type) || program.contracts.some((x) => x.localTypes.has(v.type))) continue;
            if (fns.some((f) => f.writes.has(v.name))) continue;
            const readers = fns.filter((f) => f.reads.has(v.name));
            if (readers.length === 0) continue;
            // A public variable nobody sets is still only a getter returning zero; flag it only when code uses it.
            ctx.report({ node: v.node, message: `\`${v.name}\` is never assigned, yet ${readers.map((f) => `${f.name || f.kind}()`).join(', ')} read${readers.length === 1 ? 's' : ''} it: it is always ${v.type.startsWith('address') || /^[A-Z]/.test(v.type) ? 'address(0)' : v.type === 'bool' ? 'false' : 'zero'}.` });
          }
        }
      },
    };
  },
});
