import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { calleeName, isDynamic, isMember, unparen } from '../../facts/ast-util';
import { typeOf } from '../../facts/declarations';
import { programFact } from '../../facts/program';
import { definitionsOf } from '../../facts/value-flow';

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
    /**
     * A value of a dynamic type whose length can vary. Literals, constants and the
     * `abi.encode` of fixed-size values (in place, or held by a local only ever
     * given such encodings) have one length, so they cannot move a boundary.
     */
    const isDynamicArg = (a: ASTNode): boolean => {
      const x = unparen(a);
      if (x.type === 'StringLiteral' || x.type === 'HexLiteral') return false;
      if (isMember(x, 'msg', 'data')) return true;
      if (!isDynamic(typeOf(ctx, x))) return false;
      return !fixedLength(x, 0);
    };
    const fixedLength = (x: ASTNode, depth: number): boolean => {
      if (depth > 3) return false;
      if (x.type === 'FunctionCall' && isMember(x.expression, 'abi', 'encode')) return x.arguments.every((arg) => { const t = typeOf(ctx, unparen(arg)); return !!t && !isDynamic(t) && t.type !== 'ArrayTypeName' && !(t.type === 'UserDefinedTypeName'); });
      if (x.type !== 'Identifier') return false;
      const program = ctx.fact(programFact);
      const fn = program.functionOf(x);
      const r = fn ? program.resolve(fn, x.name) : undefined;
      if (r?.kind === 'state') return r.v.constant;
      if (!fn || r?.kind !== 'local') return false;
      const defs = definitionsOf(ctx, fn, x.name);
      return defs.length > 0 && defs.every((d) => d !== 'assembly' && fixedLength(unparen(d), depth + 1));
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
