/**
 * The registry, the docs and the fixtures agree: every rule has a doc page
 * with the house sections, a valid and an invalid fixture, and a fixed output
 * when it offers fixes; every fixture folder and doc page belongs to a rule.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listRules } from '../../engine/src';
import { fixtureDirs, RULE_FIXTURES } from './fixture-util';

const ROOT = path.resolve(__dirname, '../..');
/** Rules reported by the compiler in the deep tier; their tests are the deep-tier tests. */
const DEEP_ONLY = new Set(['compiler-error', 'compiler-warning', 'unresolved-import']);

describe('rule registry, docs and fixtures agree', () => {
  const rules = listRules();
  const dirs = new Map(fixtureDirs().map((d) => [d.ruleId, d]));

  it('has the rules the catalogue asks for', () => {
    assert.ok(rules.length >= 80, `${rules.length} rules`);
    assert.ok(rules.filter((r) => r.category === 'gas').length >= 27);
  });

  for (const r of rules) {
    describe(r.id, () => {
      it('has a doc page with the house sections in order', () => {
        const page = path.join(ROOT, 'docs/rules', `${r.id}.md`);
        assert.ok(fs.existsSync(page), `docs/rules/${r.id}.md is missing`);
        const text = fs.readFileSync(page, 'utf8');
        assert.match(text, new RegExp(`^# ${r.id}\\b`), 'the page starts with "# <id>"');
        const order = ['## Why it matters', ...(r.category === 'security' ? ['## Exploit scenario'] : []), '## Fix', '## References'];
        let last = -1;
        for (const h of order) {
          const at = text.indexOf(h);
          assert.ok(at > last, `"${h}" present and in order`);
          last = at;
        }
        if (r.category === 'gas') assert.match(text, /## Gas impact/);
      });
      if (DEEP_ONLY.has(r.id)) return;
      it('has valid and invalid fixtures, and a fixed output when it fixes', () => {
        const d = dirs.get(r.id);
        assert.ok(d, `test/rules/${r.id}/ is missing`);
        assert.ok(d.files.some((f) => f.startsWith('invalid')), 'an invalid*.sol fixture');
        assert.ok(d.files.some((f) => f.startsWith('valid')), 'a valid*.sol fixture');
        for (const f of d.files.filter((x) => x.startsWith('valid'))) {
          assert.match(fs.readFileSync(path.join(d.dir, f), 'utf8'), /^\/\/ expect: none/, `${f} starts with // expect: none`);
        }
        if (r.fix !== 'none') {
          const fixed = fs.readdirSync(d.dir).filter((f) => f.endsWith('.fixed.sol'));
          assert.ok(fixed.length > 0, `rule declares fix: ${r.fix} but has no *.fixed.sol`);
        }
      });
    });
  }

  it('every fixture folder and doc page belongs to a registered rule', () => {
    const ids = new Set(rules.map((r) => r.id));
    for (const id of dirs.keys()) assert.ok(ids.has(id), `test/rules/${id}/ has no rule`);
    for (const f of fs.readdirSync(path.join(ROOT, 'docs/rules'))) assert.ok(ids.has(f.replace(/\.md$/, '')), `docs/rules/${f} has no rule`);
    assert.ok(fs.existsSync(RULE_FIXTURES));
  });
});
