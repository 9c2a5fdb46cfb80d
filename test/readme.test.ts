/** The README stays true: its rule table lists exactly the registered rules, with their metadata. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listRules } from '../engine/src';

describe('README', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

  it('gives the two set-up commands and the example run', () => {
    assert.match(readme, /^npm ci\b/m);
    assert.match(readme, /^npm test\b/m);
    assert.match(readme, /npx synor examples\//);
  });

  it('lists every rule once in its table, with severity and SWC', () => {
    const rows = readme.split('\n').filter((l) => l.startsWith('| [`'));
    const ids = rows.map((l) => /^\| \[`([a-z0-9-]+)`\]/.exec(l)![1]);
    const rules = listRules();
    assert.deepEqual([...ids].sort(), rules.map((r) => r.id).sort());
    for (const r of rules) {
      const row = rows[ids.indexOf(r.id)];
      const cells = row.split('|').map((c) => c.trim());
      assert.equal(cells[2], r.severity, `${r.id} severity`);
      assert.equal(cells[4], r.swc ?? '', `${r.id} SWC`);
      assert.equal(cells[5], r.fix, `${r.id} fix`);
    }
    assert.match(readme, new RegExp(`^${rules.length} rules:`, 'm'));
  });

  it('shows screenshots that exist', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 4);
    for (const img of images) assert.ok(fs.existsSync(path.resolve(__dirname, '..', img)), img);
  });
});
