/**
 * `--help` at the terminal's width, never splitting a word (issue 14, point 5). yargs 18 lays help
 * out with cliui 9, which wraps with wrap-ansi at word boundaries; yargs 17's ES module build
 * wrapped at the column whatever the word ("Repe|atable"). Runs the built CLI (npm test builds
 * dist/ first), with the width given as $COLUMNS, as a shell gives it to a pipe (cli/terminal-width.ts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectEvery } from '../helpers/expect-every.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenantscan.js');

function help(columns: number, ...args: string[]): string {
  const run = spawnSync('node', [BIN, ...args, '--help'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: String(columns) },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** Every whitespace-separated word, sorted: the same text laid out at another width has the same ones. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).sort();

describe('tenantscan --help', () => {
  for (const args of [['scan'], [], ['merge']]) {
    it(`${['tenantscan', ...args].join(' ')} --help fits 60 columns and splits no word`, () => {
      const narrow = help(60, ...args);
      const wide = help(400, ...args);
      const lines = narrow.split('\n');
      expectEvery(lines, (l) => l.length <= 60);
      // at 400 columns nothing wraps: a word cut at 60 columns would be two "words" there
      expect(wide.split('\n').length).toBeLessThan(lines.length);
      expect(words(narrow)).toEqual(words(wide));
    });
  }

  it('uses the whole width it is given', () => {
    const lines = help(120, 'scan').split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(100);
    expectEvery(lines, (l) => l.length <= 120);
  });
});
