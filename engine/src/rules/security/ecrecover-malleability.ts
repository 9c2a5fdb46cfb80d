import { defineRule, type NodeOf } from '../framework';
import { isIdent } from '../../facts/ast-util';

/** secp256k1's group order divided by two: the upper bound for a canonical `s`. */
const HALF_ORDER = '7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0';

export default defineRule({
  meta: {
    id: 'ecrecover-malleability',
    title: 'Raw ecrecover accepts malleable signatures',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    swc: 'SWC-117',
    description: 'ecrecover accepts both (r, s) and (r, n − s), so a signature is not a unique identifier unless s is bounded.',
    messages: { 'raw-ecrecover': 'ecrecover used without rejecting malleable signatures and address(0)' },
    fix: 'none',
    aliases: { aderyn: ['ecrecover'], '4naly3er': ['L/avoidEcrecover', 'L/useOfEcrecover', 'NC/v2728check'] },
  },
  create(ctx) {
    // A file that compares s with the half order already rejects the second
    // form; that check is the safe idiom, wherever in the file it sits.
    const bounded = ctx.source.toLowerCase().replace(/_/g, '').includes(HALF_ORDER);
    return {
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        if (bounded || !isIdent(call.expression, 'ecrecover')) return;
        // When replays are stopped by a nonce in the signed message, the second
        // form of a signature signs the same, already used, nonce: nothing to gain.
        const fn = ctx.index.enclosing(call, 'FunctionDefinition');
        if (fn?.body && ctx.index.descendants(fn.body).some((d) => (d.type === 'Identifier' && /nonce/i.test(d.name)) || (d.type === 'MemberAccess' && /nonce/i.test(d.memberName)))) return;
        ctx.report({
          node: call,
          message: 'ecrecover accepts a second, malleated form of every signature and returns address(0) for invalid ones. Use OpenZeppelin ECDSA.recover, or require s <= 0x7FFF…20A0 and a non-zero signer.',
        });
      },
    };
  },
});
