/**
 * The sweep's progress in epochs: finished runs count whole, running runs
 * by the epochs their workers reported, and the ETA comes from measured
 * epoch times (mean wall time of an epoch in one worker, times the epochs
 * left laid onto the workers), so a long sweep moves from its first epoch
 * and its estimate can be trusted.
 */

/** Configures {@link SweepProgress}. */
export interface SweepProgressConfig {
  /** Runs of the sweep. */
  total: number;
  /** Runs already finished (resumed). */
  done: number;
  /** Worker processes running at once. */
  workers: number;
}

/** Formats seconds as `45s`, `12m05s` or `2h03m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Counts epochs across the running runs of a sweep. */
export class SweepProgress {
  private finished: number;
  private readonly running = new Map<string, { epoch: number; epochs: number }>();
  private epochSeconds = 0;
  private epochCount = 0;
  private epochsPerRun: number | undefined;

  constructor(private readonly config: SweepProgressConfig) {
    this.finished = config.done;
  }

  /** A worker finished `epoch` of `epochs` of run `key`, taking `seconds`. */
  epoch(key: string, epoch: number, epochs: number, seconds: number): void {
    this.running.set(key, { epoch, epochs });
    this.epochsPerRun = epochs;
    if (Number.isFinite(seconds) && seconds >= 0) {
      this.epochSeconds += seconds;
      this.epochCount++;
    }
  }

  /** Run `key` finished. */
  finish(key: string): void {
    this.running.delete(key);
    this.finished++;
  }

  /** Runs done, counting a running run by the fraction of its epochs done. */
  get value(): number {
    let value = this.finished;
    for (const r of this.running.values()) value += Math.min(r.epoch / r.epochs, 1);
    return Math.min(value, this.config.total);
  }

  /**
   * Seconds left, from measured epoch times: the epochs left of each run,
   * laid onto the workers (running runs first, then each waiting run on the
   * least-loaded worker), times the mean epoch time; undefined before the
   * first epoch is measured.
   */
  eta(): number | undefined {
    if (this.epochCount === 0 || this.epochsPerRun === undefined) return undefined;
    const mean = this.epochSeconds / this.epochCount;
    const lanes = new Array<number>(Math.max(1, this.config.workers)).fill(0);
    let lane = 0;
    for (const r of this.running.values()) {
      lanes[lane % lanes.length]! += Math.max(r.epochs - r.epoch, 0);
      lane++;
    }
    const waiting = Math.max(this.config.total - this.finished - this.running.size, 0);
    for (let i = 0; i < waiting; i++) {
      const least = lanes.indexOf(Math.min(...lanes));
      lanes[least]! += this.epochsPerRun;
    }
    return Math.max(...lanes) * mean;
  }

  /** The progress bar's fields: `runs` (one decimal), `epochs` and `etaText`. */
  payload(): { runs: string; epochs: string; etaText: string } {
    const eta = this.eta();
    let epochs = 'epochs: waiting for the first';
    if (this.epochsPerRun !== undefined) {
      let done = this.finished * this.epochsPerRun;
      for (const r of this.running.values()) done += r.epoch;
      epochs = `${done}/${this.config.total * this.epochsPerRun} epochs`;
    }
    return {
      runs: this.value.toFixed(1),
      epochs,
      etaText: eta === undefined ? '...' : formatDuration(eta),
    };
  }
}
