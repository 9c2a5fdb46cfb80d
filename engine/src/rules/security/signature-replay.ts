import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { calleeOf, unparen } from '../../facts/ast-util';
import { programFact } from '../../facts/program';

const NONCE = /nonce|salt|deadline|expir|used|executed|claimed|spent|processed|consumed|invalidat|redeemed|cancel/i;
const DOMAIN = /chainid|chain_id|domain|address\(this\)|_hashTypedData|toTypedDataHash|EIP712/i;

export default defineRule({
  meta: {
    id: 'signature-replay',
    title: 'Signature can be replayed',
    category: 'security',
    severity: 'high',
    confidence: 'low',
    swc: 'SWC-121',
    description: 'A signature is verified over a digest with no nonce and the function records no used signature, so the same signature works again.',
    messages: { 'replayable-signature': 'A checked signature whose digest has no nonce and is not recorded as used' },
    fix: 'none',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          if (!fn.node.body || fn.contract.kind === 'library') continue;
          // A view or pure checker changes nothing: replaying its signature gains nothing by itself;
          // the function that acts on the answer (and binds a nonce) is the one judged.
          if (fn.readonly) continue;
          const recovers: NodeOf<'FunctionCall'>[] = [];
          const visit = (n: ASTNode) => {
            if (n.type === 'FunctionCall') {
              const { callee } = calleeOf(n);
              const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberAccess' ? callee.memberName : '';
              // A helper that verifies a digest it is handed leaves replay protection to its caller.
              const digestArg = n.arguments[name === 'isValidSignatureNow' ? 1 : 0];
              const given = [digestArg].filter(Boolean).some((a) => {
                const x = unparen(a);
                const decl = x.type === 'Identifier' ? fn.params.get(x.name) : undefined;
                const t = (decl as NodeOf<'VariableDeclaration'> | undefined)?.typeName;
                return !!t && t.type === 'ElementaryTypeName' && t.name === 'bytes32';
              });
              if (!given && (name === 'ecrecover' || name === 'recover' || name === 'tryRecover' || name === 'isValidSignatureNow')) recovers.push(n);
            }
            forEachChild(n, visit);
          };
          visit(fn.node.body);
          if (recovers.length === 0) continue;
          // Everything the function and what it calls does: a nonce or a used-marker anywhere counts.
          const reach = [...program.reachable(fn)];
          const text = reach.map((f) => ctx.text(f.node)).join('\n');
          const writes = [...program.writesOf(fn)];
          if (NONCE.test(text.replace(/\/\/.*$/gm, '')) || writes.some((w) => NONCE.test(w))) continue;
          const domain = DOMAIN.test(text);
          for (const r of recovers) {
            ctx.report({ node: r, message: `The signature checked here can be submitted again: the signed digest has no nonce and ${fn.name || fn.kind}() records no used signature${domain ? '' : ', and it binds neither the chain id nor this contract’s address'}. Include a per-signer nonce (and an EIP-712 domain) and mark it used.` });
          }
        }
      },
    };
  },
});
