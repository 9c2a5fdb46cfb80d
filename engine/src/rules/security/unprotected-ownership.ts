import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact } from '../../facts/program';
import { isSender, unparen } from '../../facts/ast-util';


export default defineRule({
  meta: {
    id: 'unprotected-ownership',
    title: 'Anyone can take an access-control role',
    category: 'security',
    // Production advice: test and script code is never deployed to hold value.
    testCode: false,
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-105',
    description: 'A public function that checks no caller writes a variable that other functions use to decide who may act (owner, admins).',
    messages: { 'open-role-write': 'A function that checks no caller writes the state that decides who is privileged' },
    fix: 'none',
    aliases: { slither: ['unprotected-upgrade'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        if (program.authority.size === 0) return;
        for (const fn of program.functions) {
          // A one-time setup (an initializer) is unprotected-initializer's question.
          if (!fn.isEntry || program.isProtected(fn) || program.isOneShot(fn)) continue;
          const reach = program.reachable(fn);
          const hits: Array<{ name: string; node: ASTNode }> = [];
          for (const f of reach) {
            if (f.kind === 'modifier' || (f !== fn && program.isProtected(f))) continue;
            for (const [name, nodes] of f.writes) {
              if (!program.authority.has(name) || !fn.contract.stateVars.has(name)) continue;
              // `isOperator[msg.sender][op] = true` changes the caller's own entry, not someone else's power.
              const foreign = nodes.filter((n) => !ownEntry(n));
              if (foreign.length > 0) hits.push({ name, node: foreign[0] });
            }
          }
          if (hits.length === 0) continue;
          const names = [...new Set(hits.map((h) => `\`${h.name}\``))].join(', ');
          ctx.report({
            node: fn.node,
            message: `${fn.name || fn.kind}() checks no caller, yet it writes ${names}, which decide${hits.length > 1 ? '' : 's'} who may call the guarded functions: anyone can make themselves privileged.${fn.name && fn.name.toLowerCase() === fn.contract.name.toLowerCase() ? ' (Was this meant to be the constructor? Its name does not match the contract exactly.)' : ''}`,
          });
        }
      },
    };
  },
});

function ownEntry(write: ASTNode): boolean {
  const target = write.type === 'BinaryOperation' ? write.left : write.type === 'UnaryOperation' ? write.subExpression : undefined;
  if (!target) return false;
  // The innermost index of `m[a][b]` is the first key, `a`.
  let n: ASTNode = unparen(target);
  let firstKey: ASTNode | undefined;
  while (n.type === 'IndexAccess' || n.type === 'MemberAccess') {
    if (n.type === 'IndexAccess') {
      firstKey = n.index ?? undefined;
      n = unparen(n.base);
    } else n = unparen(n.expression);
  }
  return !!firstKey && isSender(unparen(firstKey));
}
