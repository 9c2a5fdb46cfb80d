/**
 * The cross-file projects of bench:xfile, run through the built CLI in the fast tier: every
 * expected finding found and every expected absence respected, except the gaps listed below
 * with their reason. A listed gap that starts passing fails the test, so the list stays true.
 * (The deep tier of the same projects is measured by `npm run bench:xfile`.)
 */
import assert from 'node:assert/strict';
import { runXfile } from '../../bench/xfile';

/** Projects the model does not get right yet, with the reason (none today). A listed one that passes fails the test. */
const KNOWN_GAPS: Record<string, string> = {};

describe('cross-file projects (bench:xfile, fast tier)', function () {
  this.timeout(300_000);
  it('finds every expected finding and respects every absence, except the known gaps', async () => {
    const results = await runXfile({ tiers: ['fast'] });
    const failing: string[] = [];
    const fixedGaps: string[] = [];
    for (const p of results.projects) {
      assert.deepEqual(p.lint, [], `${p.name}: expect.json problems`);
      const t = p.tiers.fast!;
      assert.ok(t.ran, `${p.name}: the CLI did not run: ${t.error}`);
      const bad = t.checks.filter((c) => !c.ok);
      if (KNOWN_GAPS[p.name]) {
        if (bad.length === 0) fixedGaps.push(p.name);
      } else if (bad.length > 0) {
        failing.push(`${p.name}: ${bad.map((c) => `${c.type} ${c.rule} at ${c.place}: ${c.detail}`).join('; ')}`);
      }
    }
    assert.deepEqual(failing, [], 'projects with failed checks');
    assert.deepEqual(fixedGaps, [], 'known gaps that now pass: remove them from KNOWN_GAPS');
    assert.ok(results.projects.length >= 20, 'at least 20 projects');
  });
});
