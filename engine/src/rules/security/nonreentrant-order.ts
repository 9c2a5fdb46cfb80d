import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

const GUARD = /(non_?reentrant|no_?reentran|reentrancy_?guard|^lock$|^noReentry$)/i;

export default defineRule({
  meta: {
    id: 'nonreentrant-order',
    title: 'nonReentrant is not the first modifier',
    category: 'security',
    severity: 'low',
    confidence: 'high',
    description: 'Modifiers listed before the reentrancy guard run unguarded; an external call in one of them can re-enter.',
    messages: { 'guard-not-first': 'A reentrancy guard listed after other modifiers' },
    fix: 'unsafe',
    aliases: { aderyn: ['non-reentrant-not-first'], '4naly3er': ['NC/nonReentrantBeforeModifiers'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        for (const fn of ctx.fact(programFact).functions) {
          const mods = fn.modifiers;
          const i = mods.findIndex((m) => GUARD.test(m.name));
          if (i <= 0) continue;
          const guard = mods[i].node;
          const [gs, ge] = ctx.offsets(guard);
          // Remove the guard together with the whitespace before it, and put it first.
          let from = gs;
          while (from > 0 && /\s/.test(ctx.source[from - 1])) from--;
          const [fs] = ctx.offsets(mods[0].node);
          const fixes = [{ title: `Move ${mods[i].name} first`, safety: 'unsafe' as const, edits: [ctx.edit.insertAt(fs, `${ctx.text(guard)} `), ctx.edit.replaceOffsets(from, ge, '')] }];
          ctx.report({ node: guard, fixes, message: `\`${mods[i].name}\` comes after ${mods.slice(0, i).map((m) => `\`${m.name}\``).join(', ')}: code in those modifiers runs before the guard is taken. List the reentrancy guard first.` });
        }
      },
    };
  },
});
