import { describe, expect, it } from 'vitest';
import { parseManifestText, splitDocuments } from '../../src/sources/manifests.js';

/**
 * splitDocuments reads LF-only text by offsets (no array of lines). Its documents must be exactly
 * those of splitting into lines and joining them, which the reference below does (the original
 * implementation, still used for text with `\r`).
 */
function reference(text: string): Array<{ text: string; startLine: number }> {
  const lines = text.split(/\r?\n/);
  const docs: Array<{ text: string; startLine: number }> = [];
  let current: string[] = [];
  let start = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const isStart = line.startsWith('---') && (line.length === 3 || line[3] === ' ' || line[3] === '\t');
    const isEnd = line.startsWith('...') && (line.length === 3 || line[3] === ' ' || line[3] === '\t');
    if (isStart || isEnd) {
      if (current.length) docs.push({ text: current.join('\n'), startLine: start });
      current = isStart ? ['   ' + line.slice(3)] : [];
      start = isStart ? i + 1 : i + 2;
      continue;
    }
    current.push(line);
  }
  if (current.length) docs.push({ text: current.join('\n'), startLine: start });
  return docs;
}

// Lines that matter to the splitter: markers with and without content, look-alikes, blanks, comments.
const LINES = [
  '---',
  '--- ',
  '--- # c',
  '---\t',
  '---x',
  '--',
  '...',
  '... ',
  '....',
  '..',
  '',
  ' ',
  '# comment',
  'a: 1',
  '  b: |',
  '    ---',
  'kind: Pod',
  '%YAML 1.2',
  '-- -',
];

describe('splitDocuments', () => {
  it('gives the documents and start lines of the line-by-line split, on 5,000 random streams', () => {
    let state = 7;
    const next = (n: number) => (state = (state * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let k = 0; k < 5000; k++) {
      const text = Array.from({ length: next(12) }, () => LINES[next(LINES.length)]).join('\n') + (next(2) ? '\n' : '');
      expect(splitDocuments(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it('handles the edges: empty text, a lone marker, a final line without newline, CRLF', () => {
    for (const text of [
      '',
      '\n',
      '---',
      '---\n',
      '...',
      'a: 1',
      'a: 1\n---\nb: 2',
      '---\r\na: 1\r\n---\r\nb: 2\r\n',
      '--- a: 1\n...\n# tail\n',
    ]) {
      expect(splitDocuments(text), JSON.stringify(text)).toEqual(reference(text));
    }
    expect(splitDocuments('a: 1\n---\nb: 2\n').map((d) => d.startLine)).toEqual([1, 2]);
  });

  it('keeps the line of every object, comment-only documents skipped', () => {
    const text =
      '# header\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n\n\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n';
    expect(parseManifestText(text, 'f.yaml').objects.map((o) => [o.object.metadata.name, o.location.line])).toEqual([
      ['a', 5],
      ['b', 11],
    ]);
  });
});
