import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'locked-ether',
    title: 'Contract accepts ETH but cannot send it',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    description: 'The contract has payable functions but no code path that sends ETH out, so ETH sent to it is locked forever.',
    messages: { 'no-withdrawal': 'A contract that accepts ETH but has no way to send it out' },
    fix: 'none',
    aliases: { slither: ['locked-ether'], aderyn: ['contract-locks-ether'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const c of program.contracts) {
          if (c.kind !== 'contract' || c.externalBases.length > 0) continue;
          // A base that deployed contracts derive from (a payment mixin) is judged as part of
          // them: their own ways to send ETH out count there, in their files' findings.
          if (program.allContracts.some((d) => d !== c && d.kind === 'contract' && d.lineage.includes(c))) continue;
          const fns = c.lineage.flatMap((l) => l.functions);
          const payable = fns.filter((f) => f.payable && f.kind !== 'constructor');
          if (payable.length === 0) continue;
          // What the contract's own code runs, wherever it is declared: a library or base helper that pays counts.
          const runs = new Set(fns.flatMap((f) => [...program.reachable(f)]));
          const sends = [...runs].some(
            (f) =>
              f.selfdestructs.length > 0 ||
              f.creations.some((n) => createsWithValue(f.file.index.parent(n))) ||
              f.externalCalls.some((x) => x.value !== undefined || x.kind === 'delegatecall' || x.kind === 'callcode' || x.kind === 'high-level') ||
              f.unresolvedCalls.length > 0 ||
              (f.node.body !== null && /\b(call|delegatecall|callcode|create2?|selfdestruct|selfdestruct)\s*\(/.test(ctx.text(f.node.body!)) && ctx.index.descendants(f.node.body!).some((n) => n.type === 'InlineAssemblyStatement')),
          );
          if (sends) continue;
          ctx.report({ node: c.node, range: nameRange(ctx, c.node), message: `${c.name} accepts ETH (${payable.map((f) => (f.name ? `${f.name}()` : f.kind)).join(', ')}) but has no way to send it out: ETH sent here is locked forever. Add a withdrawal function or remove payable.` });
        }
      },
    };
  },
});

function nameRange(ctx: Parameters<Parameters<typeof defineRule>[0]['create']>[0], node: { range?: [number, number]; name: string }) {
  const start = node.range![0];
  const idx = ctx.source.indexOf(node.name, start);
  const s = idx >= 0 ? idx : start;
  const r = ctx.range({ type: 'Identifier', name: node.name, range: [s, s + node.name.length - 1] } as never);
  return r;
}

/** `new C{value: v}(…)`: a creation that endows the new contract with ETH. */
function createsWithValue(p: ASTNode | undefined): boolean {
  if (!p || p.type !== 'NameValueExpression') return false;
  const list = (p as { arguments?: { names?: string[] } }).arguments;
  return !!list?.names?.includes('value');
}
