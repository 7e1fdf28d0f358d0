/**
 * Lets a benchmark file run on its own (`tsx test/bench/x.bench.ts`) and also be imported by run-all.ts
 * without running twice: `runWhenMain(import.meta.url, run)`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function runWhenMain(moduleUrl: string, run: () => Promise<string>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  run().then(
    (text) => {
      process.stdout.write(`${text}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
