// `npm run bench`: every benchmark in turn, each printing its figures and ratios.
// Run one alone with `npm run bench:accuracy|noise|gas|lsp|robust|fixes`.
import { spawnSync } from 'node:child_process';

const benches = ['bench:accuracy', 'bench:noise', 'bench:gas', 'bench:lsp', 'bench:robust', 'bench:fixes'];
let failed = 0;
for (const b of benches) {
  console.log(`\n=== npm run ${b} ===`);
  const r = spawnSync('npm', ['run', '--silent', b], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`${b} exited with ${r.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
