import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { calleeOf, isSender, requireCondition, unparen } from '../../facts/ast-util';
import { programFact } from '../../facts/program';
import { taintFact } from '../../facts/taint';

const HASH = new Set(['keccak256', 'sha3', 'sha256', 'ripemd160']);

export default defineRule({
  meta: {
    id: 'front-running',
    title: 'Transaction-order dependence',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-114',
    description: 'A caller is paid for a secret revealed in the open, or paid an amount a privileged account can change while the claim is pending; the mempool is public, so others can act first.',
    fix: 'none',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const taint = ctx.fact(taintFact);
        // A reward paid to whoever claims, whose size a privileged account can change at any
        // moment: the owner sees the claim in the mempool and changes the amount first.
        const adminSet = new Set<string>();
        for (const f of program.functions) {
          if (f.kind === 'constructor' || !program.isProtected(f)) continue;
          for (const [name, nodes] of f.writes) if (nodes.some((n) => n.type === 'BinaryOperation' && unparen(n.left).type === 'Identifier')) adminSet.add(name);
        }
        for (const fn of program.functions) {
          if (!fn.isEntry || program.isProtected(fn) || !fn.node.body) continue;
          for (const c of fn.externalCalls) {
            if (!c.value || !isSender(unparen(c.target))) continue;
            const v = unparen(c.value);
            if (v.type === 'Identifier' && adminSet.has(v.name) && program.resolve(fn, v.name)?.kind === 'state') {
              ctx.report({ node: c.node, message: `${fn.name}() pays the caller \`${v.name}\`, which a privileged function can change at any time: a claim in the mempool can be front-run by a change of the amount (or the reverse). Let claimants state the amount they expect and check it.` });
            }
          }
        }
        for (const fn of program.functions) {
          if (!fn.isEntry || program.isProtected(fn) || !fn.node.body) continue;
          const paysCaller = [...program.reachable(fn)].some((f) => f.externalCalls.some((c) => c.value !== undefined && isSender(unparen(c.target))));
          if (!paysCaller) continue;
          let gate: ASTNode | undefined;
          const visit = (n: ASTNode) => {
            if (gate) return;
            const cond = requireCondition(n) ?? (n.type === 'IfStatement' ? n.condition : undefined);
            if (cond && hashOfInput(cond)) gate = cond;
            forEachChild(n, visit);
          };
          const hashOfInput = (cond: ASTNode): boolean => {
            let hit = false;
            const v = (n: ASTNode) => {
              if (hit) return;
              if (n.type === 'FunctionCall') {
                const { callee } = calleeOf(n);
                if (callee.type === 'Identifier' && HASH.has(callee.name) && n.arguments.some((a) => taint.of(fn, a).has('param'))) hit = true;
              }
              forEachChild(n, v);
            };
            v(cond);
            return hit;
          };
          visit(fn.node.body);
          if (!gate) continue;
          ctx.report({ node: gate, message: `${fn.name}() pays the caller for revealing a value that matches a hash: the value is visible in the mempool as soon as it is sent, so anyone can copy it with a higher gas price and take the reward. Use commit-reveal (commit a hash bound to msg.sender first, reveal later).` });
        }
      },
    };
  },
});
