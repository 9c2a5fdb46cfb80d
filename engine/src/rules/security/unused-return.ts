import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { abiSignature } from '../../facts/token-calls';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'unused-return',
    title: 'Return value of an external call ignored',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-104',
    description: 'An external call’s return value is discarded although the callee declares one.',
    messages: {
      'ignored-success-flag': 'A bool success flag returned by an external call is discarded',
      'ignored-result': 'The return value of an external call is discarded',
      'ignored-approval': 'The bool of an ERC-20 approve is discarded (a failed approval moves nothing)',
    },
    fix: 'none',
    aliases: { slither: ['unused-return'], aderyn: ['unchecked-return'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          for (const call of fn.externalCalls) {
            if (call.kind !== 'high-level' || !call.discarded) continue;
            if (call.member === 'transfer' || call.member === 'transferFrom') continue;
            const type = program.contractTypeOf(fn, call.target);
            const c = type ? program.byName.get(type) : undefined;
            if (!c) continue;
            const decl = c.allFunctions.find((f) => f.name === call.member && (f.node.parameters ?? []).length === call.node.arguments.length);
            const params = ((decl?.node as { returnParameters?: ASTNode[] | null } | undefined)?.returnParameters ?? []) as ASTNode[];
            const returns = params.length;
            if (!decl || returns === 0) continue;
            // A `bool` result is the callee's way to say it failed: dropping it loses the failure.
            // Other results (an address created, new totals, an amount) come from a callee that
            // reverts when it fails; ignoring them is a smaller risk, reported at low severity.
            const status = params.some((p) => p.type === 'VariableDeclaration' && p.typeName?.type === 'ElementaryTypeName' && p.typeName.name === 'bool');
            // An allowance that silently fails to be granted moves nothing: the spender's later
            // pull reverts. The ERC-20 `approve` (by its ABI signature) is a smaller risk.
            if (status && abiSignature(ctx, decl) === 'approve(address,uint256)') {
              ctx.report({ node: call.node, severity: 'low', messageId: 'ignored-approval', message: `${type}.${call.member}() returns a success flag that this call ignores. A failed approval moves no tokens (the spender's later transfer reverts instead), but the failure surfaces away from its cause: check the result or use SafeERC20's forceApprove.` });
              continue;
            }
            if (status) {
              ctx.report({ node: call.node, messageId: 'ignored-success-flag', message: `${type}.${call.member}() returns a success flag that this call ignores: a call that fails without reverting goes unnoticed.` });
            } else {
              ctx.report({ node: call.node, severity: 'low', messageId: 'ignored-result', message: `${type}.${call.member}() returns ${returns === 1 ? 'a value' : `${returns} values`} that this call ignores; the callee reverts on failure, but an unexpected result (an amount, an address) goes unnoticed.` });
            }
          }
        }
      },
    };
  },
});
