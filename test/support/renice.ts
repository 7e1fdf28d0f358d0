/**
 * Lowers the scheduling priority of the bench's own load (its SIPp phones, tshark and the process
 * running the agents' desktop connections) so that, on a machine where they share cores with the
 * system being measured, the measured system is not queued behind its own load generator. On Linux a
 * nice value belongs to a thread, so every thread of every process in the tree is set.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** pid → its parent's pid, for every process visible in /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces or parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(name), ppid);
    } catch {
      // exited while we looked
    }
  }
  return map;
}

function setThreads(pid: number, nice: number): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      os.setPriority(Number(tid), nice);
    } catch {
      // a thread that ended meanwhile
    }
  }
}

/**
 * Sets `nice` on every thread of `root` and of all its descendants, except the subtrees of `spare`
 * (the measured system's processes). Processes started later inherit the starting thread's value.
 */
export function reniceTree(root: number, nice: number, spare: ReadonlySet<number>): number {
  const byParent = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  let count = 0;
  const visit = (pid: number) => {
    if (spare.has(pid)) return;
    setThreads(pid, nice);
    count++;
    for (const child of byParent.get(pid) ?? []) visit(child);
  };
  visit(root);
  return count;
}
