import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * CPU time spent by a process (and by a PostgreSQL server's backends), from /proc: a cost per
 * request that the neighbours' load on a shared machine hardly moves, unlike latency. Linux
 * only; elsewhere every reading is null and the benches leave the figure out.
 */
const TICKS_PER_SECOND = 100;

/** User plus system CPU milliseconds of one process, or null. */
export function processCpuMs(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : null;
}

/** CPU milliseconds of a PostgreSQL server and its backends (its data folder's postmaster). */
export function postgresCpuMs(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile) || !fs.existsSync('/proc')) return null;
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const own = statFields(postmaster);
  if (!own) return null;
  // Its own time and that of the backends that have exited (reaped children), then the rest.
  let total =
    ([11, 12, 13, 14].reduce((sum, i) => sum + Number(own[i]), 0) * 1000) / TICKS_PER_SECOND;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmaster) total += processCpuMs(Number(entry)) ?? 0;
  }
  return total;
}

/** The fields of /proc/PID/stat after the command name (state first, ppid second). */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
