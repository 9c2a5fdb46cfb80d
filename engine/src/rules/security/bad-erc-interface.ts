import type { TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { functionsOf } from '../../facts/ast-util';

/** name → [parameter count, expected return type, or '' for none]. */
const ERC20: Record<string, [number, string]> = {
  transfer: [2, 'bool'],
  transferFrom: [3, 'bool'],
  approve: [2, 'bool'],
  allowance: [2, 'uint256'],
  balanceOf: [1, 'uint256'],
  totalSupply: [0, 'uint256'],
  decimals: [0, 'uint8'],
};

const ERC721: Record<string, [number, string]> = {
  balanceOf: [1, 'uint256'],
  ownerOf: [1, 'address'],
  approve: [2, ''],
  transferFrom: [3, ''],
  getApproved: [1, 'address'],
  setApprovalForAll: [2, ''],
  isApprovedForAll: [2, 'bool'],
  supportsInterface: [1, 'bool'],
};

function typeText(t: TypeName | null | undefined): string {
  if (!t) return '?';
  if (t.type === 'ElementaryTypeName') return t.name === 'uint' ? 'uint256' : t.name === 'address payable' ? 'address' : t.name;
  if (t.type === 'UserDefinedTypeName') return t.namePath;
  return t.type;
}

export default defineRule({
  meta: {
    id: 'bad-erc-interface',
    title: 'ERC20 or ERC721 function with a non-standard signature',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    description: 'A token whose ERC functions return the wrong type (or nothing) breaks every caller compiled against the standard interface.',
    messages: { 'wrong-return': 'A token function whose return type differs from the ERC standard, or that returns nothing' },
    fix: 'none',
    scope: 'member',
    aliases: { slither: ['erc20-interface', 'erc721-interface'], aderyn: ['incorrect-erc20-interface', 'incorrect-erc721-interface'], '4naly3er': ['L/decimalsNotUint8'] },
  },
  create(ctx) {
    return {
      ContractDefinition(contract: NodeOf<'ContractDefinition'>) {
        const fns = functionsOf(contract).filter((f) => f.name && f.visibility !== 'internal' && f.visibility !== 'private');
        const names = new Set(fns.map((f) => f.name!));
        const erc721 = names.has('ownerOf') || /ERC721/.test(contract.name);
        // Two or more of the token functions make the contract a token; a lone
        // `transfer` or `approve` may be anything.
        const erc20 = !erc721 && ['transfer', 'transferFrom', 'approve', 'allowance', 'balanceOf', 'totalSupply'].filter((n) => names.has(n)).length >= 3;
        const table = erc721 ? ERC721 : erc20 ? ERC20 : undefined;
        if (!table) return;
        const standard = erc721 ? 'ERC721' : 'ERC20';
        for (const f of fns) {
          const spec = table[f.name!];
          if (!spec || f.parameters.length !== spec[0]) continue;
          const problem = check(f, spec[1]);
          if (problem) ctx.report({ node: f, message: `${contract.name}.${f.name} ${problem}, unlike ${standard}: callers built on the standard interface ${spec[1] ? 'revert or misread the result' : 'revert when decoding'}.` });
        }
      },
    };
  },
});

function check(f: NodeOf<'FunctionDefinition'>, expected: string): string | undefined {
  const rets = f.returnParameters ?? [];
  if (expected === '') return rets.length > 0 ? `returns ${rets.map((r) => typeText(r.typeName)).join(', ')} instead of nothing` : undefined;
  if (rets.length === 0) return `returns nothing instead of ${expected}`;
  const got = typeText(rets[0].typeName);
  if (rets.length !== 1 || got !== expected) return `returns ${rets.map((r) => typeText(r.typeName)).join(', ')} instead of ${expected}`;
  return undefined;
}
