import { execFileSync } from 'node:child_process';
import type { CompilerHandle } from '../compile/compilers';

/**
 * A native solc binary run once per compilation through `--standard-json`.
 * It cannot call back for imports, which is fine: every source is gathered
 * and passed in before it runs.
 */
export function loadNativeCompiler(binary: string): CompilerHandle {
  const out = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = /(?:Version:\s*)?(\d+\.\d+\.\d+)(\S*)/.exec(out);
  if (!m) throw new Error(`${binary} --version did not print a solc version`);
  return {
    version: m[1],
    longVersion: m[1] + m[2],
    source: 'configured',
    compile(input) {
      const out = execFileSync(binary, ['--standard-json'], { input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      // Some builds (solcjs among them) print a notice line before the JSON.
      const start = out.indexOf('{');
      return start > 0 ? out.slice(start) : out;
    },
  };
}
