import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { settingsOf } from '../../cli/scan-command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { DocsUrlError, PACKAGED_DOCS_BASE_URL, docsBaseUrlOf } from '../../src/engine/docs-url.js';
import { REPO_ROOT } from '../reports/report-fixtures.js';
import { expectEvery } from '../helpers/expect-every.js';

describe('the check pages reports link to (src/engine/docs-url.ts)', () => {
  it('are by default the pages in the package, as file: URLs that exist for every built-in check and for the probes', () => {
    expect(docsBaseUrlOf(undefined)).toBe(PACKAGED_DOCS_BASE_URL);
    expect(fileURLToPath(PACKAGED_DOCS_BASE_URL)).toBe(`${join(REPO_ROOT, 'docs', 'checks')}/`);
    expectEvery(builtinChecks, (c) => existsSync(fileURLToPath(new URL(`${c.id}.md`, PACKAGED_DOCS_BASE_URL))));
    // src/probe/catalog.ts links `<base>../probes.md`
    expect(existsSync(fileURLToPath(new URL('../probes.md', PACKAGED_DOCS_BASE_URL)))).toBe(true);
  });

  it('take a hosted base with a trailing slash, so that <base><id>.md stays inside it', () => {
    expect(docsBaseUrlOf('https://docs.example.com/tenantscan/checks')).toBe('https://docs.example.com/tenantscan/checks/');
    expect(docsBaseUrlOf('https://docs.example.com/checks/?ref=x#top')).toBe('https://docs.example.com/checks/');
    expect(docsBaseUrlOf('file:///opt/tenantscan-docs/checks/')).toBe('file:///opt/tenantscan-docs/checks/');
  });

  it('refuse what is no absolute http(s) or file URL', () => {
    expect(() => docsBaseUrlOf('docs/checks/')).toThrow(DocsUrlError);
    expect(() => docsBaseUrlOf('javascript:alert(1)//')).toThrow(/must be an https, http or file URL, not javascript:/);
    expect(() => docsBaseUrlOf('ftp://example.com/checks/')).toThrow(DocsUrlError);
  });

  it('come from --docs-url, else docsUrl in the config; a bad one is a usage error (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-docs-url-'));
    writeFileSync(join(dir, '.tenantscan.yaml'), 'docsUrl: https://wiki.example.com/tenantscan/checks\n');
    expect(settingsOf({}, dir).docsUrl).toBe('https://wiki.example.com/tenantscan/checks/');
    expect(settingsOf({ docsUrl: 'https://other.example.com/c/' }, dir).docsUrl).toBe('https://other.example.com/c/');
    expect(settingsOf({}, tmpdir()).docsUrl).toBe(PACKAGED_DOCS_BASE_URL);
    writeFileSync(join(dir, '.tenantscan.yaml'), 'docsUrl: docs/checks\n');
    expect(() => settingsOf({}, dir)).toThrow(
      expect.objectContaining({ exitCode: EXIT.USAGE, message: expect.stringMatching(/^docsUrl: /) }),
    );
  });
});
