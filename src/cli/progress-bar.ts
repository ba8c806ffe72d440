/** One progress reading: documents handed over out of the total, with the server's rate and ETA. */
export interface Progress {
  readonly done: number;
  readonly total: number;
  /** Documents per second, as the server measured it. */
  readonly rate: number;
  readonly etaSeconds: number | null;
}

export interface ProgressBar {
  update(progress: Progress): void;
  /** Ends the bar (a TTY gets its newline). */
  finish(): void;
}

const WIDTH = 24;

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** "[#####-----] 120/2000 · 85.0/s · ETA 22s" */
export function progressLine(progress: Progress, withBar: boolean): string {
  const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  const filled = Math.round(fraction * WIDTH);
  const bar = withBar ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ` : '';
  const eta = progress.etaSeconds === null ? '' : ` · ETA ${duration(progress.etaSeconds)}`;
  return `${bar}${progress.done}/${progress.total} · ${progress.rate.toFixed(1)}/s${eta}`;
}

/**
 * A progress bar on standard error: on a terminal one line rewritten in place; otherwise (a log,
 * a pipe) a plain line at most every `intervalMs`, and the last reading when it ends.
 */
export function progressBar(
  write: (text: string) => void,
  options: { tty: boolean; intervalMs?: number; now?: () => number },
): ProgressBar {
  const interval = options.intervalMs ?? 5_000;
  const now = options.now ?? Date.now;
  let lastAt = -Infinity;
  let pending: Progress | null = null;
  let drawn = false;
  return {
    update(progress) {
      if (options.tty) {
        write(`\r\u001b[2K${progressLine(progress, true)}`);
        drawn = true;
        return;
      }
      pending = progress;
      if (now() - lastAt < interval) return;
      lastAt = now();
      write(`${progressLine(progress, false)}\n`);
      pending = null;
    },
    finish() {
      if (options.tty) {
        if (drawn) write('\n');
        return;
      }
      if (pending !== null) write(`${progressLine(pending, false)}\n`);
      pending = null;
    },
  };
}
