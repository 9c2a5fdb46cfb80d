import { defineRule, type NodeOf } from '../framework';
import { baseNames, callee, calleeName, functionsOf, isIdent, typeOf, unwrap, visitOnce } from '../util/ast';

export default defineRule({
  meta: {
    id: 'erc721-unsafe',
    title: 'ERC721 minted or moved without the receiver check',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    description: '`_mint` and `transferFrom` skip onERC721Received, so tokens sent to contracts that cannot handle them are stuck.',
    fix: 'unsafe',
    aliases: { aderyn: ['unsafe-oz-erc721-mint'], '4naly3er': ['M/erc721safeMint', 'M/erc721safeTransferFrom'] },
  },
  create(ctx) {
    return visitOnce({
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const name = calleeName(call);
        const c = callee(call);
        if (name === '_mint' && isIdent(c) && call.arguments.length === 2) {
          const contract = ctx.index.enclosing(call, 'ContractDefinition');
          if (!contract || !baseNames(ctx, contract).some((b) => /ERC721/.test(b))) return;
          // The token implementation defines `_mint` and builds `_safeMint` on it.
          if (functionsOf(contract).some((f) => f.name === '_mint')) return;
          const fn = ctx.index.enclosing(call, 'FunctionDefinition');
          if (!fn || /safe/i.test(fn.name ?? '')) return;
          ctx.report({
            node: call,
            message: '_mint does not call onERC721Received: a contract receiver that cannot handle ERC721 tokens locks the token. Use _safeMint (and guard against reentrancy).',
            fixes: [{ title: 'Use _safeMint', safety: 'unsafe', edits: [ctx.edit.replace(c, '_safeMint')] }],
          });
          return;
        }
        if (name === 'transferFrom' && c.type === 'MemberAccess' && call.arguments.length === 3) {
          const obj = unwrap(c.expression);
          const t = typeOf(ctx, obj);
          const typeName = t?.type === 'UserDefinedTypeName' ? t.namePath : obj.type === 'FunctionCall' ? ctx.text(obj.expression) : '';
          if (!/ERC721/.test(typeName)) return;
          const [start] = ctx.offsets(c);
          const dot = ctx.text(c).lastIndexOf('transferFrom');
          ctx.report({
            node: call,
            message: 'transferFrom does not call onERC721Received: a contract receiver that cannot handle ERC721 tokens locks the token. Use safeTransferFrom (and guard against reentrancy).',
            fixes: [{ title: 'Use safeTransferFrom', safety: 'unsafe', edits: [ctx.edit.replaceOffsets(start + dot, start + dot + 'transferFrom'.length, 'safeTransferFrom')] }],
          });
        }
      },
    });
  },
});
