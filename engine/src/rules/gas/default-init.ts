import type { ASTNode, TypeName, VariableDeclaration } from '@solidity-parser/parser/dist/src/ast-types';
import { allowsBelow } from '../../parse/pragma';
import { defineRule } from '../framework';
import { namesUsedIn } from '../../facts/locals';
import { stateUsageFact } from '../../facts/state-usage';

/** True when `value` is the default of type `t`: 0, false, address(0), bytes32(0), "" … */
function isDefault(t: TypeName | null, value: ASTNode | null | undefined): boolean {
  if (!t || !value || t.type !== 'ElementaryTypeName') return false;
  const name = t.name;
  const zero = (v: ASTNode): boolean => v.type === 'NumberLiteral' && !v.subdenomination && /^(0+|0x0+)$/.test(v.number);
  if (/^u?int\d*$/.test(name)) return zero(value);
  if (name === 'bool') return value.type === 'BooleanLiteral' && value.value === false;
  if (name === 'address' || /^bytes\d+$/.test(name)) {
    if (value.type !== 'FunctionCall' || value.arguments.length !== 1 || !zero(value.arguments[0])) return false;
    const c = value.expression;
    return (c.type === 'ElementaryTypeName' || c.type === 'Identifier') && c.name === name;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'default-init',
    title: 'Explicit initialisation to the default value',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'Variables start at zero; `uint256 x = 0;` and `bool b = false;` spell out the default and can cost code and gas.',
    messages: {
      'local-default-value': 'A local variable explicitly initialised to its default value',
      'state-default-value': 'A state variable explicitly initialised to its default value',
    },
    fix: 'safe',
    aliases: { '4naly3er': ['GAS/initializeDefaultValue', 'NC/uselessZeroInit'] },
  },
  create(ctx) {
    // Before 0.5.0 locals were function-scoped: a declaration inside a loop
    // without a value did not reset the variable, so the value matters there.
    const functionScoped = allowsBelow(ctx.solc, '0.5.0');
    const inLoop = (n: ASTNode) => ctx.index.enclosing(n, 'ForStatement', 'WhileStatement', 'DoWhileStatement') !== undefined;
    const remove = (declEnd: number, value: ASTNode) => {
      // From the end of the declared name to the end of the value: ` = 0`.
      return ctx.edit.replaceOffsets(declEnd, ctx.offsets(value)[1], '');
    };
    return {
      VariableDeclarationStatement(node) {
        if (node.variables.length !== 1 || !node.variables[0] || !node.initialValue) return;
        const v = node.variables[0] as VariableDeclaration;
        if (!isDefault(v.typeName, node.initialValue)) return;
        // A for-loop header is executed once; a body declaration runs every iteration.
        const parent = ctx.parent(node);
        const isForInit = parent?.type === 'ForStatement' && parent.initExpression === node;
        if (functionScoped && (inLoop(node) || isForInit)) return;
        // A local nothing assigns again is a named zero: without its value, uninitialized-local
        // would take it for a forgotten assignment. The explicit value says it is meant.
        const fn = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
        if (fn?.body && v.name && !v.storageLocation && v.typeName?.type === 'ElementaryTypeName') {
          const { assigned, read } = namesUsedIn(ctx, fn.body);
          if (read.has(v.name) && !assigned.has(v.name)) return;
        }
        ctx.report({
          node,
          messageId: 'local-default-value',
          message: `${v.name} is set to its default value explicitly; the declaration alone does the same.`,
          fixes: [{ title: `Remove "= ${ctx.text(node.initialValue)}"`, safety: 'safe', edits: [remove(ctx.offsets(v)[1], node.initialValue)] }],
        });
      },
      StateVariableDeclaration(node) {
        for (const v of node.variables) {
          if (v.isDeclaredConst || v.isImmutable || !v.expression || !v.identifier) continue;
          if (!isDefault(v.typeName, v.expression)) continue;
          // A state variable nothing writes keeps its declared value for good: that is
          // constant-state's finding, and without the value uninitialized-state would
          // take it for one never set.
          const u = ctx.fact(stateUsageFact).get(v);
          if (u && u.writesElsewhere === 0 && u.constructorWrites.length === 0 && !u.inAssembly) continue;
          ctx.report({
            node: v.identifier,
            messageId: 'state-default-value',
            message: `${v.name} is initialised to its default value; storage starts at zero, and the explicit value costs deployment gas.`,
            fixes: [{ title: `Remove "= ${ctx.text(v.expression)}"`, safety: 'safe', edits: [remove(ctx.offsets(v.identifier)[1], v.expression)] }],
          });
        }
      },
    };
  },
});
