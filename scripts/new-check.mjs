// `npm run new-check -- <family> <id> [--root DIR]`: scaffold a built-in check.
//
// Writes checks/<family>/<id>.ts (the check, a stub that finds nothing), its spec
// test/checks/<family>/<id>.test.ts (the check tester over its fixtures), a pass and a fail fixture
// under test/checks/<family>/<id>/, its page docs/checks/<id>.md (through
// scripts/generate-check-docs.mjs) and its entry in docs/checks/catalog.yaml. The one file left to
// edit by hand is the family index, checks/<family>/index.ts. The check tester fails on the new
// check until its fail fixture yields a finding and every message key is used (see CONTRIBUTING.md).
//
// Refuses an ID that is not kebab-case, does not start with `<family>-`, or exists already (a
// check file, fixtures, a page or a catalog entry). --root scaffolds into another checkout (the
// test of this script uses a temporary one); its dist/src must hold the built engine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({ options: { root: { type: 'string' } }, allowPositionals: true });
const root = values.root ? resolve(values.root) : join(here, '..');

function refuse(message) {
  console.error(`new-check: ${message}`);
  process.exit(2);
}

if (positionals.length !== 2) refuse('usage: npm run new-check -- <family> <id>   (e.g. npm run new-check -- workload workload-example)');
const [family, id] = positionals;
if (!/^[a-z]+$/.test(family)) refuse(`family "${family}" must be one lowercase word`);
const familyIndex = join(root, 'checks', family, 'index.ts');
if (!existsSync(familyIndex)) refuse(`no family "${family}": checks/${family}/index.ts does not exist`);
if (!/^[a-z]+(-[a-z0-9]+)+$/.test(id)) refuse(`ID "${id}" must be kebab-case, family first (e.g. ${family}-something-missing)`);
if (!id.startsWith(`${family}-`)) refuse(`ID "${id}" must start with its family: ${family}-`);

const files = {
  check: join(root, 'checks', family, `${id}.ts`),
  spec: join(root, 'test', 'checks', family, `${id}.test.ts`),
  pass: join(root, 'test', 'checks', family, id, 'pass-example.yaml'),
  fail: join(root, 'test', 'checks', family, id, 'fail-example.yaml'),
  page: join(root, 'docs', 'checks', `${id}.md`),
};
const catalogFile = join(root, 'docs', 'checks', 'catalog.yaml');
const catalog = readFileSync(catalogFile, 'utf8');
const catalogIds = [...catalog.matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);
if (catalogIds.includes(id)) refuse(`check ${id} exists: docs/checks/catalog.yaml has it (an ID is never reused)`);
for (const file of [files.check, files.spec, dirname(files.pass), files.page])
  if (existsSync(file)) refuse(`check ${id} exists: ${file.slice(root.length + 1)} is there`);

const SEVERITY = { 'multi-team': 'medium', 'multi-customer': 'high' };

const checkSource = `import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';

/**
 * TODO: what this check flags, on which subjects, and the Kubernetes behaviour it relies on (the
 * semantics themselves belong in src/k8s/<area>/, with their source).
 */
export default defineCheck({
  id: '${id}',
  family: '${family}',
  title: 'TODO: the condition flagged, in a few words',
  description: 'TODO: what it flags, precisely enough that a user can predict every finding.',
  rationale: 'TODO: why it matters when tenants share the cluster.',
  remediation: 'TODO: how to fix it, with the field to set.',
  references: [{ title: 'TODO: the Kubernetes documentation page', url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/' }],
  severity: { 'multi-team': '${SEVERITY['multi-team']}', 'multi-customer': '${SEVERITY['multi-customer']}' },
  target: 'namespace',
  needs: [K.Namespace],
  messages: {
    todo: 'namespace {{namespace}}: TODO say what is wrong and what it allows',
  },
  check(_namespace) {
    // TODO: one finding per gap, e.g. [{ messageId: 'todo', data: { namespace: _namespace.metadata.name }, path: '/metadata/labels' }].
    return [];
  },
});
`;

const specSource = `import { join } from 'node:path';
import { describe, it } from 'vitest';
import check from '../../../checks/${family}/${id}.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';

// Every pass-* fixture must yield no finding and every fail-* fixture at least one; every message
// key must be used by a fail fixture. TODO: add specs of the exact findings (message, path, tenant,
// severity per profile) below.
new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, '${id}')));
`;

const fixture = (proves) => `# Proves: ${proves}
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
`;

const catalogEntry = [
  `  - id: ${id}`,
  `    family: ${family}`,
  `    severity: { multi-team: ${SEVERITY['multi-team']}, multi-customer: ${SEVERITY['multi-customer']} }`,
  `    target: namespace`,
].join('\n');

mkdirSync(dirname(files.check), { recursive: true });
mkdirSync(dirname(files.pass), { recursive: true });
writeFileSync(files.check, checkSource);
writeFileSync(files.spec, specSource);
writeFileSync(files.pass, fixture('TODO: say what this fixture proves (a tenant namespace that passes).'));
writeFileSync(
  files.fail,
  fixture('TODO: say what this fixture proves; change it so that the check fails here (until then the check tester fails).'),
);

// The catalog entry, in ID order.
const lines = catalog.split('\n');
const next = lines.findIndex((line) => {
  const m = /^ {2}- id: (\S+)$/.exec(line);
  return m && m[1] > id;
});
const at = next >= 0 ? next : lines.length - (lines.at(-1) === '' ? 1 : 0);
lines.splice(at, 0, catalogEntry);
writeFileSync(catalogFile, lines.join('\n'));

// The page: compile the new check alone next to the built engine (dist/), then render it with the docs generator.
const distEngine = join(root, 'dist', 'src', 'engine', 'check.js');
if (!existsSync(distEngine)) refuse(`${distEngine} is missing: run npm run build, then npm run docs:checks for the page`);
const compiled = join(root, 'dist', 'checks', family, `${id}.js`);
mkdirSync(dirname(compiled), { recursive: true });
writeFileSync(
  compiled,
  ts.transpileModule(checkSource, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText,
);
const docs = spawnSync(process.execPath, [join(here, 'generate-check-docs.mjs'), '--root', root, compiled], { encoding: 'utf8' });
if (docs.status !== 0) refuse(`the docs generator failed:\n${docs.stderr}`);

const rel = (file) => file.slice(root.length + 1);
console.log(`new-check: scaffolded ${id}
  ${rel(files.check)}
  ${rel(files.spec)}
  ${rel(files.pass)}
  ${rel(files.fail)}
  ${rel(files.page)}
  docs/checks/catalog.yaml (entry added)
Next:
  1. list the check in checks/${family}/index.ts (the registry: npm run lint and the unit suite see it from there);
  2. write the check, then make fail-example.yaml fail and pass-example.yaml pass (rename them to say what they prove);
     npx vitest run --project unit ${rel(files.spec)} fails until they do;
  3. fill in the metadata, keep docs/checks/catalog.yaml in step, and run npm run docs:checks.`);
