/**
 * `npm run hash-password`: reads a password from standard input (not argv, so it stays out of shell
 * history and `ps`) and prints the scrypt hash to paste as a seat's or user's `passwordHash`.
 */
import { hashPassword } from './password-hash.js';

const chunks: Buffer[] = [];
process.stdin.on('data', (c: Buffer) => chunks.push(c));
process.stdin.on('end', () => {
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length < 8) {
    process.stderr.write('refusing a password shorter than 8 characters\n');
    process.exit(1);
  }
  void Promise.resolve(hashPassword(password)).then((h) => process.stdout.write(`${h}\n`));
});
if (process.stdin.isTTY) process.stderr.write('password (then Enter, Ctrl-D): ');
