import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * What the machine did while a benchmark ran. The machine may be shared (other test suites),
 * so wall-clock numbers are read together with how busy it was and with this process's own CPU
 * time, which moves much less with outside load.
 */
export interface LoadReading {
  readonly wallMs: number;
  /** CPU time (user + system) of this Node process, all threads. */
  readonly processCpuMs: number;
  /** CPU time of all `postgres` processes (server side of PostgreSQL runs); 0 if none. */
  readonly postgresCpuMs: number;
  /** Busy share of all cores (0–100 %), from /proc/stat; NaN where unavailable. */
  readonly machineBusyPercent: number;
  /** Busy share of all cores used by anything else than this process and PostgreSQL. */
  readonly othersBusyPercent: number;
  /** 1-minute load average at the end. */
  readonly loadAverage: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) another process has used so far, ms; NaN where unavailable. */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** utime + stime ticks of every process named `postgres`, by pid. */
function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return ticks;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      if (name !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // After the name: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks;
}

/** Starts measuring; call the returned function at the end of the measured work. */
export function startLoadMeter(): () => LoadReading {
  const startWall = performance.now();
  const startCpu = process.cpuUsage();
  const startMachine = machineTicks();
  const startPostgres = postgresTicks();
  return () => {
    const wallMs = performance.now() - startWall;
    const cpu = process.cpuUsage(startCpu);
    const endMachine = machineTicks();
    let postgresTickDelta = 0;
    for (const [pid, ticks] of postgresTicks()) {
      postgresTickDelta += ticks - (startPostgres.get(pid) ?? 0);
    }
    const processCpuMs = (cpu.user + cpu.system) / 1000;
    const postgresCpuMs = postgresTickDelta * TICK_MS;
    let machineBusyPercent = Number.NaN;
    let othersBusyPercent = Number.NaN;
    if (startMachine !== undefined && endMachine !== undefined) {
      const total = endMachine.total - startMachine.total;
      const busy = endMachine.busy - startMachine.busy;
      if (total > 0) {
        machineBusyPercent = (100 * busy) / total;
        const capacityMs = total * TICK_MS;
        othersBusyPercent = Math.max(
          0,
          (100 * (busy * TICK_MS - processCpuMs - postgresCpuMs)) / capacityMs,
        );
      }
    }
    return {
      wallMs,
      processCpuMs,
      postgresCpuMs,
      machineBusyPercent,
      othersBusyPercent,
      loadAverage: os.loadavg()[0] ?? Number.NaN,
    };
  };
}
