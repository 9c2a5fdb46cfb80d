import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { intType, isIdent, isMember, isNumberLiteral, unparen } from '../../facts/ast-util';
import { isCompileTimeConstant, typeOf } from '../../facts/declarations';

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

export default defineRule({
  meta: {
    id: 'unsafe-downcast',
    title: 'Unchecked integer downcast',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'An explicit conversion to a narrower integer type silently drops the high bits, even in checked arithmetic.',
    messages: { 'unchecked-downcast': 'An integer cast to a narrower type without a bounds check' },
    fix: 'none',
    aliases: { aderyn: ['unsafe-casting'], '4naly3er': ['L/unsafeCasting'] },
  },
  create(ctx) {
    /** Whether the function compares the value (or the variable holding it) somewhere: a bounds check. */
    const checked = (fn: ASTNode | undefined, arg: ASTNode): boolean => {
      if (!fn) return false;
      const text = ctx.text(arg);
      const names = new Set<string>();
      for (const d of [arg, ...ctx.index.descendants(arg)]) if (d.type === 'Identifier') names.add(d.name);
      for (const d of ctx.index.descendants(fn)) {
        if (d.type === 'BinaryOperation' && COMPARISONS.has(d.operator)) {
          for (const side of [d.left, d.right]) {
            const u = unparen(side);
            if (ctx.text(u) === text || (u.type === 'Identifier' && names.has(u.name))) return true;
          }
        }
      }
      return false;
    };
    /** An upper bound on the bits an expression can occupy, where its shape gives one. */
    const maxBits = (n: ASTNode): number | undefined => {
      const e = unparen(n);
      if (isNumberLiteral(e) && e.type === 'NumberLiteral' && /^(0x[0-9a-f]+|\d+)$/i.test(e.number) && !e.subdenomination) return BigInt(e.number).toString(2).length;
      if (e.type === 'Conditional') {
        const a = maxBits(e.trueExpression);
        const b = maxBits(e.falseExpression);
        return a === undefined || b === undefined ? undefined : Math.max(a, b);
      }
      if (e.type === 'FunctionCall' && e.arguments.length === 1 && (e.expression.type === 'ElementaryTypeName' || isIdent(e.expression))) {
        const t = intType(typeOf(ctx, e));
        const inner = maxBits(e.arguments[0]);
        return t && inner !== undefined ? Math.min(t.bits, inner) : t?.bits;
      }
      if (e.type === 'BinaryOperation') {
        const l = maxBits(e.left);
        const r = maxBits(e.right);
        const rv = isNumberLiteral(e.right) && e.right.type === 'NumberLiteral' ? Number(e.right.number) : undefined;
        switch (e.operator) {
          case '>>': return l !== undefined && rv !== undefined ? Math.max(0, l - rv) : undefined;
          case '&': return l === undefined ? r : r === undefined ? l : Math.min(l, r);
          case '%': return r;
          case '+': return l !== undefined && r !== undefined ? Math.max(l, r) + 1 : undefined;
          case '*': return l !== undefined && r !== undefined ? l + r : undefined;
          case '/': return l;
          default: return undefined;
        }
      }
      return intType(typeOf(ctx, e))?.bits;
    };
    return {
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        if (call.arguments.length !== 1) return;
        const target = call.expression.type === 'ElementaryTypeName' ? intType(call.expression) : isIdent(call.expression) ? intType({ type: 'ElementaryTypeName', name: call.expression.name, stateMutability: null }) : undefined;
        if (!target || target.bits >= 256) return;
        const arg = unparen(call.arguments[0]);
        if (isCompileTimeConstant(ctx, arg)) return;
        const source = intType(typeOf(ctx, arg));
        // Only a conversion from a known wider integer can lose bits.
        if (!source || source.bits <= target.bits) return;
        // Timestamps and block numbers fit in 32 bits until the year 2106.
        if ((isMember(arg, 'block', 'timestamp') || isMember(arg, 'block', 'number') || isIdent(arg, 'now')) && target.bits >= 32) return;
        // Masking, modulo and right shifts are deliberate truncation.
        if (arg.type === 'BinaryOperation' && ['&', '%', '>>'].includes(arg.operator)) return;
        const bound = maxBits(arg);
        if (bound !== undefined && bound <= target.bits) return;
        // `uint160(uint256(word))` reinterprets a bytes32 or another non-integer
        // as a number: the bits are a packed field, and truncation is the point.
        if (arg.type === 'FunctionCall' && arg.arguments.length === 1 && !intType(typeOf(ctx, arg.arguments[0]))) return;
        const parent = ctx.parent(call);
        // `address(uint160(x))` is how a number becomes an address; fixed-width
        // fields of abi.encodePacked, packing with | and <<, and equality on the
        // low bits all truncate on purpose.
        if (parent?.type === 'FunctionCall' && (isIdent(parent.expression, 'address') || isMember(parent.expression, 'abi', 'encodePacked'))) return;
        if (parent?.type === 'BinaryOperation' && ['|', '<<', '^', '&', '==', '!='].includes(parent.operator)) return;
        // Identifiers, keys, hashes and packed words are bit patterns, not
        // quantities: narrowing them derives a key, it does not overflow an amount.
        const root = arg.type === 'Identifier' ? arg.name : arg.type === 'MemberAccess' ? arg.memberName : '';
        if (/(id|key|hash|nonce|salt|seed|slot|packed|raw|word|data)$/i.test(root)) return;
        const fn = ctx.index.enclosing(call, 'FunctionDefinition', 'ModifierDefinition');
        // SafeCast-style helpers check before they cast; (un)packing helpers cut on purpose.
        if (fn && fn.type === 'FunctionDefinition' && (/^(to|safe)(U?int)/i.test(fn.name ?? '') || /pack|split|decode/i.test(fn.name ?? ''))) return;
        if (checked(fn, arg)) return;
        const name = `${target.signed ? 'int' : 'uint'}${target.bits}`;
        ctx.report({
          node: call,
          message: `${ctx.text(call)} truncates a ${source.signed ? 'int' : 'uint'}${source.bits} to ${name} without a bounds check. Use SafeCast.to${target.signed ? 'Int' : 'Uint'}${target.bits} or check the value first.`,
        });
      },
    };
  },
});
