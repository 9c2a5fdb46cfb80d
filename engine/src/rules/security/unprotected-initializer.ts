import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { isAbort, requireCondition } from '../../facts/ast-util';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';

const INIT_NAME = /^_?(init|initiali[sz]e)([A-Z_]\w*)?$/;
const ONE_SHOT_MODIFIER = /initiali[sz]|uninitiali[sz]ed|notInitiali[sz]ed|onlyOnce|once/i;

export default defineRule({
  meta: {
    id: 'unprotected-initializer',
    title: 'Initializer anyone can call',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-105',
    description: 'A public initializer sets up ownership or configuration but nothing stops a stranger from calling it (again), or from initialising the implementation behind a proxy.',
    fix: 'none',
    aliases: { slither: ['unprotected-upgrade'], aderyn: ['unprotected-initializer'], '4naly3er': ['L/frontRunnableInitializer', 'L/disableInitImpl', 'L/upgradeableNotInit'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          if (!fn.isEntry || !INIT_NAME.test(fn.name) || program.isProtected(fn)) continue;
          if (program.writesOf(fn).size === 0) continue;
          const c = fn.contract;
          if (!hasOneShotGuard(program, fn)) {
            ctx.report({ node: fn.node, message: `${fn.name}() sets up the contract but has no check on the caller and no one-time guard: anyone can call it, and call it again, to take over ${describe(program, fn)}.` });
            continue;
          }
          // Guarded once, but the contract itself is never initialised: whoever calls first takes it.
          const ctor = program.functions.find((f) => f.contract === c && f.kind === 'constructor');
          const initialisedAtDeploy = ctor && (program.reachable(ctor).has(fn) || /_disableInitializers\s*\(/.test(ctx.text(ctor.node)));
          if (initialisedAtDeploy) continue;
          const dangerous = c.allFunctions.some((f) => f.selfdestructs.length > 0 || f.externalCalls.some((x) => x.kind === 'delegatecall'));
          if (!dangerous) continue;
          ctx.report({ node: fn.node, message: `${c.name} can be initialised by whoever calls ${fn.name}() first, and its deployment never does so; it also holds selfdestruct or delegatecall, so the first caller can destroy or hijack it (and every proxy or wallet that uses it).` });
        }
      },
    };
  },
});

function describe(program: Program, fn: FunctionInfo): string {
  const writes = [...program.writesOf(fn)].filter((w) => w !== '<assembly>');
  return writes.length ? writes.slice(0, 4).map((w) => `\`${w}\``).join(', ') : 'its configuration';
}

// A condition on state that the initializer itself writes, checked before it proceeds.
function hasOneShotGuard(program: Program, fn: FunctionInfo): boolean {
  if (fn.modifiers.some((m) => ONE_SHOT_MODIFIER.test(m.name))) return true;
  // A guard written in assembly: a storage slot read that can revert.
  const asm = program.reachable(fn);
  for (const f of asm) {
    if (!f.node.body) continue;
    let found = false;
    const scan = (n: ASTNode) => {
      if (found) return;
      if (n.type === 'InlineAssemblyStatement') {
        const text = JSON.stringify(n, (k, v) => (k === 'loc' || k === 'range' ? undefined : v));
        if (text.includes('"sload"') && text.includes('"revert"')) found = true;
      }
      forEachChild(n, scan);
    };
    scan(f.node.body);
    if (found) return true;
  }
  const written = program.writesOf(fn);
  const bodies: ASTNode[] = [fn.node, ...fn.modifiers.map((m) => m.target?.node).filter((n): n is NonNullable<typeof n> => !!n)];
  for (const body of bodies) {
    let guarded = false;
    const visit = (n: ASTNode) => {
      if (guarded) return;
      const cond = requireCondition(n) ?? (n.type === 'IfStatement' && isAbort(n.trueBody as ASTNode) ? n.condition : undefined);
      if (cond) {
        const ids: string[] = [];
        const collect = (x: ASTNode) => {
          if (x.type === 'Identifier') ids.push(x.name);
          forEachChild(x, collect);
        };
        collect(cond);
        if (ids.some((id) => written.has(id))) guarded = true;
      }
      forEachChild(n, visit);
    };
    visit(body);
    if (guarded) return true;
  }
  return false;
}
