import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const grammarPath = path.join(root, 'syntaxes/solidity.tmLanguage.json');
const tool = path.dirname(require.resolve('vscode-tmgrammar-test/package.json'));

/** Runs one of vscode-tmgrammar-test's command-line tools and returns its exit code and output. */
function runTool(script: 'unit' | 'snapshot', pattern: string): { status: number | null; output: string } {
  const args = [path.join(tool, 'dist', `${script}.js`), '--config', 'package.json', '-g', 'syntaxes/solidity.tmLanguage.json'];
  if (script === 'unit') args.push('--compact');
  const r = spawnSync(process.execPath, [...args, pattern], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

interface GrammarRule {
  include?: string;
  patterns?: GrammarRule[];
  [key: string]: unknown;
}

function collectIncludes(rule: unknown, out: string[]): void {
  if (Array.isArray(rule)) for (const r of rule) collectIncludes(r, out);
  else if (rule && typeof rule === 'object') {
    for (const [k, v] of Object.entries(rule)) {
      if (k === 'include' && typeof v === 'string') out.push(v);
      else collectIncludes(v, out);
    }
  }
}

describe('TextMate grammar (syntaxes/solidity.tmLanguage.json)', function () {
  this.timeout(120_000);

  it('is valid JSON whose every #include names a repository entry', () => {
    const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { scopeName: string; repository: Record<string, GrammarRule> };
    assert.equal(grammar.scopeName, 'source.solidity');
    const includes: string[] = [];
    collectIncludes(grammar, includes);
    const dangling = includes.filter((i) => i.startsWith('#') && !(i.slice(1) in grammar.repository));
    assert.deepEqual(dangling, []);
  });

  it('is the grammar and language configuration that package.json contributes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const grammar = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'solidity');
    assert.equal(grammar.scopeName, 'source.solidity');
    assert.equal(path.resolve(root, grammar.path), grammarPath);
    const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'solidity');
    assert.deepEqual(language.extensions, ['.sol']);
    const config = JSON.parse(fs.readFileSync(path.resolve(root, language.configuration), 'utf8'));
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('passes the scope assertions in test/grammar/cases', () => {
    const cases = fs.readdirSync(path.join(root, 'test/grammar/cases')).filter((f) => f.endsWith('.sol'));
    assert.ok(cases.length >= 3, 'the assertion cases are missing');
    const { status, output } = runTool('unit', 'test/grammar/cases/*.sol');
    assert.equal(status, 0, output);
    for (const c of cases) assert.match(output, new RegExp(`${c.replace('.', '\\.')} run successfuly`), output);
  });

  it('matches the snapshots in test/grammar/snap', () => {
    const snaps = fs.readdirSync(path.join(root, 'test/grammar/snap')).filter((f) => f.endsWith('.snap'));
    assert.ok(snaps.length >= 1, 'no snapshots: run vscode-tmgrammar-snap -u on test/grammar/snap/*.sol');
    const { status, output } = runTool('snapshot', 'test/grammar/snap/*.sol');
    assert.equal(status, 0, output);
  });
});
