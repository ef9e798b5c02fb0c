import { join } from 'node:path';
import { describe, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { fixtureDir } from '../../src/docs/check-page.js';
import { CheckTester, fixtureCases } from '../../src/testing/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

// Every pass-* and fail-* fixture of every built-in check, through the check tester: a pass fixture
// yields no finding, a fail fixture at least one, each evaluates a subject, every message key is
// used by a fail fixture, and no check writes to its (frozen) inputs. A fixture that needs scan
// options says so in its `# Options:` header (src/testing/fixture-cases.ts).
const tester = new CheckTester({ describe, it });
for (const check of builtinChecks) tester.run(check, fixtureCases(fixtureDir(ROOT, check)));
