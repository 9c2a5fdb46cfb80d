import semver from 'semver';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import type { Fix } from '../../types';
import { calleeOf, intType, isIdent, isMember, unparen } from '../../facts/ast-util';
import { declarationOf, typeOf } from '../../facts/declarations';

export default defineRule({
  meta: {
    id: 'deprecated-apis',
    title: 'Deprecated builtin or library function',
    category: 'quality',
    severity: 'low',
    confidence: 'high',
    swc: 'SWC-111',
    description: 'Deprecated builtins (throw, suicide, sha3, callcode, var, msg.gas, block.blockhash, now, years, .call.value()), OpenZeppelin safeApprove and ETH transfer() with its fixed 2300-gas stipend.',
    messages: {
      'throw': 'throw, removed in 0.5.0',
      'suicide': 'suicide, removed in 0.5.0',
      'sha3': 'sha3, removed in 0.5.0',
      'block-blockhash': 'block.blockhash, removed in 0.5.0',
      'safe-approve': 'SafeERC20.safeApprove, removed in OpenZeppelin 5',
      'eth-transfer': 'ETH transfer(), which forwards a fixed 2300 gas',
      'call-value-gas': '.value(…) or .gas(…) on a call, removed in 0.7.0',
      'callcode': 'callcode, removed in 0.5.0',
      'msg-gas': 'msg.gas, removed in 0.5.0',
      'now': 'now, removed in 0.7.0',
      'var': 'var, removed in 0.5.0',
      'years': 'The years unit, removed in 0.5.0',
    },
    fix: 'safe',
    tags: ['deprecated'],
    aliases: { slither: ['deprecated-standards'], aderyn: ['deprecated-oz-function'], solhint: ['avoid-sha3', 'avoid-throw', 'avoid-suicide', 'avoid-call-value'], '4naly3er': ['L/deprecatedFunctions', 'L/deprecatedSafeApprove', 'M/deprecatedTransfer'] },
  },
  create(ctx) {
    /** A rename is behaviour-preserving only when every compiler the pragma allows knows the new name. */
    const rename = (node: ASTNode, to: string, since: string): Fix[] => [
      { title: `Use ${to}`, safety: semver.gte(ctx.solc.min, since) ? 'safe' : 'unsafe', edits: [ctx.edit.replace(node, to)] },
    ];
    const declared = (node: ASTNode, name: string) => !!declarationOf(ctx, node, name);
    return {
      ThrowStatement(node: NodeOf<'ThrowStatement'>) {
        // `throw` uses up all remaining gas; `revert()` refunds it, so the change is visible.
        ctx.report({ node, messageId: 'throw', message: 'throw is deprecated (removed in 0.5.0) and burns all remaining gas. Use revert() or require().', fixes: [{ title: 'Use revert()', safety: 'unsafe', edits: [ctx.edit.replace(node, 'revert();')] }] });
      },
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const c = call.expression;
        if (isIdent(c, 'suicide') && !declared(c, 'suicide')) ctx.report({ node: c, messageId: 'suicide', message: 'suicide is a deprecated alias of selfdestruct (removed in 0.5.0).', fixes: rename(c, 'selfdestruct', '0.0.0') });
        else if (isIdent(c, 'sha3') && !declared(c, 'sha3')) ctx.report({ node: c, messageId: 'sha3', message: 'sha3 is a deprecated alias of keccak256 (removed in 0.5.0).', fixes: rename(c, 'keccak256', '0.4.3') });
        else if (isMember(c, 'block', 'blockhash')) ctx.report({ node: c, messageId: 'block-blockhash', message: 'block.blockhash is deprecated (removed in 0.5.0); use blockhash.', fixes: rename(c, 'blockhash', '0.4.22') });
        const cc = calleeOf(call).callee;
        if (cc.type !== 'MemberAccess') return;
        if (cc.memberName === 'safeApprove' && call.arguments.length >= 2) {
          ctx.report({ node: call, messageId: 'safe-approve', message: 'SafeERC20.safeApprove is deprecated (removed in OpenZeppelin 5): it reverts when the allowance is already non-zero. Use forceApprove.' });
        } else if (cc.memberName === 'transfer' && call.arguments.length === 1 && !isIdent(cc.expression, 'super')) {
          // ERC20 transfer takes two arguments; with one it is the ETH transfer,
          // unless the receiver is known to be something other than an address.
          const t = typeOf(ctx, cc.expression);
          const obj = unparen(cc.expression);
          const isAddress = t ? t.type === 'ElementaryTypeName' && /^address/.test(t.name) : obj.type === 'FunctionCall' ? /^(address|payable)$/.test(ctx.text(obj.expression)) : isMember(obj, 'msg', 'sender') || isMember(obj, 'tx', 'origin');
          if (!isAddress || intType(t)) return;
          ctx.report({ node: call, messageId: 'eth-transfer', message: 'ETH transfer() forwards a fixed 2300 gas, which fails for smart-contract wallets and may fail after gas repricing. Use call{value: …}("") and check the result.' });
        }
      },
      MemberAccess(node: NodeOf<'MemberAccess'>) {
        if ((node.memberName === 'value' || node.memberName === 'gas') && node.expression.type === 'MemberAccess' && ['call', 'delegatecall', 'staticcall'].includes(node.expression.memberName)) {
          ctx.report({ node, messageId: 'call-value-gas', message: `.${node.expression.memberName}.${node.memberName}(…) is deprecated (removed in 0.7.0); use .${node.expression.memberName}{${node.memberName}: …}(…) on 0.6.2 and later.` });
        } else if (node.memberName === 'callcode') {
          ctx.report({ node, messageId: 'callcode', message: 'callcode is deprecated (removed in 0.5.0): unlike delegatecall it does not keep msg.sender and msg.value.' });
        } else if (isMember(node, 'msg', 'gas')) {
          ctx.report({ node, messageId: 'msg-gas', message: 'msg.gas is deprecated (removed in 0.5.0); use gasleft().', fixes: rename(node, 'gasleft()', '0.4.21') });
        }
      },
      Identifier(node: NodeOf<'Identifier'>) {
        if (node.name !== 'now' || declared(node, 'now')) return;
        const p = ctx.parent(node);
        // A member or declaration named `now` is not the global.
        if (p?.type === 'MemberAccess' && p.expression !== node) return;
        if (p?.type === 'VariableDeclaration') return;
        ctx.report({ node, messageId: 'now', message: 'now is deprecated (removed in 0.7.0); use block.timestamp.', fixes: rename(node, 'block.timestamp', '0.4.0') });
      },
      VariableDeclaration(v: NodeOf<'VariableDeclaration'>) {
        if (v.typeName?.type === 'ElementaryTypeName' && v.typeName.name === 'var') {
          ctx.report({ node: v, messageId: 'var', message: 'var is deprecated (removed in 0.5.0): the type inferred from a literal is often too narrow (var i = 0 is a uint8). Declare the type.' });
        }
      },
      NumberLiteral(n: NodeOf<'NumberLiteral'>) {
        if (n.subdenomination !== 'years') return;
        // `years` is exactly 365 days in solc; leap years never counted.
        const value = /^\d+$/.test(n.number) ? `${BigInt(n.number) * 365n} days` : undefined;
        ctx.report({
          node: n,
          messageId: 'years',
          message: 'years is deprecated (removed in 0.5.0) and ignores leap years. Write the duration in days.',
          fixes: value ? [{ title: `Use ${value}`, safety: 'safe', edits: [ctx.edit.replace(n, value)] }] : [],
        });
      },
    };
  },
});
