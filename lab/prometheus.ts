// One Prometheus (Debian's binary) for the whole lab, scraping every second. Targets are added at
// run time through file-based service discovery, so no restart or reload is needed.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './ports.js';
import { Tier, type ManagedProcess, type Supervisor } from './procs.js';
import { waitUntil } from './wait.js';

export interface LabPrometheus {
  /** http://127.0.0.1:PORT */
  url: string;
  /**
   * Scrapes `url` (http(s)://host:port/path?query) under job `job`. Resolves once Prometheus has
   * scraped it at least once, so `up{job="..."}` answers right away.
   */
  addScrapeTarget(job: string, url: string): Promise<void>;
  /** Stops Prometheus (tests of a metrics source that goes away). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data and targets; resolves once ready. */
  start(): Promise<void>;
}

const SCRAPE_INTERVAL = '1s';

interface ActiveTarget {
  scrapeUrl: string;
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
}

function config(port: number, targetsDir: string): string {
  return stringify({
    global: { scrape_interval: SCRAPE_INTERVAL, scrape_timeout: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL },
    scrape_configs: [
      // Itself, so `up` answers even before any target is added.
      { job_name: 'prometheus', static_configs: [{ targets: [`127.0.0.1:${port}`] }] },
      {
        // The job name is a placeholder: each target group sets its own `job` label.
        job_name: 'lab-file-sd',
        file_sd_configs: [{ files: [join(targetsDir, '*.json')], refresh_interval: SCRAPE_INTERVAL }],
      },
    ],
  });
}

/** A file_sd target group; Prometheus honours __scheme__, __metrics_path__ and __param_* labels. */
function targetGroup(job: string, url: string): { targets: string[]; labels: Record<string, string> } {
  const u = new URL(url);
  const labels: Record<string, string> = { job, __scheme__: u.protocol.replace(':', ''), __metrics_path__: u.pathname };
  for (const [key, value] of u.searchParams) labels[`__param_${key}`] = value;
  return { targets: [u.host], labels };
}

function sameTarget(t: ActiveTarget, job: string, url: string): boolean {
  const want = new URL(url);
  const got = new URL(t.scrapeUrl);
  return t.labels['job'] === job && got.host === want.host && got.pathname === want.pathname;
}

export async function startPrometheus(opts: {
  binary: string;
  dir: string;
  supervisor: Supervisor;
  log: (line: string) => void;
}): Promise<LabPrometheus> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const targetsDir = join(opts.dir, 'targets');
  await mkdir(targetsDir, { recursive: true });
  const configFile = join(opts.dir, 'prometheus.yml');
  await writeFile(configFile, config(port, targetsDir));

  let proc: ManagedProcess | undefined;
  const start = async (): Promise<ManagedProcess> => {
    if (proc && proc.exitCode === undefined) return proc;
    const p = opts.supervisor.start('prometheus', opts.binary, [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(opts.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1d',
    ], { tier: Tier.Client, logFile: join(opts.dir, 'prometheus.log') });
    proc = p;
    await waitUntil('prometheus /-/ready', async () => (await fetch(`${url}/-/ready`)).ok, {
      timeoutMs: 30_000,
      watch: [p],
    });
    return p;
  };
  await start();

  const jobs = new Map<string, Set<string>>();
  const activeTargets = async (): Promise<ActiveTarget[]> => {
    const res = await fetch(`${url}/api/v1/targets?state=active`);
    const body = (await res.json()) as { data: { activeTargets: ActiveTarget[] } };
    return body.data.activeTargets;
  };

  return {
    url,
    async addScrapeTarget(job: string, targetUrl: string): Promise<void> {
      if (!/^[a-zA-Z0-9_.-]+$/.test(job)) throw new Error(`job name ${JSON.stringify(job)}: use letters, digits, _ . -`);
      const urls = jobs.get(job) ?? new Set<string>();
      urls.add(targetUrl);
      jobs.set(job, urls);
      const file = join(targetsDir, `${job}.json`);
      // Write then rename: Prometheus must never read a half-written file.
      await writeFile(`${file}.tmp`, JSON.stringify([...urls].map((u) => targetGroup(job, u))));
      await rename(`${file}.tmp`, file);
      await waitUntil(`prometheus to scrape ${targetUrl} (job ${job})`, async () =>
        (await activeTargets()).some((t) => sameTarget(t, job, targetUrl) && t.health !== 'unknown'),
      { timeoutMs: 30_000, watch: proc ? [proc] : [] });
      opts.log(`prometheus: scraping ${targetUrl} as job ${job}`);
    },
    async stop(): Promise<void> {
      await proc?.stop(3_000);
      opts.log('prometheus: stopped');
    },
    async start(): Promise<void> {
      await start();
      opts.log('prometheus: started');
    },
  };
}
