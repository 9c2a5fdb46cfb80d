import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { calleeName, calleeOf, unparen } from '../../facts/ast-util';

const DEPRECATED = new Set(['latestAnswer', 'latestTimestamp', 'latestRound', 'getAnswer', 'getTimestamp']);
const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

export default defineRule({
  meta: {
    id: 'oracle-checks',
    title: 'Oracle data used without staleness or validity checks',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'A price read from Chainlink or Pyth is used without checking that it is fresh, positive and precise enough, or through a deprecated API.',
    messages: {
      'deprecated-chainlink-api': 'A deprecated Chainlink function that cannot tell a stale answer',
      'unchecked-round-data': 'latestRoundData() used without checking staleness or validity',
      'unchecked-pyth-price': 'A Pyth price used without checking its publish time or confidence',
    },
    fix: 'none',
    aliases: { slither: ['pyth-unchecked-confidence', 'pyth-unchecked-publishtime', 'chronicle-unchecked-price', 'chainlink-feed-registry'], '4naly3er': ['M/staleOracleData', 'M/staleOracleDataL2Sequencer', 'M/deprecatedChainlinkFunction'] },
  },
  create(ctx) {
    /** Whether a name takes part in a comparison in the function (or a call, which may check it). */
    const isCompared = (fn: ASTNode, name: string): boolean => {
      for (const d of ctx.index.descendants(fn)) {
        if (d.type === 'BinaryOperation' && COMPARISONS.has(d.operator)) {
          for (const side of [d.left, d.right]) for (const n of [side, ...ctx.index.descendants(side)]) if (n.type === 'Identifier' && n.name === name) return true;
        }
        // Passing the value to a helper such as `_checkStale(updatedAt)` hands the check over.
        if (d.type === 'FunctionCall' && d.arguments.some((a) => unparen(a).type === 'Identifier' && (unparen(a) as NodeOf<'Identifier'>).name === name) && d.expression.type === 'Identifier' && !['uint256', 'int256', 'uint', 'int'].includes(d.expression.name)) return true;
      }
      return false;
    };
    const readsMember = (fn: ASTNode, member: string): boolean => ctx.index.descendants(fn).some((d) => d.type === 'MemberAccess' && d.memberName === member);
    /** Names bound to the components of a destructured call result, or undefined. */
    const destructured = (call: ASTNode): Array<string | null> | undefined => {
      const p = ctx.parent(call);
      if (p?.type === 'VariableDeclarationStatement' && p.initialValue === call) return p.variables.map((v) => (v as NodeOf<'VariableDeclaration'> | null)?.name ?? null);
      if (p?.type === 'BinaryOperation' && p.operator === '=' && p.right === call && p.left.type === 'TupleExpression') return p.left.components.map((c) => (c && c.type === 'Identifier' ? (c as NodeOf<'Identifier'>).name : null));
      return undefined;
    };
    return {
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const name = calleeName(call);
        if (!name || calleeOf(call).callee.type !== 'MemberAccess') return;
        const fn = ctx.index.enclosing(call, 'FunctionDefinition', 'ModifierDefinition');
        if (!fn) return;
        if (DEPRECATED.has(name) && call.arguments.length <= 1) {
          ctx.report({ node: call, messageId: 'deprecated-chainlink-api', message: `${name}() is a deprecated Chainlink API: it cannot tell a stale answer from a fresh one. Use latestRoundData() and check updatedAt.` });
          return;
        }
        if (name === 'latestRoundData' && call.arguments.length === 0) {
          const names = destructured(call);
          // A result returned or passed on unchanged is checked by the caller.
          if (!names) return;
          const missing: string[] = [];
          const answer = names[1];
          const updatedAt = names[3];
          if (!updatedAt || !isCompared(fn, updatedAt)) missing.push('the price may be stale (updatedAt is not checked)');
          if (!answer || !isCompared(fn, answer)) missing.push('the answer may be zero or negative (answer is not checked)');
          if (missing.length > 0) ctx.report({ node: call, messageId: 'unchecked-round-data', message: `latestRoundData() is used unchecked: ${missing.join('; ')}.` });
          return;
        }
        // Plain `getPrice` is too common a name to attribute to Pyth; these are its own.
        if (/^get(Ema)?Price(Unsafe|NoOlderThan)$/.test(name) && call.arguments.length >= 1) {
          const missing: string[] = [];
          if (name.endsWith('Unsafe') && !readsMember(fn, 'publishTime')) missing.push('publishTime is not checked, so the price may be stale');
          if (!readsMember(fn, 'conf')) missing.push('conf is not checked, so the price may be imprecise');
          if (missing.length > 0) ctx.report({ node: call, messageId: 'unchecked-pyth-price', message: `Pyth ${name}(): ${missing.join('; ')}.` });
        }
      },
    };
  },
});
