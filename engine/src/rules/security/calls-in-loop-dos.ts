import { defineRule, type NodeOf } from '../framework';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { baseIdentifier, isAbort, isIdent, isSender, requireCondition, unparen } from '../../facts/ast-util';
import { programFact, type ExternalCall, type FunctionInfo } from '../../facts/program';
import { definitionsOf } from '../../facts/value-flow';

export default defineRule({
  meta: {
    id: 'calls-in-loop-dos',
    title: 'External call inside a loop',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    swc: 'SWC-113',
    description: 'An external call (or ETH payment) inside a loop: one failing or gas-hungry recipient blocks every other iteration.',
    messages: {
      'helper-call-in-loop': 'A function that makes an external call is called inside a loop',
      'stored-recipient-payment': 'A payment to an address from storage whose failure reverts the whole call',
      'payment-in-loop': 'ETH is pushed to recipients inside a loop',
      'caller-batch': 'ETH is sent in a loop to recipients the caller lists in the same call',
      'call-in-loop': 'An external call inside a loop',
    },
    fix: 'none',
    aliases: { slither: ['calls-loop'], aderyn: ['require-revert-in-loop'], '4naly3er': ['L/extCallLoop'] },
  },
  create(ctx) {
    // transfer reverts by itself; send and call revert when their flag is required.
    const revertsOnFailure = (call: ExternalCall): boolean => {
      if (call.kind === 'transfer') return true;
      if (call.kind !== 'send' && !(call.kind === 'call' && call.value)) return false;
      let p: ASTNode | undefined = ctx.parent(call.node);
      while (p && (p.type === 'TupleExpression' || (p.type === 'UnaryOperation' && p.operator === '!'))) p = ctx.parent(p);
      if (!p) return false;
      if (requireCondition(p)) return true;
      return p.type === 'IfStatement' && isAbort(p.trueBody as ASTNode);
    };
    const paysStoredRecipient = (call: ExternalCall): boolean => {
      const t = unparen(call.target);
      if (isSender(t)) return false;
      const b = baseIdentifier(t.type === 'FunctionCall' && t.arguments.length === 1 ? t.arguments[0] : t);
      return !!b && ctx.fact(programFact).resolve(call.fn, b.name)?.kind === 'state';
    };
    /** An address read from the function's own arguments (`calls[i].target`, a local copied from one), not from storage. */
    const fromArguments = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
      if (depth > 4) return false;
      const b = baseIdentifier(unparen(e).type === 'FunctionCall' && (unparen(e) as NodeOf<'FunctionCall'>).arguments.length === 1 ? (unparen(e) as NodeOf<'FunctionCall'>).arguments[0] : e);
      if (!b) return false;
      const r = ctx.fact(programFact).resolve(fn, b.name);
      if (!r || r.kind === 'state') return false;
      if (r.kind === 'param') return fn.isEntry;
      const defs = definitionsOf(ctx, fn, b.name);
      return defs.length > 0 && defs.every((d) => d !== 'assembly' && fromArguments(fn, d, depth + 1));
    };
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          // A helper (here or in a base in another file) that calls out, called inside a loop here.
          const seenHelpers = new Set<ASTNode>();
          for (const ic of fn.internalCalls) {
            if (seenHelpers.has(ic.node) || !program.isInLoop(ic.node, fn)) continue;
            const out = [...program.reachable(ic.target)].flatMap((g) => g.externalCalls).find((c) => !c.static && !isIdent(unparen(c.target), 'this') && c.kind !== 'staticcall');
            if (!out) continue;
            seenHelpers.add(ic.node);
            // Paying a fixed address (wrapping ETH in the contract's own WETH) cannot be blocked by a recipient.
            const pays = (out.kind === 'send' || out.kind === 'transfer' || out.value !== undefined) && !program.fixedAddress(out.fn, out.target);
            ctx.report({
              node: ic.node,
              severity: pays ? 'medium' : undefined,
              messageId: 'helper-call-in-loop',
              message: `${ic.target.name}() makes an external call (${out.member}) and is called inside a loop: one callee that reverts${pays ? ' or rejects ETH' : ' or burns gas'} stops the whole loop. Isolate failures or let recipients act one at a time.`,
            });
          }
          for (const call of fn.externalCalls) {
            if (!call.inLoop) {
              if (revertsOnFailure(call) && paysStoredRecipient(call) && program.openToAnyone(fn)) {
                ctx.report({ node: call.node, messageId: 'stored-recipient-payment', message: `This payment goes to \`${ctx.text(call.target)}\`, an address taken from storage, and its failure reverts the whole call: if that recipient is a contract that rejects ETH, ${fn.name || fn.kind}() fails for everyone from then on. Record what is owed and let the recipient withdraw it.` });
              }
              continue;
            }
            // Batching calls to this contract itself (multicall) cannot be blocked by a stranger.
            const t = unparen(call.target);
            if (t.type === 'FunctionCall' && t.arguments.length === 1 && isIdent(unparen(t.arguments[0]), 'this')) continue;
            const pays = (call.kind === 'send' || call.kind === 'transfer' || call.value !== undefined) && !program.fixedAddress(fn, call.target);
            // Recipients the caller lists in this very call (a multicall's targets, a batch of
            // payees passed in): one that reverts fails only the caller's own batch.
            if (pays && fromArguments(fn, call.target)) {
              ctx.report({
                node: call.node,
                messageId: 'caller-batch',
                message: `ETH is sent inside a loop to recipients the caller lists in this call: one that reverts fails the whole batch, but only the caller's own. Allow a failure per item if partial success is wanted.`,
              });
              continue;
            }
            ctx.report({
              node: call.node,
              severity: pays ? 'medium' : undefined,
              messageId: pays ? 'payment-in-loop' : 'call-in-loop',
              message: pays
                ? 'ETH is pushed to recipients inside a loop: one recipient that reverts (or a list that grows too long) blocks everyone’s payment. Let recipients withdraw instead (pull payments).'
                : 'External call inside a loop: one callee that reverts or burns gas stops the whole loop. Isolate failures or let callers act one at a time.',
            });
          }
        }
      },
    };
  },
});
