import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact, type FunctionInfo } from '../../facts/program';
import { forEachChild } from '../../facts/ast-index';
import { unparen } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'unchecked-erc20-transfer',
    title: 'Unchecked ERC20 transfer',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-104',
    description: 'The boolean returned by an ERC20 transfer or transferFrom is ignored; tokens that return false instead of reverting fail silently.',
    messages: {
      'ignored-result': 'The bool returned by an ERC20 transfer or transferFrom is ignored',
      'ignored-result-pinned-token': 'The bool returned by a transfer on a token whose code the source pins is ignored',
    },
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
            // A token by its interface, not its name: the callee's declaration (found across
            // the import closure) returns a bool. Without the declaration, nothing is claimed.
            const c = call.targetType;
            if (!c) continue;
            const decl = call.callee ?? c.allFunctions.find((f) => f.name === call.member && (f.node.parameters ?? []).length === argc);
            if (!decl) {
              if (c.externalBases.length === 0) continue;
            } else {
              const returns = ((decl.node as { returnParameters?: ASTNode[] | null }).returnParameters ?? []) as Array<{ typeName?: { name?: string } }>;
              if (returns.length === 0 || returns[0].typeName?.name !== 'bool') continue;
              // An implementation that never returns false (it reverts on failure) leaves nothing to check.
              if (alwaysTrue(decl)) continue;
            }
            // A transfer of nothing (`transferFrom(a, b, 0)` to trigger the token's own hook or
            // accounting) moves no value: a silent failure loses nothing.
            if (program.zeroValue(fn, call.node.arguments[argc - 1])) continue;
            const safe = `safe${call.member[0].toUpperCase()}${call.member.slice(1)}`;
            // A token whose code the source pins (a CREATE2 address with a constant init-code
            // hash: the protocol's own pair or vault) is not a token anyone chose: whether it can
            // return false is a property of that one contract's code, to confirm once.
            if (program.pinnedCode(fn, call.target)) {
              ctx.report({
                node: call.node,
                messageId: 'ignored-result-pinned-token',
                severity: 'low',
                message: `The result of ${call.member}() is ignored. The token's code is pinned by this source (a CREATE2 address with a constant init-code hash), not chosen by anyone: confirm that code reverts on failure rather than returning false, or use SafeERC20's ${safe}.`,
              });
              continue;
            }
            ctx.report({ node: call.node, messageId: 'ignored-result', message: `The result of ${call.member}() is ignored: tokens that signal failure by returning false (not reverting) fail silently here. Use SafeERC20's ${safe} or check the result.` });
          }
        }
      },
    };
  },
});

/** A function body whose every return is the literal `true`. */
function alwaysTrue(f: FunctionInfo): boolean {
  const body = f.node.body;
  if (!body) return false;
  const rets: ASTNode[] = [];
  const visit = (n: ASTNode) => {
    if (n.type === 'ReturnStatement') rets.push(n);
    forEachChild(n, visit);
  };
  visit(body);
  return rets.length > 0 && rets.every((r) => {
    const e = (r as { expression?: ASTNode | null }).expression;
    return !!e && unparen(e).type === 'BooleanLiteral' && (unparen(e) as { value: boolean }).value === true;
  });
}
