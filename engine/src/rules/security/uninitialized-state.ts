import { defineRule, type RuleContext } from '../framework';
import { programFact, type ContractInfo, type FunctionInfo, type StateVar } from '../../facts/program';
import { subtree } from '../../facts/ast-index';
import { isValueTypeName, typeDeclaration } from '../../facts/declarations';
import type { TypeName } from '@solidity-parser/parser/dist/src/ast-types';

/**
 * The value an unassigned variable of a value type holds, by what its type is declared as (a
 * struct, or a type whose declaration is not in the closure, is no value type: undefined).
 */
function zeroOf(ctx: RuleContext, v: StateVar): string | undefined {
  const t = v.typeName as TypeName | null;
  if (isValueTypeName(ctx, t) !== true || !t) return undefined;
  if (t.type === 'ElementaryTypeName') return t.name.startsWith('address') ? 'address(0)' : t.name === 'bool' ? 'false' : 'zero';
  const d = typeDeclaration(ctx, t);
  if (d?.type === 'ContractDefinition') return 'address(0)';
  if (d?.type === 'EnumDefinition') return d.members[0] ? `${d.name}.${d.members[0].name}` : 'zero';
  return 'zero';
}

export default defineRule({
  meta: {
    id: 'uninitialized-state',
    title: 'State variable read but never set',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'A state variable is read but nothing ever assigns it, so it always holds its zero value.',
    messages: { 'never-assigned': 'A state variable that is read but never assigned' },
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
            const zero = zeroOf(ctx, v);
            if (!zero) continue;
            if (fns.some((f) => f.writes.has(v.name))) continue;
            const readers = fns.filter((f) => f.reads.has(v.name));
            if (readers.length === 0) continue;
            // A public variable nobody sets is still only a getter returning zero; flag it only when code uses it.
            ctx.report({ node: v.node, message: `\`${v.name}\` is never assigned, yet ${readers.map((f) => `${f.name || f.kind}()`).join(', ')} read${readers.length === 1 ? 's' : ''} it: it is always ${zero}.` });
          }
        }
        // An abstract base runs as part of the contracts that derive from it (in files that import
        // this one): judged in each, a variable is unset when that contract's code never assigns it.
        for (const c of program.contracts) {
          if (c.kind !== 'abstract') continue;
          const deployables = program.allContracts.filter((d) => d.kind === 'contract' && d.lineage.includes(c));
          const codeOf = (d: ContractInfo): FunctionInfo[] => d.lineage.flatMap((l) => l.functions);
          // A base shared by a contract that delegatecalls (a proxy or diamond) lays out storage that
          // its delegatecall targets share: what one contract of the family writes, the others read.
          const shared = deployables.some((d) => codeOf(d).some((f) => [...program.reachable(f)].some(delegates)));
          for (const v of c.stateVars.values()) {
            if (v.contract !== c || v.initialized || v.constant || v.immutable) continue;
            const zero = zeroOf(ctx, v);
            if (!zero) continue;
            if (shared && deployables.some((d) => codeOf(d).some((f) => [...program.reachable(f)].some((g) => g.writes.has(v.name) || g.writes.has('<assembly>'))))) continue;
            for (const d of deployables) {
              const fns = d.lineage.filter((l) => l.lineage.includes(c)).flatMap((l) => l.functions);
              for (const f of fns) program.reachable(f);
              if (fns.some((f) => f.writes.has(v.name) || f.writes.has('<assembly>'))) continue;
              const readers = fns.filter((f) => f.reads.has(v.name));
              if (readers.length === 0) continue;
              ctx.report({ node: v.node, message: `\`${v.name}\` is never assigned in ${d.name}, which derives from ${c.name}, yet ${readers.map((f) => `${f.name || f.kind}()`).join(', ')} read${readers.length === 1 ? 's' : ''} it: it is always ${zero} there.` });
              break;
            }
          }
        }
      },
    };
  },
});

/** `f` delegatecalls: `.delegatecall(…)` or `delegatecall` in inline assembly. */
function delegates(f: FunctionInfo): boolean {
  if (f.externalCalls.some((c) => c.kind === 'delegatecall')) return true;
  return !!f.node.body && subtree(f.node.body).some((n) => n.type === 'AssemblyCall' && n.functionName === 'delegatecall');
}
