import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../reports/schema/index.js';
import type { Report } from '../../src/engine/report.js';
import { jsonReportOf, scanInProcess } from '../helpers/cli.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'annotation-waivers.yaml');

function config(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-annotation-waivers-'));
  writeFileSync(join(dir, '.tenantscan.yaml'), text);
  return join(dir, '.tenantscan.yaml');
}

/** `name:status[:origin[:tenant-writable]]` of the results the annotations are about. */
const waiverView = (r: Report) =>
  r.results
    .filter((x) => ['storage-hostpath-volume', 'storage-pv-reclaim-retain'].includes(x.checkId) && x.status !== 'pass')
    .map((x) => [x.subject.name, x.status, x.waiver?.origin, x.waiver?.tenantWritable && 'tenant-writable'].filter(Boolean).join(':'))
    .sort();

describe('annotation waivers are tenant-writable', () => {
  it('honours them under multi-team, marking those on objects in tenant namespaces as tenant-writable', async () => {
    const report = await jsonReportOf([FIXTURE]);
    expect(waiverView(report)).toEqual([
      'archive:waived:annotation',
      'no-reason:waived:annotation:tenant-writable',
      'node-agent:waived:annotation:tenant-writable',
    ]);
    expect(report.waivers?.applied.map((w) => [w.object, w.tenantWritable])).toEqual([
      ['Deployment/team-a/no-reason', true],
      ['DaemonSet/team-a/node-agent', true],
      ['PersistentVolume/archive', false],
    ]);
    expect(validateReport(report)).toEqual([]);
  });

  it('ignores them under multi-customer unless the configuration turns them on, and lists what it ignored', async () => {
    const report = await jsonReportOf([FIXTURE], { profile: 'multi-customer' });
    expect(waiverView(report)).toEqual(['archive:fail', 'no-reason:fail', 'node-agent:fail']);
    expect(report.waivers?.annotationWaivers).toBe(false);
    expect(report.waivers?.refused?.map((w) => [w.object, w.refusal])).toEqual([
      ['Deployment/team-a/no-reason', 'annotation waivers are off'],
      ['DaemonSet/team-a/node-agent', 'annotation waivers are off'],
      ['PersistentVolume/archive', 'annotation waivers are off'],
    ]);
    expect(validateReport(report)).toEqual([]);
    // turned on by the configuration: under multi-customer a reason is then required by default
    const on = await jsonReportOf([FIXTURE], { profile: 'multi-customer', config: config('annotationWaivers: true\n') });
    expect(waiverView(on)).toEqual(['archive:waived:annotation', 'no-reason:fail', 'node-agent:waived:annotation:tenant-writable']);
    expect(on.waivers?.annotationPolicy).toEqual({ requireReason: true });
    expect(on.waivers?.refused?.map((w) => [w.object, w.check, w.refusal])).toEqual([
      [
        'Deployment/team-a/no-reason',
        'storage-hostpath-volume',
        'no reason given in tenantscan.io/waive-reason, which the configuration requires',
      ],
    ]);
  });

  it('lets the configuration restrict which checks an annotation may waive and require a reason', async () => {
    const report = await jsonReportOf([FIXTURE], {
      config: config('annotationWaivers: { checks: [storage-pv-*], requireReason: false }\n'),
    });
    expect(waiverView(report)).toEqual(['archive:waived:annotation', 'no-reason:fail', 'node-agent:fail']);
    expect(report.waivers?.refused?.map((w) => w.refusal)).toEqual([
      'the configuration does not let annotations waive storage-hostpath-volume',
      'the configuration does not let annotations waive storage-hostpath-volume',
    ]);
    const withReason = await jsonReportOf([FIXTURE], { config: config('annotationWaivers: { requireReason: true }\n') });
    expect(waiverView(withReason)).toEqual(['archive:waived:annotation', 'no-reason:fail', 'node-agent:waived:annotation:tenant-writable']);
    // --annotation-waivers wins over the profile's default
    const flagged = await jsonReportOf([FIXTURE], { profile: 'multi-customer', annotationWaivers: true });
    expect(flagged.waivers?.annotationWaivers).toBe(true);
  });

  it('rejects an unknown key of the object form (exit 2)', async () => {
    await expect(scanInProcess({ file: [FIXTURE], config: config('annotationWaivers: { allow: [x] }\n') })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('/annotationWaivers: must NOT have additional properties "allow"'),
    });
  });

  it('says so in the table, the Markdown and the HTML reports', async () => {
    const table = (await scanInProcess({ file: [FIXTURE], format: ['table'], color: false })).stdout;
    expect(table).toContain('3 failing result(s) waived, 2 of them by tenant-writable annotations');
    const refusedTable = (await scanInProcess({ file: [FIXTURE], format: ['table'], color: false, profile: 'multi-customer' })).stdout;
    expect(refusedTable).toContain('3 tenantscan.io/waive annotation(s) not honoured (annotation waivers are off).');
    const markdown = (await scanInProcess({ file: [FIXTURE], format: ['markdown'] })).stdout;
    expect(markdown).toContain('annotation (tenant-writable): reads /proc for node metrics');
    const html = (await scanInProcess({ file: [FIXTURE], format: ['html'] })).stdout;
    expect(html).toContain(
      'storage-hostpath-volume on DaemonSet/team-a/node-agent (annotation, tenant-writable): reads /proc for node metrics',
    );
  });
});
