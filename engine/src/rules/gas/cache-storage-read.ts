import type { ASTNode, FunctionDefinition, Identifier, StateVariableDeclarationVariable } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type RuleContext } from '../framework';
import { isWriteTarget, usedInAssembly, writesIn } from '../../facts/ast-util';
import { hasOpaqueCall, stateVariableAt } from '../../facts/declarations';
import { freshName, indentAt } from '../../facts/text';

const LOOPS = new Set(['ForStatement', 'WhileStatement', 'DoWhileStatement']);

export default defineRule({
  meta: {
    id: 'cache-storage-read',
    title: 'Storage variable read more than once',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A function reads the same state variable several times (or inside a loop); each read is an SLOAD, where one read into a local would do.',
    messages: { 'repeated-read': 'A storage variable read several times, or inside a loop, in one function' },
    fix: 'safe',
    aliases: { '4naly3er': ['GAS/cacheVariable'] },
  },
  create(ctx) {
    const check = (fn: FunctionDefinition) => {
      if (!fn.body || fn.isConstructor) return;
      const reads = new Map<StateVariableDeclarationVariable, Identifier[]>();
      for (const n of ctx.index.descendants(fn.body)) {
        if (n.type !== 'Identifier') continue;
        const parent = ctx.parent(n);
        // `x.length`, `x[i]` and calls are other rules' business; only whole-value reads of value types.
        if (parent && ((parent.type === 'MemberAccess' && parent.expression === n) || (parent.type === 'IndexAccess' && parent.base === n) || (parent.type === 'FunctionCall' && parent.expression === n))) continue;
        const sv = stateVariableAt(ctx, n);
        if (!sv || sv.isDeclaredConst || sv.isImmutable || sv.isTransient) continue;
        if (sv.typeName?.type !== 'ElementaryTypeName' || ['string', 'bytes'].includes(sv.typeName.name)) continue;
        if (isWriteTarget(ctx.index, n)) continue;
        let ids = reads.get(sv);
        if (!ids) reads.set(sv, (ids = []));
        ids.push(n);
      }
      // Most functions read no state variable of a value type: nothing more to look at.
      if (reads.size === 0) return;
      const written = new Set(writesIn(fn.body).map((w) => w.name));
      const opaque = hasOpaqueCall(ctx, fn.body);
      for (const [sv, ids] of reads) {
        const name = sv.name!;
        const inLoop = ids.some((id) => ctx.index.ancestors(id).some((a) => LOOPS.has(a.type) && ctx.index.ancestors(a).includes(fn.body!)));
        if (!inLoop && !twoReadsOnOnePath(ctx, ids)) continue;
        // A write in between, or a call that could write it, would make a cached copy stale.
        if (written.has(name) || usedInAssembly(ctx, fn.body, name)) continue;
        const fixes = [];
        const where = insertionPoint(ctx, fn.body, ids);
        if (where && !opaque) {
          const local = freshName(ctx, `cached${name.replace(/^_+/, '').replace(/^./, (c) => c.toUpperCase())}`);
          const indent = indentAt(ctx.source, ctx.offsets(where)[0]);
          fixes.push({
            title: `Read ${name} once into ${local}`,
            safety: 'safe' as const,
            edits: [ctx.edit.insertAt(ctx.offsets(where)[0], `${ctx.text(sv.typeName!)} ${local} = ${name};\n${indent}`), ...ids.map((id) => ctx.edit.replace(id, local))],
          });
        }
        ctx.report({
          node: ids[0],
          message: `${name} is read from storage ${inLoop ? 'inside a loop' : `${ids.length} times`} in ${fn.name ?? 'this function'}; read it once into a local variable.`,
          fixes,
        });
      }
    };
    return { FunctionDefinition: check };
  },
});

/**
 * The statement before which the cached read goes: in the innermost block
 * that holds every read and is outside every loop around them, the statement
 * that holds the first read. Placing it there keeps paths that never read the
 * variable from paying for the SLOAD, and loops from reading it again.
 */
function insertionPoint(ctx: RuleContext, body: ASTNode, ids: Identifier[]): ASTNode | undefined {
  const chains = ids.map((id) => [id, ...ctx.index.ancestors(id)].reverse());
  const start = chains[0].indexOf(body);
  if (start < 0) return undefined;
  let blockDepth = start;
  for (let depth = start; ; depth++) {
    const n = chains[0][depth];
    if (!n || !chains.every((c) => c[depth] === n)) break;
    if (LOOPS.has(n.type)) break;
    if (n.type === 'Block') blockDepth = depth;
  }
  const block = chains[0][blockDepth];
  const stmt = chains[0][blockDepth + 1];
  return block.type === 'Block' && stmt && (block.statements as ASTNode[]).includes(stmt) ? stmt : undefined;
}

const STATEMENT_LEVEL = new Set(['Block', 'IfStatement', 'ForStatement', 'WhileStatement', 'DoWhileStatement', 'UncheckedStatement', 'TryStatement', 'CatchClause', 'FunctionDefinition']);

/**
 * True when two of the reads run on one path through the function in
 * different statements. Measured with solc 0.8.37: the optimizer already
 * merges repeated reads within one statement, and caching a variable that is
 * read once in each branch of an if or a ternary only adds code.
 */
function twoReadsOnOnePath(ctx: RuleContext, ids: Identifier[]): boolean {
  const chains = ids.map((id) => [id, ...ctx.index.ancestors(id)].reverse());
  for (let i = 0; i < chains.length; i++) {
    for (let j = i + 1; j < chains.length; j++) {
      const a = chains[i];
      const b = chains[j];
      let d = 0;
      while (d < a.length && d < b.length && a[d] === b[d]) d++;
      const lca = a[d - 1];
      const ca = a[d];
      const cb = b[d];
      if (!STATEMENT_LEVEL.has(lca.type)) continue;
      if (lca.type === 'IfStatement' && ca !== lca.condition && cb !== lca.condition) continue;
      return true;
    }
  }
  return false;
}
