import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact, type ContractInfo } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'payable-admin',
    title: 'Admin-only function could be payable',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A non-payable function checks that no ether was sent (CALLVALUE, ISZERO, JUMPI); marking an admin-only function payable skips that check.',
    messages: { 'could-be-payable': 'A function restricted to privileged callers that could skip the callvalue check' },
    fix: 'unsafe',
    aliases: { '4naly3er': ['GAS/payableFunctions'] },
  },
  create(ctx) {
    const payableCount = new Map<ContractInfo, number>();
    return {
      FunctionDefinition(fn) {
        if (fn.isConstructor || fn.isReceiveEther || fn.isFallback || !fn.body) return;
        if (fn.visibility !== 'external' && fn.visibility !== 'public') return;
        if (fn.stateMutability) return;
        // Overrides must keep the mutability of what they override, and payable cannot be overridden by non-payable.
        if (fn.override !== null || fn.isVirtual) return;
        // Only a privileged caller runs it (the program model's access-control answer).
        const program = ctx.fact(programFact);
        const info = program.byNode.get(fn);
        if (!info || !program.isProtected(info)) return;
        // Measured (solc 0.8.37): when no function of the contract is payable the
        // compiler checks the call value once in the dispatcher, and making one
        // function payable moves the check into every other function, which cost
        // about 9,000 gas of deployment for 24 gas per call. Only contracts that
        // already have a payable entry point save outright.
        // Payable functions of the contract and of its C3 bases, in whichever file they are declared.
        const contract = info.contract;
        // A function a base or an interface declares too implements it (with or without `override`,
        // optional for interfaces since 0.8.8): its mutability must stay what was declared, and
        // `payable` would not compile.
        const arity = fn.parameters.length;
        if (contract.lineage.slice(1).some((b) => b.functions.some((f) => f.name === fn.name && f.kind === 'function' && (f.node as typeof fn).parameters?.length === arity))) return;
        let payables = payableCount.get(contract);
        if (payables === undefined) {
          payables = contract.lineage.flatMap((c) => c.node.subNodes as ASTNode[]).filter((m) => m.type === 'FunctionDefinition' && !m.isConstructor && m.stateMutability === 'payable').length;
          payableCount.set(contract, payables);
        }
        // Another payable function (this one is not payable yet).
        if (payables === 0) return;
        const [start] = ctx.offsets(fn);
        const bodyStart = ctx.offsets(fn.body)[0];
        const header = ctx.source.slice(start, bodyStart);
        const vis = new RegExp(`\\b${fn.visibility}\\b`).exec(header);
        if (!vis) return;
        const at = start + vis.index + fn.visibility.length;
        ctx.report({
          node: fn,
          range: ctx.edit.replaceOffsets(start, header.trimEnd().length + start, '').range,
          message: `${fn.name ?? 'This function'} is restricted to privileged callers; marking it payable saves the callvalue check (ether sent by the admin would stay in the contract).`,
          fixes: [{ title: `Mark ${fn.name ?? 'the function'} payable`, safety: 'unsafe', reason: 'ether sent with the call by mistake stays in the contract', edits: [ctx.edit.insertAt(at, ' payable')] }],
        });
      },
    };
  },
});
