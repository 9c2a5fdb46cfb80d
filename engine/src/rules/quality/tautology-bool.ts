import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { intType, unparen } from '../../facts/ast-util';
import { typeOf } from '../../facts/declarations';

const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };

function literalValue(n: ASTNode): bigint | undefined {
  const u = unparen(n);
  if (u.type !== 'NumberLiteral' || u.subdenomination) return undefined;
  const s = u.number.replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(s)) return undefined;
  return BigInt(s);
}

/** The constant value of `lhs op c` over [min, max], or undefined when it depends on lhs. */
function constantOutcome(op: string, c: bigint, min: bigint, max: bigint): boolean | undefined {
  switch (op) {
    case '>=': return c <= min ? true : c > max ? false : undefined;
    case '>': return c < min ? true : c >= max ? false : undefined;
    case '<=': return c >= max ? true : c < min ? false : undefined;
    case '<': return c > max ? true : c <= min ? false : undefined;
    case '==': return c < min || c > max ? false : undefined;
    case '!=': return c < min || c > max ? true : undefined;
    default: return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'tautology-bool',
    title: 'Comparison or condition that is always true or always false',
    category: 'quality',
    severity: 'medium',
    confidence: 'high',
    description: 'A comparison whose result the types already decide, or a boolean constant inside a condition, hides a mistaken check.',
    messages: {
      'constant-operand': 'An && or || with a boolean literal operand',
      'self-compare': 'A comparison of a value with itself',
      'out-of-range': 'A comparison that the type of the operand makes always true or always false',
      'constant-condition': 'An if statement with a constant condition',
      'require-true': 'require(true) or assert(true), which check nothing',
    },
    fix: 'none',
    aliases: { slither: ['tautology', 'tautological-compare', 'boolean-cst'], aderyn: ['tautology-or-contradiction', 'tautological-compare', 'misused-boolean'], '4naly3er': ['H/comparisonOutsideCondition'] },
  },
  create(ctx) {
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.left || !node.right) return;
        const op = node.operator;
        if (op === '&&' || op === '||') {
          for (const side of [node.left, node.right]) {
            const u = unparen(side);
            if (u.type === 'BooleanLiteral') {
              const always = op === '||' ? (u.value ? 'always true' : 'the other operand') : u.value ? 'the other operand' : 'always false';
              ctx.report({ node, messageId: 'constant-operand', message: `${ctx.text(node)} contains the constant ${u.value}: the condition is ${always === 'the other operand' ? 'just the other operand' : always}.` });
              return;
            }
          }
          return;
        }
        if (!(op in FLIP)) return;
        const l = unparen(node.left);
        const r = unparen(node.right);
        // `a == a` and the like; calls are left alone since they may differ.
        if (ctx.text(l) === ctx.text(r) && ![l, ...ctx.index.descendants(l)].some((d) => d.type === 'FunctionCall')) {
          ctx.report({ node, messageId: 'self-compare', message: `${ctx.text(node)} compares a value with itself: it is always ${op === '==' || op === '<=' || op === '>=' ? 'true' : 'false'}.` });
          return;
        }
        let value = literalValue(r);
        let other = l;
        let operator: string = op;
        if (value === undefined) {
          value = literalValue(l);
          other = r;
          operator = FLIP[op];
        }
        if (value === undefined) return;
        const t = intType(typeOf(ctx, other));
        if (!t) return;
        const max = t.signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
        const min = t.signed ? -(1n << BigInt(t.bits - 1)) : 0n;
        const outcome = constantOutcome(operator, value, min, max);
        // `x <= 0` on an unsigned value is the same as `x == 0`, not a tautology.
        if (outcome === undefined) return;
        ctx.report({ node, messageId: 'out-of-range', message: `${ctx.text(node)} is always ${outcome}: a ${t.signed ? 'int' : 'uint'}${t.bits} lies in [${min}, ${max}].` });
      },
      IfStatement(node: NodeOf<'IfStatement'>) {
        const c = unparen(node.condition);
        if (c.type === 'BooleanLiteral') ctx.report({ node: node.condition, messageId: 'constant-condition', message: `if (${c.value}) is constant: the ${c.value ? 'else branch' : 'body'} never runs.` });
      },
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        if (call.expression.type !== 'Identifier' || (call.expression.name !== 'require' && call.expression.name !== 'assert')) return;
        const c = call.arguments[0] && unparen(call.arguments[0]);
        // `assert(false)` marks unreachable code on purpose; only a check that can never fail is a mistake.
        if (c?.type === 'BooleanLiteral' && c.value) ctx.report({ node: call, messageId: 'require-true', message: `${call.expression.name}(true) checks nothing.` });
      },
    };
  },
});
