import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { programFact } from '../../facts/program';
import { defineRule, type NodeOf } from '../framework';
import { calleeName, calleeOf, isIdent, isNumberLiteral, unparen } from '../../facts/ast-util';
import { codelessTokenCalls } from '../../facts/token-calls';
import { tokenPulls } from '../../facts/token-pulls';

/** `transfer` for `transfer(address,uint256)`; `transfer or approve` for two. */
const abiNames = (signatures: string[]) => signatures.map((s) => s.slice(0, s.indexOf('('))).join(' or ');

export default defineRule({
  meta: {
    id: 'weird-erc20',
    title: 'Assumes every ERC20 behaves like the standard',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'Fee-on-transfer tokens, USDT-style approvals, and low-level token calls that accept an empty return without checking that the token has code, break code that trusts the nominal amount.',
    messages: {
      'no-code-check': 'A low-level token call that accepts an empty return without checking that the token has code',
      'fee-on-transfer': 'An amount credited as received, which fee-on-transfer or rebasing tokens do not deliver in full',
      'fee-on-transfer-fixed-token': 'An amount credited as received, on a token fixed at deployment',
      'fee-on-transfer-token-ledger': 'An amount credited as received, only into entries kept per token',
      'approve-nonzero': 'approve changing a non-zero allowance, which USDT-like tokens reject',
    },
    fix: 'none',
    aliases: { aderyn: ['solmate-safe-transfer-lib'], '4naly3er': ['M/FoTTokens', 'M/approve0first', 'M/increaseAllowanceUSDT', 'L/SomeERC20TransferRevertsOn0', 'M/solmateSafeTransferLib', 'M/soladySafeTransferLib'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        // Wherever the helper lives and whatever it is called: the calls are found by what they
        // send (an ERC20 selector) and how they judge the answer.
        for (const t of codelessTokenCalls(ctx)) {
          const how = t.form === 'assembly' ? 'in inline assembly' : 'with a low-level call';
          const here = t.site === t.call ? `This ${abiNames(t.signatures)}, made ${how},` : `The ${abiNames(t.signatures)} this call leads to, made ${how} by ${t.fn.name || 'a helper'}(),`;
          ctx.report({
            node: t.site,
            messageId: 'no-code-check',
            // It takes a token address with no code behind it (a token not deployed yet on this
            // chain, a mistyped or precomputed address) to matter: low, where the accounting of
            // a specific deposit path is not known to credit such a transfer.
            severity: 'low',
            message: `${here} accepts an empty return as success, but nothing checks that the token has code: a call to an address without code succeeds, so a token that does not exist (yet) "transfers". Check token.code.length > 0 (or extcodesize) when the return is empty, or use a library that does.`,
          });
        }
      },
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const name = calleeName(call);
        const c = calleeOf(call).callee;
        if (c.type !== 'MemberAccess' || isIdent(c.expression, 'super')) return;
        const fn = ctx.index.enclosing(call, 'FunctionDefinition');
        if (!fn?.body) return;
        const body = ctx.index.descendants(fn.body);
        // A pull into this contract, however it is made (found by the ERC20 signature it calls,
        // through helpers of any name), whose amount is then credited as if it all arrived.
        const program = ctx.fact(programFact);
        const info = program.functionOf(call);
        if (info) {
          const pull = tokenPulls(ctx).pullsIn(info).find((p) => p.site === call);
          if (pull) {
            const amount = unparen(pull.amount);
            if (amount.type !== 'Identifier') return;
            // Measuring the balance before and after is the safe idiom.
            if (tokenPulls(ctx).measuresBalance(info)) return;
            const credited = body.some(
              (d) => d.type === 'BinaryOperation' && (d.operator === '+=' || d.operator === '=') && unparen(d.left).type !== 'Identifier' && [d.right, ...ctx.index.descendants(d.right)].some((r) => isIdent(r, amount.name)),
            );
            if (!credited) return;
            // Who chose the token decides the severity: one fixed at deployment was picked by the
            // deployer, who knows whether it charges fees; one the caller names can be any token.
            if (pull.token && program.fixedAddress(info, pull.token)) {
              ctx.report({
                node: call,
                messageId: 'fee-on-transfer-fixed-token',
                severity: 'low',
                message: `${amount.name} is credited as received. The token is fixed at deployment, so this matters only if it charges a fee on transfer or rebases (some tokens can switch a fee on later): credit the difference of balanceOf(address(this)) before and after the transfer to be safe.`,
              });
              return;
            }
            // Who bears the shortfall decides too: when every credit the amount feeds is an entry
            // keyed by the token (a per-token balance, a market whose id hashes the token), the
            // missing fee is owed only out of that token's own ledger, to those who chose it.
            if (pull.token && tokenPulls(ctx).creditedOnlyPerToken(info, amount.name, pull.token, call)) {
              ctx.report({
                node: call,
                messageId: 'fee-on-transfer-token-ledger',
                severity: 'low',
                message: `${amount.name} is credited as received, but a fee-on-transfer or rebasing token delivers less. Every credit it feeds is kept under a key derived from the token, so the shortfall falls only on the holders of that token's own entries, who chose to use it; other tokens' balances are not at risk. Credit the difference of balanceOf(address(this)) before and after the transfer to keep that ledger whole.`,
              });
              return;
            }
            ctx.report({
              node: call,
              messageId: 'fee-on-transfer',
              message: `${amount.name} is credited as received, but a fee-on-transfer or rebasing token delivers less. Credit the difference of balanceOf(address(this)) before and after the transfer.`,
            });
            return;
          }
        }
        if (name === 'approve' && call.arguments.length === 2) {
          // An ERC20 by its interface: a high-level `approve(address, uint256)` on a contract type.
          const program = ctx.fact(programFact);
          const ext = program.functionOf(call)?.externalCalls.find((x) => x.node === call);
          if (!ext || ext.kind !== 'high-level' || !ext.targetTypeName) return;
          if (ext.targetType && !ext.callee && ext.targetType.externalBases.length === 0) return;
          const amount = unparen(call.arguments[1]);
          if (isNumberLiteral(amount) && /^0+$/.test(ctx.text(amount))) return;
          if (amount.type === 'MemberAccess' && amount.memberName === 'max') return;
          // Resetting the allowance to zero first is the USDT-safe idiom.
          const zeroed = body.some((d) => d.type === 'FunctionCall' && calleeName(d) === 'approve' && d.arguments.length === 2 && /^0+$/.test(ctx.text(unparen(d.arguments[1]))));
          if (zeroed) return;
          ctx.report({
            node: call,
            messageId: 'approve-nonzero',
            message: 'USDT and similar tokens revert when approve changes a non-zero allowance, and some do not return a bool. Use SafeERC20.forceApprove.',
            confidence: 'low',
          });
        }
      },
    };
  },
});

