/**
 * The rules the CLI and the language server share for a project's own
 * sources (engine/src/project/sources.ts), and the find-up walk every lookup
 * of a marker or configuration file above a source uses (find-up.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFoundryToml } from '../../engine/src/compile/imports';
import { ancestors, findFileUp, findUp } from '../../engine/src/project/find-up';
import { isDependencyDir, isIgnoredDir, isInside, projectLayout, readHardhatSources } from '../../engine/src/project/sources';

describe('engine: project sources and find-up', () => {
  let dir: string;
  const file = (rel: string) => path.join(dir, rel);
  const write = (rel: string, text = 'contract C {}\n') => {
    fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
    fs.writeFileSync(file(rel), text);
  };
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-sources-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('find-up', () => {
    it('walks from the folder to the file system root, nearest first', () => {
      const all = [...ancestors(file('a/b'))];
      assert.equal(all[0], file('a/b'));
      assert.equal(all[1], file('a'));
      assert.equal(all[2], dir);
      assert.equal(all[all.length - 1], path.parse(dir).root);
      assert.equal(new Set(all).size, all.length, 'the root only once');
    });

    it('stops at `stopAt` (included) when it meets it, a trailing separator or not, and ignores one it never meets', () => {
      assert.deepEqual([...ancestors(file('a/b'), dir)], [file('a/b'), file('a'), dir]);
      assert.deepEqual([...ancestors(file('a/b'), dir + path.sep)], [file('a/b'), file('a'), dir]);
      assert.deepEqual([...ancestors(file('a'), file('a'))], [file('a')]);
      const outside = [...ancestors(file('a'), file('elsewhere'))];
      assert.equal(outside[outside.length - 1], path.parse(dir).root);
    });

    it('a relative start ends at `.`', () => {
      assert.deepEqual([...ancestors(path.join('x', 'y'))], [path.join('x', 'y'), 'x', '.']);
    });

    it('finds the nearest file, within the stop folder only', () => {
      write('.synor/triage.json', '{}');
      write('a/.synor/triage.json', '{}');
      write('a/b/c/X.sol');
      const rel = path.join('.synor', 'triage.json');
      assert.equal(findFileUp(file('a/b/c'), rel), file('a/.synor/triage.json'));
      assert.equal(findFileUp(dir, rel), file('.synor/triage.json'));
      assert.equal(findFileUp(file('a/b/c'), rel, file('a/b')), undefined, 'not above the stop folder');
      assert.equal(findFileUp(file('a/b/c'), rel, file('a')), file('a/.synor/triage.json'), 'the stop folder itself is looked in');
      assert.equal(findFileUp(file('a/b/c'), 'no-such-file-anywhere.json'), undefined);
    });

    it('returns the first answer given, null included, and asks no folder past it', () => {
      const asked: string[] = [];
      const answer = findUp(file('a/b'), (d) => {
        asked.push(d);
        return d === file('a') ? null : undefined;
      });
      assert.equal(answer, null);
      assert.deepEqual(asked, [file('a/b'), file('a')]);
    });
  });

  describe('source rules', () => {
    it('a Foundry project: src/ with its own lib/ is the project\'s, lib/ and node_modules/ at the root are dependencies', () => {
      write('foundry.toml', '[profile.default]\nsrc = "src"\nlibs = [\n  "lib",\n  "vendor", # comment\n]\n');
      for (const rel of ['src/A.sol', 'src/lib/Math.sol', 'lib/forge-std/src/Test.sol', 'node_modules/@oz/Y.sol', 'vendor/V.sol']) write(rel);
      const layout = projectLayout(dir)!;
      assert.equal(layout.kind, 'foundry');
      assert.deepEqual(layout.sources, [file('src')]);
      assert.deepEqual([...layout.dependencies].sort(), [file('dependencies'), file('lib'), file('node_modules'), file('vendor')]);
      assert.ok(isDependencyDir(file('lib'), 'lib', dir), 'lib/ next to foundry.toml');
      assert.ok(isDependencyDir(file('node_modules'), 'node_modules', dir));
      assert.ok(isDependencyDir(file('src/node_modules'), 'node_modules', file('src')), 'node_modules anywhere');
      assert.ok(!isDependencyDir(file('src/lib'), 'lib', file('src')), 'a lib/ inside the sources is the project\'s own');
      assert.ok(!isDependencyDir(file('vendor'), 'vendor', dir), 'other names only through the layout');
    });

    it('a lib/ holding packages of its own is a dependency folder even with no marker beside it', () => {
      write('tools/lib/dep/foundry.toml', '');
      write('tools/lib/dep/D.sol');
      write('more/lib/Own.sol');
      assert.ok(isDependencyDir(file('tools/lib'), 'lib', file('tools')));
      assert.ok(!isDependencyDir(file('more/lib'), 'lib', file('more')));
      assert.ok(!isDependencyDir(file('more/dependencies'), 'dependencies', file('more')), 'dependencies/ only next to a marker');
    });

    it('no source folder that exists: the root (resolved) is the one source folder, and dependency folders stay out', () => {
      write('foundry.toml', '[profile.default]\nsrc = "nope"\n');
      const layout = projectLayout(dir)!;
      assert.deepEqual(layout.sources, [dir]);
      assert.deepEqual(layout.dependencies.sort(), [file('dependencies'), file('lib'), file('node_modules')]);
      const cwd = process.cwd();
      try {
        process.chdir(dir);
        assert.deepEqual(projectLayout('.')!.sources, [dir], 'a relative root comes back absolute');
      } finally {
        process.chdir(cwd);
      }
    });

    it('Foundry and Hardhat together: both source folders, one inside the other walked with it', () => {
      write('foundry.toml', '[profile.default]\nsrc = "contracts"\n');
      write('hardhat.config.ts', 'export default { /* paths: { sources: "no" } */ paths: { sources: "./contracts/core" } };\n');
      write('contracts/core/A.sol');
      const layout = projectLayout(dir)!;
      assert.equal(layout.kind, 'foundry+hardhat');
      assert.deepEqual(layout.sources, [file('contracts')]);
      assert.equal(projectLayout(file('contracts')), undefined, 'no marker: no layout');
    });

    it('reads configuration as text', () => {
      assert.deepEqual(readFoundryToml('src = "a"\n[profile.ci]\nsrc = "b"\n'), { remappings: [], src: 'a' });
      assert.equal(readHardhatSources('module.exports = { paths: { sources: `./sol` } } // paths: { sources: "x" }'), './sol');
      assert.equal(readHardhatSources('module.exports = {}'), undefined);
    });

    it('hidden folders and build output are never entered; containment is strict', () => {
      for (const name of ['.git', '.hidden', 'out', 'cache', 'artifacts']) assert.ok(isIgnoredDir(name), name);
      for (const name of ['src', 'lib', 'output']) assert.ok(!isIgnoredDir(name), name);
      assert.ok(isInside(file('a/b'), file('a')));
      assert.ok(!isInside(file('a'), file('a')));
      assert.ok(!isInside(file('ab'), file('a')));
    });
  });
});
