import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'unchecked-erc20-transfer',
    title: 'Unchecked ERC20 transfer',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-104',
    description: 'The boolean returned by an ERC20 transfer or transferFrom is ignored; tokens that return false instead of reverting fail silently.',
    fix: 'none',
    aliases: { slither: ['unchecked-transfer'], aderyn: ['unsafe-erc20-operation'], '4naly3er': ['M/uncheckedERC20Transfer', 'M/unsafeERC20Transfer', 'L/unsafeERC20Operations'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          for (const call of fn.externalCalls) {
            if (call.kind !== 'high-level' || !call.discarded) continue;
            const argc = call.node.arguments.length;
            if (!((call.member === 'transfer' && argc === 2) || (call.member === 'transferFrom' && argc === 3))) continue;
            // Where the token's interface is in this file and declares no return value, there is nothing to check.
            const type = program.contractTypeOf(fn, call.target);
            const c = type ? program.byName.get(type) : undefined;
            // A type from another file may be a user-defined value type with its own library
            // `transfer` (Uniswap v4's Currency); without the compiler's types, only names that say
            // "token" are taken to be ERC20s.
            if (!c && !(type && /erc20|token|weth|usd|dai/i.test(type))) continue;
            if (c) {
              const decl = c.allFunctions.find((f) => f.name === call.member);
              if (decl && ((decl.node as { returnParameters?: ASTNode[] | null }).returnParameters ?? []).length === 0) continue;
              if (!decl && c.externalBases.length === 0) continue;
            }
            ctx.report({ node: call.node, message: `The result of ${call.member}() is ignored: tokens that signal failure by returning false (not reverting) fail silently here. Use SafeERC20's safe${call.member[0].toUpperCase()}${call.member.slice(1)} or check the result.` });
          }
        }
      },
    };
  },
});
