import { defineRule } from '../framework';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';


export default defineRule({
  meta: {
    id: 'unprotected-initializer',
    title: 'Initializer anyone can call',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-105',
    description: 'A public initializer sets up ownership or configuration but nothing stops a stranger from calling it (again), or from initialising the implementation behind a proxy.',
    messages: { 'open-initializer': 'An initializer anyone can call first, on a contract that holds selfdestruct or delegatecall' },
    fix: 'none',
    aliases: { slither: ['unprotected-upgrade'], aderyn: ['unprotected-initializer'], '4naly3er': ['L/frontRunnableInitializer', 'L/disableInitImpl', 'L/upgradeableNotInit'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          // An initializer, by what it does: a one-time guard (storage checked, then set for good).
          if (!fn.isEntry || program.isProtected(fn) || !program.isOneShot(fn)) continue;
          if (program.writesOf(fn).size === 0 && program.storeKeysOf(fn).size === 0) continue;
          const c = fn.contract;
          // Initialised (or disabled) at deployment: the constructor sets the guard's storage.
          // A mapping checked and set is a once-per-key record (an order, a claim, a cooldown),
          // not a once-per-contract initializer: every new key passes it again.
          const keys = new Set([...program.oneShotKeys(fn)].filter((k) => c.stateVars.get(k)?.typeName?.type !== 'Mapping'));
          if (keys.size === 0) continue;
          const ctors = c.lineage.flatMap((l) => l.functions.filter((f) => f.kind === 'constructor'));
          if (ctors.some((ctor) => program.reachable(ctor).has(fn) || [...program.storeKeysOf(ctor)].some((k) => keys.has(k)))) continue;
          // Whoever calls first takes it: harmful where the contract can be destroyed or hijacked
          // (selfdestruct, delegatecall), as with a wallet library or a proxy's implementation.
          const dangerous = c.allFunctions.some((f) => {
            const reach = program.reachable(f);
            return [...reach].some((g) => g.selfdestructs.length > 0 || g.externalCalls.some((x) => x.kind === 'delegatecall'));
          });
          if (!dangerous) continue;
          ctx.report({ node: fn.node, message: `${c.name} can be initialised by whoever calls ${fn.name}() first (it sets ${describe(program, fn)} once), and its deployment never does so; it also holds selfdestruct or delegatecall, so the first caller can destroy or hijack it (and every proxy or wallet that uses it).` });
        }
      },
    };
  },
});

function describe(program: Program, fn: FunctionInfo): string {
  const writes = [...program.writesOf(fn)].filter((w) => w !== '<assembly>');
  return writes.length ? writes.slice(0, 4).map((w) => `\`${w}\``).join(', ') : 'its configuration';
}
