import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyCheck, type JsonSchema, PROFILES, severityOf } from '../engine/check.js';
import { kindsRead } from '../engine/kinds-read.js';
import { resolveCheckOptions } from '../engine/options.js';

/** Most lines of a fixture shown as an example on a check page; longer fixtures are cut with a note. */
const MAX_EXAMPLE_LINES = 80;

const TARGET_TEXT: Record<string, string> = {
  namespace: 'each namespace',
  cluster: 'the whole cluster, once',
  podTemplate:
    'the pod template of every workload kind (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController), reported once on its owner',
};

/** Folder of a check's fixtures: `test/checks/<family>/<id>/`. */
export function fixtureDir(root: string, check: Pick<AnyCheck, 'id' | 'family'>): string {
  return join(root, 'test', 'checks', check.family, check.id);
}

/** The fixture files of a check, sorted: `pass-*.yaml` and `fail-*.yaml`. */
export function fixturesOf(root: string, check: Pick<AnyCheck, 'id' | 'family'>): { pass: string[]; fail: string[] } {
  const dir = fixtureDir(root, check);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
    : [];
  return {
    pass: files.filter((f) => f.startsWith('pass-')).map((f) => join(dir, f)),
    fail: files.filter((f) => f.startsWith('fail-')).map((f) => join(dir, f)),
  };
}

/**
 * The documentation page of a check (docs/checks/<id>.md), generated from its metadata and its
 * first failing and passing fixtures. `npm run docs:checks` writes every page; a test fails when a
 * page is missing or differs from what this function renders.
 */
export function renderCheckPage(check: AnyCheck, root: string): string {
  const fixtures = fixturesOf(root, check);
  const severities = PROFILES.map((p) => `| ${p} | ${severityOf(check, p)} |`).join('\n');
  const target = TARGET_TEXT[String(check.target)] ?? `every ${(check.target as { kinds: string[] }).kinds.join(', ')}`;
  const refs = check.references.map((r) => (r.url ? `- [${r.title}](${r.url})` : `- ${r.title}`)).join('\n');
  const lines = [
    `# ${check.id}`,
    '',
    `**${check.title}**`,
    '',
    `- Family: \`${check.family}\``,
    `- Evaluated on: ${target}${check.target === 'cluster' ? '' : check.scope === 'all' ? ', in every namespace (platform ones included)' : ', in tenant namespaces'}`,
    ...(check.mtb?.length ? [`- Multi-Tenancy Benchmarks: ${check.mtb.join(', ')}`] : []),
    '',
    '| Profile | Severity |',
    '|---|---|',
    severities,
    '',
    '## What it flags',
    '',
    check.description,
    '',
    '## Why it matters for tenants',
    '',
    check.rationale,
    '',
    '## How to fix',
    '',
    check.remediation,
    '',
    ...optionsSection(check),
    '## What it reads',
    '',
    kindsRead(check)
      .map((gk) => `\`${gk}\``)
      .join(', ') || 'nothing beyond its subject',
    '',
    "If tenantscan could not read one of these (for the subject's namespace or cluster-wide), the result is `not-evaluated`, never `pass`.",
    '',
    '## References',
    '',
    refs,
    '',
    ...example('A failing example', fixtures.fail[0], root),
    ...example('A passing example', fixtures.pass[0], root),
    ...(check.aliases?.length ? ['## Former IDs', '', check.aliases.map((a) => `\`${a}\``).join(', '), ''] : []),
    `_Generated from \`checks/${check.family}/${check.id}.ts\` and its fixtures by \`npm run docs:checks\`._`,
    '',
  ];
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** `## Options`: each option's type, default per profile and description, and how to set it (none when the check has no options). */
function optionsSection(check: AnyCheck): string[] {
  const spec = check.options;
  if (!spec) return [];
  const properties = (spec.schema.properties ?? {}) as Record<string, JsonSchema>;
  const defaults = Object.fromEntries(PROFILES.map((p) => [p, resolveCheckOptions(check, p) as Record<string, unknown>]));
  const cell = (value: unknown) => (value === undefined ? '(none)' : `\`${JSON.stringify(value)}\``);
  const rows = Object.entries(properties).map(
    ([name, schema]) =>
      `| \`${name}\` | ${typeText(schema)} | ${PROFILES.map((p) => cell(defaults[p][name])).join(' | ')} | ${String(schema.description ?? '').replace(/\|/g, '\\|')} |`,
  );
  const first = Object.keys(properties)[0];
  return [
    '## Options',
    '',
    `Set under \`checkOptions.${check.id}\` in the configuration file; validated when it loads (an unknown option or a wrong type is exit 2).`,
    '',
    `| Option | Type | Default (${PROFILES.join(') | Default (')}) | Description |`,
    `|---|---|${PROFILES.map(() => '---|').join('')}---|`,
    ...rows,
    '',
    ...(first
      ? ['```yaml', 'checkOptions:', `  ${check.id}:`, `    ${first}: ${JSON.stringify(defaults[PROFILES[0]][first])}`, '```', '']
      : []),
  ];
}

/** `string[]`, `"baseline" \| "restricted"`, `boolean`: a short type from a JSON Schema. */
function typeText(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' or ');
  if (schema.type === 'array') return `${typeText((schema.items ?? {}) as JsonSchema)} list`;
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function example(title: string, file: string | undefined, root: string): string[] {
  if (!file) return [];
  const text = readFileSync(file, 'utf8').replace(/\s+$/, '');
  const all = text.split('\n');
  const shown = all.slice(0, MAX_EXAMPLE_LINES);
  const rel = file.slice(root.length + 1);
  const cut = all.length > shown.length ? [`# ... ${all.length - shown.length} more lines in ${rel}`] : [];
  return [`## ${title}`, '', `From \`${rel}\`:`, '', '```yaml', ...shown, ...cut, '```', ''];
}

/** docs/checks/README.md: the catalog as a table, linking every page. */
export function renderCheckIndex(checks: readonly AnyCheck[]): string {
  const rows = checks.map(
    (c) =>
      `| [\`${c.id}\`](${c.id}.md) | ${c.family} | ${severityOf(c, 'multi-team')} | ${severityOf(c, 'multi-customer')} | ${c.title} | ${(c.mtb ?? []).join(', ')} |`,
  );
  return [
    '# Check catalog',
    '',
    `${checks.length} checks. Severities are given per profile (\`--profile multi-team\` / \`multi-customer\`).`,
    '',
    '| ID | Family | multi-team | multi-customer | Title | MTB |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '_Generated by `npm run docs:checks`._',
    '',
  ].join('\n');
}
