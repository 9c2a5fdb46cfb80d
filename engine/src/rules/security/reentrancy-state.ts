import { defineRule } from '../framework';
import { limitedGas, reentrancyFact } from '../../facts/reentrancy';
import { programFact, type ExternalCall } from '../../facts/program';
import { abiSignature } from '../../facts/token-calls';
import { describeCall, describeWrites, entries, groupHazards, notReadBeforeMessage, plural, reaches, staleOnly } from './reentrancy-util';

export default defineRule({
  meta: {
    id: 'reentrancy-state',
    title: 'Reentrancy: state written after an external call',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-107',
    description: 'State is written after an external call that sends no ETH; the callee can re-enter while the state is stale.',
    messages: {
      'state-after-call': 'State written after an external call that sends no ETH',
      'state-after-trusted-call': 'State written after a call to a contract the deployer or a role chose',
      'flash-loan-settlement': 'State written after an ERC-3156 flash-loan callback (the settlement of the loan)',
      'write-not-read-before': 'State written after an external call, none of it read before the call (low)',
    },
    fix: 'none',
    aliases: { slither: ['reentrancy-no-eth', 'reentrancy-balance'], aderyn: ['reentrancy-state-change'], solhint: ['reentrancy'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const hazards = ctx.fact(reentrancyFact).hazards.filter((h) => !h.sendsEth && h.writes.length > 0 && !limitedGas(h.call));
        const program = ctx.fact(programFact);
        for (const g of groupHazards(ctx, hazards)) {
          const what = g.indirect ? `${entries(g)} ${reaches(g)} ${describeCall(ctx, g)}` : 'This external call runs code of another contract';
          // An ERC-3156 lender calls the borrower back by design and settles afterwards: re-entry
          // during the loan is the standard's premise, and the writes after are the settlement.
          if (g.hazards.every((h) => isFlashLoanCallback(ctx, h.call))) {
            ctx.report({
              node: g.node,
              range: g.range,
              messageId: 'flash-loan-settlement',
              severity: 'low',
              message: `${what} (the ERC-3156 flash-loan callback) before ${describeWrites(ctx, g.hazards)} ${plural(g) ? 'are' : 'is'} updated: the borrower runs code in the middle of the loan by design. Check that every function it can re-enter, and every price or balance others read, stays consistent until the loan is settled.`,
            });
            continue;
          }
          // Who chose the callee decides the severity: a contract the deployer or a role chose
          // (not a token transfer, which runs hooks of accounts the caller picks) can re-enter
          // only if that chosen code hands control on.
          if (g.hazards.every((h) => program.trustedCallee(h.call))) {
            ctx.report({
              node: g.node,
              range: g.range,
              messageId: 'state-after-trusted-call',
              severity: 'low',
              message: `${what} before ${describeWrites(ctx, g.hazards)} ${plural(g) ? 'are' : 'is'} updated. The callee is a contract the deployer or a role chose, so a re-entry needs that contract to hand control on: confirm it never calls back or out to accounts others choose, or update state before the call.`,
            });
            continue;
          }
          // A write matters when the operation read the variable before the call (read, call,
          // write): a re-entry can change or reuse the value the operation already decided from.
          // A variable not read before is only updated later than a re-entry sees it, as if the
          // re-entering call had come first.
          const stale = staleOnly(g);
          if (stale.hazards.length === 0) {
            ctx.report({
              node: g.node,
              range: g.range,
              messageId: 'write-not-read-before',
              severity: 'low',
              message: notReadBeforeMessage(ctx, g, what, 'a re-entry could change'),
            });
            continue;
          }
          ctx.report({
            node: g.node,
            range: g.range,
            messageId: 'state-after-call',
            message: `${what} before ${describeWrites(ctx, stale.hazards)} ${plural(stale) ? 'are' : 'is'} updated: the callee can call back into this contract while the state is stale. Update state before the call or add a reentrancy guard.`,
          });
        }
      },
    };
  },
});

/** A high-level call of the ERC-3156 borrower callback `onFlashLoan(address,address,uint256,uint256,bytes)`, by the callee's declared signature. */
function isFlashLoanCallback(ctx: Parameters<typeof abiSignature>[0], call: ExternalCall): boolean {
  return call.kind === 'high-level' && !!call.callee && abiSignature(ctx, call.callee) === 'onFlashLoan(address,address,uint256,uint256,bytes)';
}
