/**
 * `npm run bench`: runs every benchmark in test/bench/ one after another and prints their figures
 * (medians and p99 with the machine described). Nothing here asserts a speed.
 *
 *   npm run bench                       all of them
 *   npm run bench -- routing pop        only those whose name contains a word
 *   npm run bench -- --quick            smaller data sets / shorter runs, for a smoke check
 */
import os from 'node:os';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const words = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)))
  .sort();

const cpu = os.cpus();
process.stdout.write(
  `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `node ${process.version}, ${os.platform()} ${os.release()}\n\n`,
);
for (const f of files) {
  const started = Date.now();
  process.stdout.write(`── ${f} ─────────────────────────────\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run?: () => Promise<string> };
  if (typeof mod.run !== 'function') {
    process.stdout.write('  (no run() export)\n\n');
    continue;
  }
  const text = await mod.run();
  process.stdout.write(`${text.trimEnd()}\n  (${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`);
}
process.exit(0);
