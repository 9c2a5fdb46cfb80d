import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { programFact } from '../../facts/program';
import { subtree } from '../../facts/ast-index';
import { unparen } from '../../facts/ast-util';
import { ageCheckedSeparately, boundLocal, destructured, oracleReadOf, valueIsChecked } from '../../facts/oracles';

export default defineRule({
  meta: {
    id: 'oracle-checks',
    title: 'Oracle data used without staleness or validity checks',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'A price read from an oracle is used without checking that it is fresh, positive and precise enough, or is read through an answer-only API that carries no update time.',
    messages: {
      'answer-only-read': 'An answer-only oracle read (a bare int256 answer, no round id or update time) that cannot tell a stale answer',
      'unchecked-round-data': 'Round data (the five-value round tuple with its update time) used without checking staleness or validity',
      'unchecked-pyth-price': 'A price struct (Pyth shape) used without checking its publish time or confidence',
    },
    fix: 'none',
    aliases: { slither: ['pyth-unchecked-confidence', 'pyth-unchecked-publishtime', 'chronicle-unchecked-price', 'chainlink-feed-registry'], '4naly3er': ['M/staleOracleData', 'M/staleOracleDataL2Sequencer', 'M/deprecatedChainlinkFunction'] },
  },
  create(ctx) {
    return {
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const read = oracleReadOf(ctx, call);
        if (!read) return;
        const fn = ctx.fact(programFact).functionOf(call);
        if (!fn?.node.body) return;
        const what = `${read.ext.member}()`;
        if (read.kind === 'answer-only') {
          if (ageCheckedSeparately(ctx, fn, read.ext)) return;
          ctx.report({
            node: call,
            messageId: 'answer-only-read',
            message: `${what} returns a bare int256 answer with no round id or update time, so a stale answer cannot be told from a fresh one (Chainlink deprecates this API). Read the round data (latestRoundData) and check updatedAt.`,
          });
          return;
        }
        if (read.kind === 'round-data') {
          const names = destructured(ctx, call);
          // A result returned or passed on unchanged is checked by the caller.
          if (!names) return;
          // An adapter that hands the update time on to its own caller (as a return value, not
          // overwritten) leaves the staleness and the answer to that caller, like a tuple returned whole.
          if (handsOn(fn.node as NodeOf<'FunctionDefinition'>, names[read.updatedAt])) return;
          const missing: string[] = [];
          // A component stored somewhere other than a local is checked where it is read.
          const checked = (name: string | null | undefined) => name === '<stored>' || (!!name && valueIsChecked(ctx, fn, name));
          if (!checked(names[read.updatedAt])) missing.push('the price may be stale (the update time it returns is not checked)');
          if (!checked(names[read.answer])) missing.push('the answer may be zero or negative (the answer is not checked)');
          if (missing.length > 0) ctx.report({ node: call, messageId: 'unchecked-round-data', message: `${what} is used unchecked: ${missing.join('; ')}.` });
          return;
        }
        // A struct returned whole is the caller's to check.
        const parent = ctx.parent(call);
        const local = boundLocal(ctx, call);
        if (parent?.type === 'ReturnStatement' || (local && returnsWhole(fn.node.body, local))) return;
        const reads = (field: string) =>
          subtree(fn.node.body!).some((n) => n.type === 'MemberAccess' && n.memberName === field && (n.expression === call || (!!local && n.expression.type === 'Identifier' && n.expression.name === local)));
        const missing: string[] = [];
        if (!read.bounded && !reads(read.publishTime)) missing.push(`${read.publishTime} is not checked and no age bound is passed, so the price may be stale`);
        if (!reads(read.conf)) missing.push(`${read.conf} is not checked, so the price may be imprecise`);
        if (missing.length > 0) ctx.report({ node: call, messageId: 'unchecked-pyth-price', message: `${what}: ${missing.join('; ')}.` });
      },
    };
  },
});

/** `return p;`: the whole struct handed to the caller. */
function returnsWhole(body: ASTNode, local: string): boolean {
  return subtree(body).some((n) => n.type === 'ReturnStatement' && !!n.expression && n.expression.type === 'Identifier' && n.expression.name === local);
}

/**
 * The value of local `name` reaches the function's return: `name` is a named return variable
 * that nothing assigns again, or it is returned (`return name`) or assigned to a return
 * variable unchanged (`updatedAt = name`).
 */
function handsOn(fn: NodeOf<'FunctionDefinition'>, name: string | null | undefined): boolean {
  if (!name || name === '<stored>' || !fn.body) return false;
  const rets = new Set((fn.returnParameters ?? []).map((p) => p.name).filter((n): n is string => !!n));
  const isName = (e: ASTNode | null | undefined) => !!e && unparen(e).type === 'Identifier' && (unparen(e) as NodeOf<'Identifier'>).name === name;
  let reassigned = false;
  let passed = false;
  for (const n of subtree(fn.body)) {
    if (n.type === 'BinaryOperation' && n.operator === '=' && unparen(n.left).type === 'Identifier') {
      const left = (unparen(n.left) as NodeOf<'Identifier'>).name;
      if (left === name) reassigned = true;
      if (rets.has(left) && isName(n.right)) passed = true;
    }
    if (n.type === 'ReturnStatement' && n.expression) {
      const e = unparen(n.expression);
      if (isName(e) || (e.type === 'TupleExpression' && e.components.some((c) => isName(c as ASTNode | null)))) passed = true;
    }
  }
  return passed || (rets.has(name) && !reassigned);
}
