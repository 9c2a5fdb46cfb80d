import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'unprotected-selfdestruct',
    title: 'Anyone can destroy the contract',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    swc: 'SWC-106',
    description: 'selfdestruct (or suicide) is reachable from a public entry point that checks no caller.',
    messages: { 'open-selfdestruct': 'A selfdestruct any account can reach' },
    fix: 'none',
    aliases: { slither: ['suicidal'], aderyn: ['selfdestruct'], solhint: ['avoid-suicide'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          if (fn.selfdestructs.length === 0 || program.isProtected(fn)) continue;
          const open = program.entriesReaching(fn).filter((e) => !program.isProtected(e));
          if (open.length === 0) continue;
          const names = open.map((e) => (e.name ? `${e.name}()` : `the ${e.kind}`)).join(', ');
          for (const call of fn.selfdestructs) {
            // Per-element caller checks (see `isProtected` with a site) cover this call for every open entry.
            if (program.openToAnyone(fn) && !program.openToAnyone(fn, call)) continue;
            ctx.report({ node: call, message: `Any account can reach this selfdestruct through ${names} and destroy the contract: no check on msg.sender guards it.` });
          }
        }
      },
    };
  },
});
