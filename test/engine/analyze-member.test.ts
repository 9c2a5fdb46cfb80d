import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { analyze, analyzeMember, parse, ruleMap, type Finding } from '../../engine/src';

const ROOT = path.resolve(__dirname, '../..');

/** Every .sol file under a folder. */
function solFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...solFiles(p));
    else if (p.endsWith('.sol')) out.push(p);
  }
  return out.sort();
}

/** Functions and modifiers with a body, in source order. */
function bodies(ast: ASTNode): Array<ASTNode & { body: ASTNode; range: [number, number] }> {
  const out: Array<ASTNode & { body: ASTNode; range: [number, number] }> = [];
  const visit = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as ASTNode & { body?: ASTNode | null; range?: [number, number] };
    if ((node.type === 'FunctionDefinition' || node.type === 'ModifierDefinition') && node.body?.range && node.range) out.push(node as never);
    for (const k in node) if (k !== 'range' && k !== 'loc') visit((node as unknown as Record<string, unknown>)[k]);
  };
  visit(ast);
  return out;
}

const memberScoped = (f: Finding) => ruleMap().get(f.ruleId)?.scope === 'member';
const key = (f: Finding) => JSON.stringify([f.ruleId, f.messageId, f.range, f.message, f.severity, f.confidence, f.fixes, f.contract, f.function]);

/**
 * The contract of `scope: 'member'` (RuleMeta.scope), checked on real code: for
 * each function or modifier F of a file, the member-scope findings of the file
 * equal (1) those of the same file with F's body blanked, outside F (so nothing
 * found elsewhere depends on F's body), plus (2) what `analyzeMember` finds in
 * F alone (so it finds there all and only what the whole analysis finds).
 */
describe('engine: member-scope rules re-run over one function (analyzeMember)', function () {
  this.timeout(600000);
  const corpus = [...solFiles(path.join(ROOT, 'test/rules')), ...solFiles(path.join(ROOT, 'node_modules/@openzeppelin/contracts/token')).slice(0, 60)];

  it('finds in a function exactly what the whole analysis finds there, and nothing elsewhere depends on its body', () => {
    let checked = 0;
    const failures: string[] = [];
    for (const file of corpus) {
      const text = fs.readFileSync(file, 'utf8');
      // Suppression comments are judged over the whole file; the language server does not re-run a member they reach.
      if (/(synor|slither|solhint)-(disable|enable)/.test(text)) continue;
      const parsed = parse(text);
      if (parsed.errors.length > 0 || parsed.omitted) continue;
      const full = analyze(text, { parsed, path: file }).findings.filter(memberScoped);
      for (const fn of bodies(parsed.ast).slice(0, 8)) {
        const [b0, b1] = fn.body.range!;
        const blank = text.slice(0, b0 + 1) + text.slice(b0 + 1, b1).replace(/[^\n\r]/g, ' ') + text.slice(b1);
        const variant = parse(blank);
        if (variant.errors.length > 0) continue;
        const [from, to] = [fn.range[0], fn.range[1] + 1];
        const inside = (f: Finding) => parsed.lines.offsetAt(f.range.start) >= from && parsed.lines.offsetAt(f.range.end) <= to;
        const elsewhere = analyze(blank, { parsed: variant, path: file }).findings.filter((f) => memberScoped(f) && !inside(f));
        const member = analyzeMember(parsed, fn, { path: file });
        assert.deepEqual(member.ruleErrors, [], `${path.relative(ROOT, file)}: a member-scope rule failed`);
        const predicted = [...elsewhere, ...member.findings].map(key).sort();
        const actual = full.map(key).sort();
        if (JSON.stringify(predicted) !== JSON.stringify(actual)) {
          const missing = actual.filter((k) => !predicted.includes(k));
          const extra = predicted.filter((k) => !actual.includes(k));
          failures.push(`${path.relative(ROOT, file)} ${(fn as { name?: string }).name ?? ''}: missing ${missing.join(' ')} extra ${extra.join(' ')}`);
        }
        checked++;
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked > 800, `checked ${checked} functions`);
  });

  it('reports a fact asked for by a rule declared member-scope as that rule failing', () => {
    const rule = ruleMap().get('default-init')!;
    const before = rule.scope;
    (rule as { scope?: string }).scope = 'member';
    try {
      const text = 'contract C {\n    uint256 x;\n    function f() public {\n        uint256 y = 0;\n        x = y;\n    }\n}\n';
      const parsed = parse(text);
      const fn = bodies(parsed.ast)[0];
      const r = analyzeMember(parsed, fn, { path: 'c.sol' });
      assert.ok(r.rules.includes('default-init'));
      assert.match(r.ruleErrors.find((e) => e.ruleId === 'default-init')?.message ?? '', /scope 'member' asked for the fact/);
    } finally {
      (rule as { scope?: string }).scope = before;
    }
  });

  it('member-scope rules read no fact module beyond pure syntax helpers', () => {
    // A fact (program, taint, declarations…) sees the whole file and its project: a rule that uses one cannot be re-run over a single function.
    const allowed = new Set(['ast-util', 'ast-index', 'text']);
    const dir = path.join(ROOT, 'engine/src/rules');
    for (const category of ['security', 'gas', 'quality']) {
      for (const f of fs.readdirSync(path.join(dir, category))) {
        const src = fs.readFileSync(path.join(dir, category, f), 'utf8');
        if (!/scope: 'member'/.test(src)) continue;
        for (const m of src.matchAll(/from '\.\.\/\.\.\/facts\/([\w-]+)'/g)) assert.ok(allowed.has(m[1]), `${category}/${f} imports facts/${m[1]}`);
        assert.doesNotMatch(src, /ctx\.(fact|closure|project|typed)\b|ctx\.index\.(ofType|nodes)\b/, `${category}/${f} reads beyond its member`);
      }
    }
  });
});
