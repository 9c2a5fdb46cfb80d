import type { ASTNode, FunctionDefinition, Identifier } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type RuleContext } from '../framework';
import { freshName, hasOpaqueCall, indentAt, isWriteTarget, resolveStateVar, usedInAssembly, writesIn, type StateVar } from './util/ast';

const LOOPS = new Set(['ForStatement', 'WhileStatement', 'DoWhileStatement']);

export default defineRule({
  meta: {
    id: 'cache-storage-read',
    title: 'Storage variable read more than once',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A function reads the same state variable several times (or inside a loop); each read is an SLOAD, where one read into a local would do.',
    fix: 'safe',
    aliases: { '4naly3er': ['GAS/cacheVariable'] },
  },
  create(ctx) {
    const check = (fn: FunctionDefinition) => {
      if (!fn.body || fn.isConstructor) return;
      const reads = new Map<StateVar, Identifier[]>();
      for (const n of ctx.index.descendants(fn.body)) {
        if (n.type !== 'Identifier') continue;
        const parent = ctx.parent(n);
        // `x.length`, `x[i]` and calls are other rules' business; only whole-value reads of value types.
        if (parent && ((parent.type === 'MemberAccess' && parent.expression === n) || (parent.type === 'IndexAccess' && parent.base === n) || (parent.type === 'FunctionCall' && parent.expression === n))) continue;
        const sv = resolveStateVar(ctx, n);
        if (!sv || sv.decl.isDeclaredConst || sv.decl.isImmutable || sv.decl.isTransient) continue;
        if (sv.decl.typeName?.type !== 'ElementaryTypeName' || ['string', 'bytes'].includes(sv.decl.typeName.name)) continue;
        if (isWriteTarget(ctx, n)) continue;
        let list = reads.get(sv);
        if (!list) reads.set(sv, (list = []));
        list.push(n);
      }
      const written = new Set(writesIn(fn.body).map((w) => w.name));
      const opaque = hasOpaqueCall(ctx, fn.body);
      for (const [sv, ids] of reads) {
        const name = sv.decl.name!;
        const inLoop = ids.some((id) => ctx.index.ancestors(id).some((a) => LOOPS.has(a.type) && ctx.index.ancestors(a).includes(fn.body!)));
        if (ids.length < 2 && !inLoop) continue;
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
            edits: [ctx.edit.insertAt(ctx.offsets(where)[0], `${ctx.text(sv.decl.typeName!)} ${local} = ${name};\n${indent}`), ...ids.map((id) => ctx.edit.replace(id, local))],
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
