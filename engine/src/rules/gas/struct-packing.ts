import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { subtree } from '../../facts/ast-index';
import { upgradeableReason } from '../../facts/upgradeable';
import { packing } from '../../facts/layout';
import { reorderEdit } from '../../facts/text';

export default defineRule({
  meta: {
    id: 'struct-packing',
    title: 'Struct fields could pack into fewer slots',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'Storage packs consecutive small fields into one 32-byte slot; the declared field order of this struct leaves gaps that a different order would close.',
    messages: { 'unpacked-struct': 'A struct whose field order takes more storage slots than ordering by size' },
    fix: 'unsafe',
    aliases: { solhint: ['gas-struct-packing'] },
  },
  create(ctx) {
    const nodesOf = <T extends ASTNode['type']>(type: T) => ctx.closure.flatMap((f) => f.index.ofType(type));
    /** The type names a type mentions (`S`, `I.S`, `mapping(address => S[])`), by their last name. */
    const mentions = (t: ASTNode | null | undefined, name: string) => subtree(t).some((n) => n.type === 'UserDefinedTypeName' && n.namePath.split('.').pop() === name);
    /** Where the field order of struct `name` is part of the ABI, in words; undefined when it is not. */
    const inAbi = (node: NodeOf<'StructDefinition'>): string | undefined => {
      const name = node.name;
      const owner = ctx.index.enclosing(node, 'ContractDefinition');
      if (owner?.kind === 'interface') return `it is declared in the interface ${owner.name}`;
      for (const fn of nodesOf('FunctionDefinition')) {
        const parent = ctx.fileOf(fn)?.index.enclosing(fn, 'ContractDefinition');
        if (fn.visibility !== 'external' && fn.visibility !== 'public' && parent?.kind !== 'interface') continue;
        if ([...fn.parameters, ...(fn.returnParameters ?? [])].some((p) => mentions(p.typeName, name))) return `${fn.name ?? 'a function'}() takes or returns it`;
      }
      for (const e of [...nodesOf('EventDefinition'), ...nodesOf('CustomErrorDefinition')]) {
        if (e.parameters.some((p) => mentions(p.typeName, name))) return `${e.name} carries it`;
      }
      for (const v of nodesOf('StateVariableDeclaration')) {
        for (const d of v.variables) if (d.visibility === 'public' && mentions(d.typeName, name)) return `the getter of ${d.name} returns its fields in order`;
      }
      return undefined;
    };
    /** Positional construction `S(a, b, c)` (or `L.S(…)`) anywhere in the closure follows the field order. */
    const builtPositionally = (name: string) =>
      nodesOf('FunctionCall').some((c) => ((c.expression.type === 'Identifier' && c.expression.name === name) || (c.expression.type === 'MemberAccess' && c.expression.memberName === name)) && c.arguments.length > 0 && !c.names?.length);
    /** Why reordering moves data that is already stored: the struct is in the storage of an upgradeable contract. */
    const inUpgradeableStorage = (name: string): string | undefined => {
      for (const c of ctx.closure.flatMap((f) => f.index.ofType('ContractDefinition'))) {
        const stored = (c.subNodes as ASTNode[]).some((s) => s.type === 'StateVariableDeclaration' && s.variables.some((d) => mentions(d.typeName, name)));
        const why = stored ? upgradeableReason(ctx, c) : undefined;
        if (why) return why;
      }
      return undefined;
    };
    return {
      StructDefinition(node) {
        const members = node.members;
        if (members.length < 2) return;
        const packed = packing(ctx, members.map((m) => m.typeName));
        if (!packed) return;
        const { now, best, order } = packed;
        // No fix where the order is observable: the ABI (an interface, an external function, an
        // event, a public getter) and positional construction, which would no longer compile.
        const abi = inAbi(node);
        const positional = builtPositionally(node.name);
        const edit = abi || positional ? undefined : reorderEdit(ctx, members as ASTNode[], order, true);
        const upgradeable = edit ? inUpgradeableStorage(node.name) : undefined;
        const reason = upgradeable ? `${upgradeable}, and reordering moves the data already stored` : 'the field order is the storage layout of deployed contracts';
        const fixes = edit ? [{ title: `Reorder the fields of ${node.name} to use ${best} slots instead of ${now}`, safety: 'unsafe' as const, reason, edits: [edit] }] : [];
        ctx.report({
          node,
          range: ctx.edit.replaceOffsets(ctx.offsets(node)[0], ctx.source.indexOf('{', ctx.offsets(node)[0]) + 1, '').range,
          message: `${node.name} takes ${now} storage slots in this order; ordering its fields by size fits them in ${best}.${abi ? ` Its field order is part of the ABI (${abi}), so no fix is offered.` : positional ? ' It is built positionally, so no fix is offered.' : ''}`,
          fixes,
        });
      },
    };
  },
});
