// Starts ONE lab (two clusters and Prometheus) for the whole integration run and provides its
// description to test files as inject('lab'). Tests drive the lab (stop/start an API server,
// add a scrape target) through the control channel: `new LabControlClient(inject('lab').control)`.
import type { TestProject } from 'vitest/node';
import type { LabDescription } from '../../lab/control-client.js';
import { describeLab, serveControl } from '../../lab/control-server.js';
import { startLab } from '../../lab/lab.js';

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabDescription;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const verbose = process.env['SMM_LAB_VERBOSE'] === '1';
  const lab = await startLab({
    clusters: 2,
    prometheus: true,
    log: (line) => {
      if (verbose) console.log(`[lab] ${line}`);
    },
  });
  let control: Awaited<ReturnType<typeof serveControl>>;
  try {
    control = await serveControl(lab);
  } catch (err) {
    await lab.stop();
    throw err;
  }
  project.provide('lab', describeLab(lab, control));
  return async () => {
    await control.close();
    await lab.stop();
  };
}
