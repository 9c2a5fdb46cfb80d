import { defineRule, type NodeOf } from '../framework';
import { calleeName, calleeOf, isIdent, unparen } from '../../facts/ast-util';
import { contractInfo, typeDeclaration, typeOf } from '../../facts/declarations';

export default defineRule({
  meta: {
    id: 'erc721-unsafe',
    title: 'ERC721 minted or moved without the receiver check',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    description: '`_mint` and `transferFrom` skip onERC721Received, so tokens sent to contracts that cannot handle them are stuck.',
    messages: {
      'unsafe-mint': '_mint where _safeMint would check that the receiver can hold the token',
      'unsafe-transfer': 'transferFrom where safeTransferFrom would check that the receiver can hold the token',
    },
    fix: 'unsafe',
    aliases: { aderyn: ['unsafe-oz-erc721-mint'], '4naly3er': ['M/erc721safeMint', 'M/erc721safeTransferFrom'] },
  },
  create(ctx) {
    return {
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const name = calleeName(call);
        const c = calleeOf(call).callee;
        if (name === '_mint' && isIdent(c) && call.arguments.length === 2) {
          const contract = ctx.index.enclosing(call, 'ContractDefinition');
          // Every base in the C3 lineage, in whichever file, and bases whose declaration is missing by name.
          const info = contract && contractInfo(ctx, contract);
          if (!info || ![...info.lineage.slice(1).map((b) => b.name), ...info.externalBases].some((b) => /ERC721/.test(b))) return;
          // The token implementation defines `_mint` and builds `_safeMint` on it.
          if (info.functions.some((f) => f.name === '_mint')) return;
          const fn = ctx.index.enclosing(call, 'FunctionDefinition');
          if (!fn || /safe/i.test(fn.name ?? '')) return;
          // The fix calls `_safeMint(to, id)`: only where the token implementation has one (or a base is not in the closure).
          const hasSafeMint = info.externalBases.length > 0 || info.lineage.some((l) => l.functions.some((f) => f.name === '_safeMint' && (f.node as NodeOf<'FunctionDefinition'>).parameters?.length === 2));
          ctx.report({
            node: call,
            messageId: 'unsafe-mint',
            message: '_mint does not call onERC721Received: a contract receiver that cannot handle ERC721 tokens locks the token. Use _safeMint (and guard against reentrancy).',
            fixes: hasSafeMint ? [{ title: 'Use _safeMint', safety: 'unsafe', reason: 'the receiver\'s onERC721Received runs during the call: guard against reentrancy', edits: [ctx.edit.replace(c, '_safeMint')] }] : [],
          });
          return;
        }
        if (name === 'transferFrom' && c.type === 'MemberAccess' && call.arguments.length === 3) {
          const obj = unparen(c.expression);
          const t = typeOf(ctx, obj);
          const typeName = t?.type === 'UserDefinedTypeName' ? t.namePath : obj.type === 'FunctionCall' ? ctx.text(obj.expression) : '';
          if (!/ERC721/.test(typeName)) return;
          // The fix calls `safeTransferFrom(from, to, id)`: not where the type is known and has none.
          const decl = t?.type === 'UserDefinedTypeName' ? typeDeclaration(ctx, t) : undefined;
          const target = decl?.type === 'ContractDefinition' ? contractInfo(ctx, decl) : undefined;
          const hasSafe = !target || target.externalBases.length > 0 || target.lineage.some((l) => l.functions.some((f) => f.name === 'safeTransferFrom' && (f.node as NodeOf<'FunctionDefinition'>).parameters?.length === 3));
          const [start] = ctx.offsets(c);
          const dot = ctx.text(c).lastIndexOf('transferFrom');
          ctx.report({
            node: call,
            messageId: 'unsafe-transfer',
            message: 'transferFrom does not call onERC721Received: a contract receiver that cannot handle ERC721 tokens locks the token. Use safeTransferFrom (and guard against reentrancy).',
            fixes: hasSafe ? [{ title: 'Use safeTransferFrom', safety: 'unsafe', reason: 'the receiver\'s onERC721Received runs during the call: guard against reentrancy', edits: [ctx.edit.replaceOffsets(start + dot, start + dot + 'transferFrom'.length, 'safeTransferFrom')] }] : [],
          });
        }
      },
    };
  },
});
