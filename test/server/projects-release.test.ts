import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLOSED_PARSE_CACHE, ProjectHost } from '../../server/src/projects';
import { parseCached } from '../../engine/src/project';

/** A Foundry-like project of `n` files, each importing the one before. */
function makeProject(n: number): { root: string; files: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-release-'));
  fs.writeFileSync(path.join(root, 'foundry.toml'), '[profile.default]\n');
  fs.mkdirSync(path.join(root, 'src'));
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = path.join(root, 'src', `C${i}.sol`);
    const imp = i > 0 ? `import "./C${i - 1}.sol";\n` : '';
    const base = i > 0 ? ` is C${i - 1}` : '';
    // A unique body per file (and per run), so that no other test shares these parses.
    fs.writeFileSync(file, `pragma solidity ^0.8.20;\n${imp}contract C${i}${base} { uint256 public v${i} = ${i}; /* ${root} */ }\n`);
    files.push(file);
  }
  return { root, files };
}

describe('project host: what closed documents held', () => {
  it('lets go of the files and parses once the last document closes, keeping a few recent parses', () => {
    const { root, files } = makeProject(CLOSED_PARSE_CACHE + 20);
    try {
      const host = new ProjectHost();
      const last = files[files.length - 1];
      const project = host.projectFor(last, undefined);
      // Opening the last file reads its whole import chain.
      const text = fs.readFileSync(last, 'utf8');
      host.setOverlay(last, text);
      host.setOverlay(files[0], fs.readFileSync(files[0], 'utf8'));
      const closure = project.closureWithDerived(last);
      assert.equal(closure.length, files.length);
      const before = new Map(closure.map((f) => [f.path, f]));
      assert.equal(host.openCount, 2);

      host.release(files[0]);
      assert.equal(host.openCount, 1);
      assert.equal(project.file(files[3]), before.get(files[3]), 'with a document still open, its files stay');

      host.release(last);
      assert.equal(host.openCount, 0);
      const again = project.file(files[3]);
      assert.ok(again);
      assert.notEqual(again, before.get(files[3]), 'the project read the file again: it had let it go');
      assert.equal(again.text, before.get(files[3])!.text);
      // The shared cache kept only its most recent parses (and the file just read again).
      let kept = 0;
      for (const f of before.values()) if (parseCached(f.text).parsed === f.parsed) kept++;
      assert.ok(kept >= 1 && kept <= CLOSED_PARSE_CACHE + 1, `${kept} of ${before.size} parses kept`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
