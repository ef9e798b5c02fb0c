import { type ScanArgs, runScan } from '../../cli/scan-command.js';
import { type JsonReport, resultsOfJsonReport } from '../../reports/json.js';
import type { Report } from '../../src/engine/report.js';

export const SCAN_DEFAULTS: ScanArgs = { namespace: 'default', format: ['json'], profile: 'multi-team', failOn: 'none', quiet: true };

/** Run `tenantscan scan` in-process; returns exit code, stdout and stderr. */
export async function scanInProcess(args: Partial<ScanArgs>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runScan(
    { ...SCAN_DEFAULTS, ...args },
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      stderrIsTty: false,
      stdoutIsTty: false,
      cwd: process.cwd(),
    },
  );
  return { code, stdout, stderr };
}

/** Scan manifests in-process and parse the JSON report, with its grouped passes back among the results (resultsOfJsonReport). */
export async function jsonReportOf(files: string[], args: Partial<ScanArgs> = {}): Promise<Report> {
  const { stdout } = await scanInProcess({ ...args, file: files, format: ['json'] });
  const doc = JSON.parse(stdout) as JsonReport;
  return { ...doc, results: resultsOfJsonReport(doc) } as unknown as Report;
}
