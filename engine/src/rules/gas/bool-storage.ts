import type { TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { writesIn } from '../../facts/ast-util';

function isBool(t: TypeName | null | undefined): boolean {
  return !!t && t.type === 'ElementaryTypeName' && t.name === 'bool';
}

export default defineRule({
  meta: {
    id: 'bool-storage',
    title: 'bool in storage',
    category: 'gas',
    severity: 'info',
    confidence: 'low',
    description: 'A storage bool flipped back and forth pays a fresh zero-to-non-zero SSTORE each time it becomes true; uint256 1/2 flags, or bitmaps for mappings of bools, are cheaper.',
    messages: {
      'set-and-cleared': 'A storage bool written both true and false, so false-to-true writes pay for an SSTORE from zero',
      'bool-mapping': 'A mapping from integers to bools, one slot per key, that a bitmap would share',
    },
    fix: 'none',
    aliases: { '4naly3er': ['GAS/boolIncursOverhead', 'GAS/uintBoolBitMaps'] },
  },
  create(ctx) {
    // Values written to each plain (non-mapping) variable by name, computed on
    // first need: a flag that is both set and cleared is the case the 1/2
    // pattern pays off for.
    let written: { setTrue: Set<string>; cleared: Set<string> } | undefined;
    const writes = () => {
      if (written) return written;
      const setTrue = new Set<string>();
      const cleared = new Set<string>();
      for (const w of writesIn(ctx.ast)) {
        if (w.target.type !== 'Identifier' || !w.name) continue;
        const n = w.node;
        if (n.type === 'UnaryOperation' && n.operator === 'delete') cleared.add(w.name);
        else if (n.type === 'BinaryOperation' && n.operator === '=') {
          if (n.right.type === 'BooleanLiteral') (n.right.value ? setTrue : cleared).add(w.name);
          else setTrue.add(w.name), cleared.add(w.name);
        }
      }
      return (written = { setTrue, cleared });
    };
    return {
      StateVariableDeclaration(node) {
        for (const v of node.variables) {
          if (v.isDeclaredConst || v.isImmutable || v.isTransient || !v.identifier) continue;
          const t = v.typeName;
          if (isBool(t) && v.name && writes().setTrue.has(v.name) && writes().cleared.has(v.name)) {
            ctx.report({
              node: v.identifier,
              messageId: 'set-and-cleared',
              message: `${v.name} is a storage bool that is set and cleared: each false-to-true write is a 20,000-gas SSTORE from zero; a uint256 flag holding 1 and 2 never returns to zero.`,
            });
          } else if (t && t.type === 'Mapping' && isBool(t.valueType) && t.keyType.type === 'ElementaryTypeName' && /^uint\d*$/.test(t.keyType.name)) {
            ctx.report({
              node: v.identifier,
              messageId: 'bool-mapping',
              message: `${v.name} maps integers to bools, one slot per key; a bitmap (mapping(uint256 => uint256), 256 flags per slot) shares slots between neighbouring keys.`,
            });
          }
        }
      },
    };
  },
});
