import { defineRule } from '../framework';
import { signatureUses } from '../../facts/signatures';

export default defineRule({
  meta: {
    id: 'signature-replay',
    title: 'Signature can be replayed',
    category: 'security',
    severity: 'high',
    confidence: 'low',
    swc: 'SWC-121',
    description: 'A state-changing function acts on a recovered signature whose signed hash depends on no storage the function changes, and it records no used hash or signature, so the same signature works again.',
    messages: { 'replayable-signature': 'A recovered signature that nothing stops from being used again' },
    fix: 'none',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        for (const use of signatureUses(ctx)) {
          // A hash handed in as a parameter was built, and is bound to a nonce, by the caller.
          if (use.handedIn || use.protected) continue;
          const missing = [!use.domain.chainId && 'the chain id', !use.domain.contract && 'this contract’s address'].filter(Boolean);
          const domain = missing.length === 2 ? `, and it binds neither ${missing.join(' nor ')}` : missing.length === 1 ? `, and it does not bind ${missing[0]}` : '';
          ctx.report({
            node: use.site,
            message: `The signature checked here can be submitted again: the signed hash depends on no storage that ${use.fn.name || use.fn.kind}() changes, and it records no used hash or signature${domain}. Sign over a per-signer nonce that the function advances (and an EIP-712 domain), or mark the hash used.`,
          });
        }
      },
    };
  },
});
