import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { calleeName, isDynamic, isMember } from '../../facts/ast-util';
import { typeOf } from '../../facts/declarations';

const HASHES = new Set(['keccak256', 'sha256', 'ripemd160', 'sha3']);

export default defineRule({
  meta: {
    id: 'encode-packed-collision',
    title: 'Hash of abi.encodePacked with several dynamic values',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    swc: 'SWC-133',
    description: 'Hashing abi.encodePacked of two or more dynamic values lets different inputs produce the same hash.',
    messages: { 'packed-dynamic-hash': 'abi.encodePacked of several dynamic values is hashed' },
    fix: 'unsafe',
    aliases: { slither: ['encode-packed-collision'], aderyn: ['abi-encode-packed-hash-collision'], '4naly3er': ['L/avoidEncodePacked'] },
  },
  create(ctx) {
    const isDynamicArg = (a: ASTNode): boolean => {
      // Literals have a fixed length, so they cannot move a boundary.
      if (a.type === 'StringLiteral' || a.type === 'HexLiteral') return false;
      if (isMember(a, 'msg', 'data')) return true;
      return isDynamic(typeOf(ctx, a));
    };
    return {
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        if (!isMember(call.expression, 'abi', 'encodePacked')) return;
        const dynamic = call.arguments.filter(isDynamicArg);
        // A fixed-size value or literal between two dynamic ones works as a
        // delimiter: the boundary can only move if a value contains it. Only
        // adjacent dynamic values collide for any input.
        const adjacent = call.arguments.some((a, i) => i > 0 && isDynamicArg(a) && isDynamicArg(call.arguments[i - 1]));
        if (!adjacent) return;
        // String building such as `string(abi.encodePacked(a, b))` is not hashed,
        // so a collision there has no consequence; only hashed encodings count.
        const parent = ctx.parent(call);
        if (!parent || parent.type !== 'FunctionCall' || !HASHES.has(calleeName(parent) ?? '')) return;
        ctx.report({
          node: call,
          message: `abi.encodePacked of ${dynamic.length} dynamic values is hashed: ("a", "bc") and ("ab", "c") give the same hash. Use abi.encode.`,
          fixes: [{ title: 'Use abi.encode', safety: 'unsafe', edits: [ctx.edit.replace(call.expression, 'abi.encode')] }],
        });
      },
    };
  },
});
