import { defineRule } from '../framework';
import { reentrancyFact } from '../../facts/reentrancy';
import { programFact } from '../../facts/program';
import { describeCall, describeWrites, entries, groupHazards, notReadBeforeMessage, onlyLimitedGas, plural, reaches, staleOnly } from './reentrancy-util';

export default defineRule({
  meta: {
    id: 'reentrancy-eth',
    title: 'Reentrancy: state written after sending ETH',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-107',
    description: 'State is written after an external call that sends ETH, so the callee can re-enter and act on stale state.',
    messages: {
      'limited-gas-send': 'State written after a send or transfer, whose 2300-gas stipend stops re-entry today (info)',
      'state-after-eth': 'State written after a call that sends ETH and hands control to the recipient',
      'eth-to-trusted-callee': 'State written after ETH is paid into a contract the deployer or a role chose (low)',
      'eth-write-not-read-before': 'State written after a call that sends ETH, none of it read before the call (low)',
    },
    fix: 'none',
    aliases: { slither: ['reentrancy-eth'], aderyn: ['reentrancy-state-change'], solhint: ['reentrancy'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const hazards = ctx.fact(reentrancyFact).hazards.filter((h) => h.sendsEth && h.writes.length > 0);
        for (const g of groupHazards(ctx, hazards)) {
          if (onlyLimitedGas(g)) {
            // `send`/`transfer` forward 2300 gas: not enough to change state today, but gas repricing has broken that assumption before.
            ctx.report({
              node: g.node,
              range: g.range,
              severity: 'info',
              messageId: 'limited-gas-send',
              message: `${g.indirect ? `${entries(g)} ${reaches(g)} ${describeCall(ctx, g)}, a \`send\`/\`transfer\`,` : 'This `send`/`transfer` pays the recipient'} before ${describeWrites(ctx, g.hazards)} ${plural(g) ? 'are' : 'is'} updated. Its 2300-gas stipend stops a state-changing re-entry today, but gas repricing has broken that assumption before: update state before paying.`,
            });
            continue;
          }
          // ETH paid into a contract the deployer or a role chose (a fixed system contract, a
          // configured bridge), by a high-level call that is not a hook-running token transfer:
          // re-entry needs that chosen code to hand control on, as in reentrancy-state.
          if (g.hazards.every((h) => program.trustedCallee(h.call))) {
            ctx.report({
              node: g.node,
              range: g.range,
              severity: 'low',
              messageId: 'eth-to-trusted-callee',
              message: `${g.indirect ? `${entries(g)} ${reaches(g)} ${describeCall(ctx, g)}, which sends ETH,` : 'This call sends ETH'} to a contract the deployer or a role chose, before ${describeWrites(ctx, g.hazards)} ${plural(g) ? 'are' : 'is'} updated. A re-entry needs that contract to hand control on: confirm it never calls back or out to accounts others choose, or update state before the call.`,
            });
            continue;
          }
          const what = g.indirect ? `${entries(g)} ${reaches(g)} ${describeCall(ctx, g)}, which sends ETH,` : 'This call sends ETH and hands control to the recipient';
          // As in reentrancy-state: only a write of a value read before the call (read, pay, write)
          // lets a re-entry act on what the operation already decided from.
          const stale = staleOnly(g);
          if (stale.hazards.length === 0) {
            ctx.report({
              node: g.node,
              range: g.range,
              severity: 'low',
              messageId: 'eth-write-not-read-before',
              message: notReadBeforeMessage(ctx, g, what, 'the recipient could change by re-entering'),
            });
            continue;
          }
          ctx.report({
            node: g.node,
            range: g.range,
            messageId: 'state-after-eth',
            message: `${what} before ${describeWrites(ctx, stale.hazards)} ${plural(stale) ? 'are' : 'is'} updated: the recipient can call back in (through ${entries(g)}) while the old value still stands. Update state before the call (checks-effects-interactions) or add a reentrancy guard.`,
          });
        }
      },
    };
  },
});
