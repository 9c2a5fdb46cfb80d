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
    title: 'Reward for a secret the caller reveals in the open',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-114',
    description: 'A function pays its caller for submitting a value whose hash matches a stored one; the value is public in the mempool, so anyone can copy it and be mined first.',
    fix: 'none',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const taint = ctx.fact(taintFact);
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
