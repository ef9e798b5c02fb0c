import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../reports/terminal-text.js';
import { scanInProcess } from '../helpers/cli.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'terminal-escapes.yaml');
/** C0 controls but tab and newline, DEL, C1 controls, bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('strings from the input cannot drive the terminal', () => {
  it('terminalSafe shows control characters, C1 and bidi overrides escaped and keeps the rest', () => {
    expect(terminalSafe('a\u001b[2Jb\u009b\u202ec\u2066\r\u0007\tz\né')).toBe('a\\x1b[2Jb\\x9b\\u202ec\\u2066\\r\\x07\tz\né');
  });

  it('the table holds no raw control character, and the hostile name is still shown', async () => {
    const { stdout } = await scanInProcess({ file: [FIXTURE], format: ['table'], color: false });
    expect(stdout).not.toMatch(UNSAFE);
    expect(stdout).toContain('web\\x1b[2J');
  });

  it('stderr messages hold no raw control character', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-esc-'));
    const file = join(dir, 'bad\u001b]2;title\u0007.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x\u001b[2J"\n  namespace: [\n');
    const { stderr } = await scanInProcess({ file: [file, FIXTURE], quiet: false });
    expect(stderr).toContain('bad\\x1b]2;title\\x07.yaml');
    expect(stderr).not.toMatch(UNSAFE);
  });
});

describe('every reporter writes well-formed output whatever the input holds', () => {
  it('JUnit is well-formed XML with R&D; and &amp; kept as text', async () => {
    const { stdout } = await scanInProcess({ file: [FIXTURE], format: ['junit'] });
    expect(XMLValidator.validate(stdout)).toBe(true);
    expect(stdout).toContain('R&amp;D; ticket &amp;amp; 12');
  });

  it.each(['json', 'sarif'])('%s parses as JSON', async (format) => {
    const { stdout } = await scanInProcess({ file: [FIXTURE], format: [format] });
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
  });
});
