import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { lineage } from './util/ast';

/** Modifier names that restrict a function to an owner, admin or role. */
const ADMIN = /^(only[A-Z_]\w*|onlyOwner|onlyAdmin|onlyRole|onlyGovernance|auth|requiresAuth|ownerOnly|adminOnly)$/;

export default defineRule({
  meta: {
    id: 'payable-admin',
    title: 'Admin-only function could be payable',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A non-payable function checks that no ether was sent (CALLVALUE, ISZERO, JUMPI); marking an admin-only function payable skips that check.',
    fix: 'unsafe',
    aliases: { '4naly3er': ['GAS/payableFunctions'] },
  },
  create(ctx) {
    return {
      FunctionDefinition(fn) {
        if (fn.isConstructor || fn.isReceiveEther || fn.isFallback || !fn.body) return;
        if (fn.visibility !== 'external' && fn.visibility !== 'public') return;
        if (fn.stateMutability) return;
        // Overrides must keep the mutability of what they override, and payable cannot be overridden by non-payable.
        if (fn.override !== null || fn.isVirtual) return;
        const guard = fn.modifiers.find((m) => ADMIN.test(m.name));
        if (!guard) return;
        // Measured (solc 0.8.37): when no function of the contract is payable the
        // compiler checks the call value once in the dispatcher, and making one
        // function payable moves the check into every other function, which cost
        // about 9,000 gas of deployment for 24 gas per call. Only contracts that
        // already have a payable entry point save outright.
        const contract = ctx.index.enclosing(fn, 'ContractDefinition');
        const members = contract ? lineage(ctx, contract).flatMap((c) => c.subNodes as ASTNode[]) : [];
        if (!members.some((m) => m.type === 'FunctionDefinition' && m !== fn && !m.isConstructor && m.stateMutability === 'payable')) return;
        const [start] = ctx.offsets(fn);
        const bodyStart = ctx.offsets(fn.body)[0];
        const header = ctx.source.slice(start, bodyStart);
        const vis = new RegExp(`\\b${fn.visibility}\\b`).exec(header);
        if (!vis) return;
        const at = start + vis.index + fn.visibility.length;
        ctx.report({
          node: fn,
          range: ctx.edit.replaceOffsets(start, header.trimEnd().length + start, '').range,
          message: `${fn.name ?? 'This function'} is restricted by ${guard.name}; marking it payable saves the callvalue check (ether sent by the admin would stay in the contract).`,
          fixes: [{ title: `Mark ${fn.name ?? 'the function'} payable`, safety: 'unsafe', edits: [ctx.edit.insertAt(at, ' payable')] }],
        });
      },
    };
  },
});
