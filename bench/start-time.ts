/**
 * Cold first start vs restart of `smart-commune serve` on PGlite: from spawning the process until
 * /healthz answers 200. The first start on an empty DATA_DIR runs initdb, the migrations and the demo
 * seed; the restart on the same DATA_DIR opens the existing database and skips all three.
 */
import { freePort, median, spawnServe, stop, waitFor200 } from './lib.ts';

export interface StartRun {
  firstMs: number;
  restartMs: number;
}

export interface StartResult {
  runs: StartRun[];
  firstMs: number;
  restartMs: number;
  /** restart / first, median of the per-run ratios. */
  ratio: number;
}

async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnServe(dataDir, port);
  try {
    return await waitFor200(port, '/healthz', started, child.process);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  } finally {
    await stop(child);
  }
}

/** `dirs` are empty directories, one per run; each is left holding a seeded, stopped database. */
export async function measureStartTimes(dirs: string[], log: (line: string) => void): Promise<StartResult> {
  const runs: StartRun[] = [];
  for (const [i, dir] of dirs.entries()) {
    const firstMs = await timeStart(dir);
    const restartMs = await timeStart(dir);
    runs.push({ firstMs, restartMs });
    log(`  run ${i + 1}/${dirs.length}: first start ${(firstMs / 1000).toFixed(2)} s, restart ${(restartMs / 1000).toFixed(2)} s`);
  }
  return {
    runs,
    firstMs: median(runs.map((r) => r.firstMs)),
    restartMs: median(runs.map((r) => r.restartMs)),
    ratio: median(runs.map((r) => r.restartMs / r.firstMs)),
  };
}
