/**
 * The robustness fuzzer, a fixed-seed sample (`npm run bench:robust` runs
 * 10,000+): mutated real files into `analyze()`, and mutated edit streams into
 * the real language server over stdio. Every input must analyse without an
 * exception or a rule error, with every range inside the text, and the same
 * findings whatever the line breaks. A failure names the seed and prints the
 * input; `SYNOR_FUZZ_SEED=<n>` runs another seed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestClient } from '../server/client';
import { analyzeChecked, lineEndingProblems, type Problem } from './check';
import { runEditStream } from './lsp';
import { mutate, repoCorpus, Rng } from './mutate';

const SEED = Number(process.env.SYNOR_FUZZ_SEED ?? 20251);
const ENGINE_INPUTS = 1000;
/** Every this-many-th input is also analysed with `\n`, `\r\n` and `\r` line breaks. */
const LINE_ENDING_EVERY = 8;
const SERVER_EDITS = 240;

function report(problems: Array<Problem & { input?: string }>): string {
  return problems
    .slice(0, 5)
    .map((p) => `${p.kind}: ${p.detail}${p.input !== undefined ? `\n--- input (JSON) ---\n${JSON.stringify(p.input).slice(0, 4000)}` : ''}`)
    .join('\n\n');
}

describe(`fuzz (seed ${SEED})`, function () {
  this.timeout(180000);
  const files = repoCorpus();
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));

  it(`analyses ${ENGINE_INPUTS} mutated real files with no exception, rule error or range outside the text`, () => {
    assert.ok(texts.length >= 200, `${texts.length} corpus files`);
    const rng = new Rng(SEED);
    const problems: Array<Problem & { input?: string }> = [];
    let analysed = 0;
    for (let i = 0; i < ENGINE_INPUTS; i++) {
      const input = mutate(rng, texts[rng.int(texts.length)], texts[rng.int(texts.length)]);
      const c = analyzeChecked(input);
      analysed++;
      const found = [...c.problems, ...(i % LINE_ENDING_EVERY === 0 ? lineEndingProblems(input) : [])];
      for (const p of found) problems.push({ ...p, input });
    }
    assert.equal(analysed, ENGINE_INPUTS);
    assert.equal(problems.length, 0, `${problems.length} problems (seed ${SEED}):\n${report(problems)}`);
  });

  it(`keeps the language server exact over ${SERVER_EDITS} mutated edits to two documents`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-fuzz-'));
    const client = await TestClient.start({ root: dir, settings: { debounceMs: 20, deepAnalysis: { onSave: false, onIdle: false } } });
    try {
      const rng = new Rng(SEED + 1);
      const docs = [0, 1].map((k) => ({ uri: TestClient.uri(path.join(dir, `Doc${k}.sol`)), text: texts[rng.int(texts.length)] }));
      const r = await runEditStream(client, rng, docs, SERVER_EDITS, texts);
      assert.ok(r.publishes > 0);
      assert.equal(r.problems.length, 0, `${r.problems.length} problems (seed ${SEED + 1}):\n${report(r.problems)}`);
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
