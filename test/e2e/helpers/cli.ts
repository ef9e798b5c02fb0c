import { spawn } from 'node:child_process';
import { type JsonReport, resultsOfJsonReport } from '../../../reports/json.js';
import type { Report } from '../../../src/engine/report.js';
import { CLI, ROOT } from './paths.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI (`node bin/tenantscan.js ...`, i.e. the compiled dist/) as a process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      // No ambient kubeconfig: every test names its identity explicitly.
      env: { ...process.env, KUBECONFIG: '', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `tenantscan scan --kubeconfig FILE --format json ...`: the parsed report and the run. Exit 0 or 1 (gate) are both a completed scan. */
export async function scanJson(
  kubeconfigPath: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<{ report: Report; run: CliRun }> {
  const run = await runCli(['scan', '--kubeconfig', kubeconfigPath, '--format', 'json', ...extra], env);
  if (run.code !== 0 && run.code !== 1) {
    throw new Error(`tenantscan scan exited ${run.code}\nstderr: ${run.stderr}\nstdout: ${run.stdout.slice(0, 2000)}`);
  }
  // the JSON document groups its passes (schema 2.x): give the tests every result, as the model has them
  const doc = JSON.parse(run.stdout) as JsonReport;
  return { report: { ...doc, results: resultsOfJsonReport(doc) } as unknown as Report, run };
}
