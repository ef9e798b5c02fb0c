import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../src/engine/check.js';
import { renderCheckPage } from '../../src/docs/check-page.js';
import { fixtureCases, verifyCheck } from '../../src/testing/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'new-check.mjs');

/**
 * A temporary checkout to scaffold into: the engine (src/, and the built dist/src the docs generator
 * renders with) is linked, the workload family index and the catalog are copies.
 */
function temporaryCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'tenantscan-new-check-'));
  symlinkSync(join(ROOT, 'src'), join(root, 'src'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'dist'));
  symlinkSync(join(ROOT, 'dist', 'src'), join(root, 'dist', 'src'));
  mkdirSync(join(root, 'checks', 'workload'), { recursive: true });
  copyFileSync(join(ROOT, 'checks', 'workload', 'index.ts'), join(root, 'checks', 'workload', 'index.ts'));
  mkdirSync(join(root, 'docs', 'checks'), { recursive: true });
  copyFileSync(join(ROOT, 'docs', 'checks', 'catalog.yaml'), join(root, 'docs', 'checks', 'catalog.yaml'));
  return root;
}

const newCheck = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args, '--root', root], { encoding: 'utf8', cwd: ROOT });

describe('npm run new-check -- <family> <id>', () => {
  const root = temporaryCheckout();
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const run = newCheck(root, 'workload', 'workload-example');
  const fixtures = join(root, 'test', 'checks', 'workload', 'workload-example');

  it('scaffolds the check, its spec, a pass and a fail fixture, its page and its catalog entry', () => {
    expect(run.status, run.stderr).toBe(0);
    for (const file of [
      'checks/workload/workload-example.ts',
      'test/checks/workload/workload-example.test.ts',
      'test/checks/workload/workload-example/pass-example.yaml',
      'test/checks/workload/workload-example/fail-example.yaml',
      'docs/checks/workload-example.md',
    ])
      expect(existsSync(join(root, file)), file).toBe(true);
    expect(readFileSync(join(root, 'checks', 'workload', 'index.ts'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'checks', 'workload', 'index.ts'), 'utf8'),
    );
    expect(readFileSync(join(root, 'test', 'checks', 'workload', 'workload-example.test.ts'), 'utf8')).toContain(
      'new CheckTester({ describe, it }).run(check',
    );
    expect(run.stdout).toContain('list the check in checks/workload/index.ts');
  });

  it('adds the catalog entry in ID order, matching the scaffolded check', async () => {
    const { checks } = yaml.load(readFileSync(join(root, 'docs', 'checks', 'catalog.yaml'), 'utf8')) as { checks: { id: string }[] };
    const ids = checks.map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
    const check = (await import(join(root, 'checks', 'workload', 'workload-example.ts'))).default as AnyCheck;
    expect(checks.find((e) => e.id === 'workload-example')).toEqual({
      id: check.id,
      family: check.family,
      severity: check.severity,
      target: check.target,
    });
  });

  it('renders the page with the docs generator, as npm run docs:checks will once the check is registered', async () => {
    const check = (await import(join(root, 'checks', 'workload', 'workload-example.ts'))).default as AnyCheck;
    expect(readFileSync(join(root, 'docs', 'checks', 'workload-example.md'), 'utf8')).toBe(renderCheckPage(check, root));
  });

  it('gives a check that the check tester fails until its fixtures prove it', async () => {
    const check = (await import(join(root, 'checks', 'workload', 'workload-example.ts'))).default as AnyCheck;
    expect(verifyCheck(check, fixtureCases(fixtures))).toEqual([
      'fail-example.yaml: an invalid case yields no finding',
      'message key(s) never used by an invalid case: todo',
    ]);
    // Once the check finds something and the fail fixture shows it, the tester passes.
    const source = readFileSync(join(root, 'checks', 'workload', 'workload-example.ts'), 'utf8').replace(
      /check\(_namespace\) \{[^]*?\n {2}\},/,
      "check(ns) {\n    return ns.metadata.labels?.example === 'bad' ? [{ messageId: 'todo', data: { namespace: ns.metadata.name } }] : [];\n  },",
    );
    writeFileSync(join(root, 'checks', 'workload', 'workload-example-proved.ts'), source);
    const proved = (await import(join(root, 'checks', 'workload', 'workload-example-proved.ts'))).default as AnyCheck;
    writeFileSync(
      join(fixtures, 'fail-example.yaml'),
      `${readFileSync(join(fixtures, 'fail-example.yaml'), 'utf8')}  labels: { example: bad }\n`,
    );
    expect(verifyCheck(proved, fixtureCases(fixtures))).toEqual([]);
  });

  it('refuses an ID that does not start with its family, that exists, or a family without an index', { timeout: 120_000 }, () => {
    const wrongFamily = newCheck(root, 'workload', 'network-example');
    expect(wrongFamily.status).toBe(2);
    expect(wrongFamily.stderr).toContain('ID "network-example" must start with its family: workload-');
    const again = newCheck(root, 'workload', 'workload-example');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('check workload-example exists');
    const builtIn = newCheck(root, 'workload', 'workload-privileged');
    expect(builtIn.status).toBe(2);
    expect(builtIn.stderr).toContain('check workload-privileged exists: docs/checks/catalog.yaml has it');
    const noFamily = newCheck(root, 'gpu', 'gpu-shared');
    expect(noFamily.status).toBe(2);
    expect(noFamily.stderr).toContain('no family "gpu": checks/gpu/index.ts does not exist');
    expect(newCheck(root, 'workload', 'Workload_Bad').stderr).toContain('must be kebab-case');
  });
});
