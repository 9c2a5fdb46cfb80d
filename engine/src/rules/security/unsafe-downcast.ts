import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { intType, isIdent, isMember, isNumberLiteral, unparen } from '../../facts/ast-util';
import { isCompileTimeConstant, typeOf } from '../../facts/declarations';
import { programFact } from '../../facts/program';
import { callerControlled, taintFact } from '../../facts/taint';

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

export default defineRule({
  meta: {
    id: 'unsafe-downcast',
    title: 'Unchecked integer downcast',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'An explicit conversion to a narrower integer type silently drops the high bits, even in checked arithmetic.',
    messages: {
      'unchecked-downcast': 'A caller-controlled integer cast to a narrower type without a bounds check',
      'unchecked-downcast-computed': 'A computed integer cast to a narrower type without a bounds check',
    },
    fix: 'none',
    aliases: { aderyn: ['unsafe-casting'], '4naly3er': ['L/unsafeCasting'] },
  },
  create(ctx) {
    const program = ctx.fact(programFact);
    /** The function shifts the same word right elsewhere: it reads packed fields out of it. */
    const unpacked = (fn: ASTNode, arg: ASTNode): boolean => {
      const text = ctx.text(arg);
      return ctx.index.descendants(fn).some((d) => d.type === 'BinaryOperation' && d.operator === '>>' && ctx.text(unparen(d.left)) === text);
    };
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
      // The length of an array, `bytes` or `string`: Solidity caps a dynamic storage array below
      // 2^64 elements, and gas keeps memory and calldata far shorter, so it fits 64 bits.
      if (e.type === 'MemberAccess' && e.memberName === 'length') {
        const base = typeOf(ctx, e.expression);
        if (base && (base.type === 'ArrayTypeName' || (base.type === 'ElementaryTypeName' && (base.name === 'bytes' || base.name === 'string')))) return 64;
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
        const fn = ctx.index.enclosing(call, 'FunctionDefinition', 'ModifierDefinition');
        if (checked(fn, arg)) return;
        // A word that the same function also shifts right is a set of packed fields:
        // `uint128(w)` takes its low field, as `uint128(w >> 128)` takes the high one.
        if (fn && unpacked(fn, arg)) return;
        // Who chooses the value decides the risk: a caller who picks an amount that
        // truncates can break the accounting; a value computed from stored state needs
        // a range argument that the code does not spell out.
        const info = program.functionOf(call);
        // A constructor's or a one-time initializer's arguments are the deployment's configuration,
        // chosen by whoever deploys, not by the callers the contract serves.
        const configuring = !!info && (info.kind === 'constructor' || program.isOneShot(info));
        const fromCaller = !!info && !configuring && callerControlled(ctx.fact(taintFact).of(info, arg));
        const name = `${target.signed ? 'int' : 'uint'}${target.bits}`;
        ctx.report({
          node: call,
          messageId: fromCaller ? 'unchecked-downcast' : 'unchecked-downcast-computed',
          severity: fromCaller ? undefined : 'low',
          message: `${ctx.text(call)} truncates a ${source.signed ? 'int' : 'uint'}${source.bits} to ${name} without a bounds check${fromCaller ? ', and the caller chooses the value' : ''}. Use SafeCast.to${target.signed ? 'Int' : 'Uint'}${target.bits} or check the value first.`,
        });
      },
    };
  },
});
