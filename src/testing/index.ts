/**
 * tenantscan's check tester, for built-in and custom checks (`import { CheckTester } from 'tenantscan/testing'`).
 * See CONTRIBUTING.md and docs/custom-checks.md.
 */
export { CheckTester, runCase, unusedMessageIds, verifyCheck } from './check-tester.js';
export type { CaseOutcome, CheckTesterDefaults, CheckTesterOptions } from './check-tester.js';
export { fixtureCase, fixtureCases, parseFixtureHeader } from './fixture-cases.js';
export type { CheckTestCase, CheckTestCases, FixtureHeader } from './fixture-cases.js';
export { defaultCheckOptions, indexFromText, runCheckOnManifests, runOnIndex } from './run-check.js';
export type { ManifestRunOptions } from './run-check.js';
export { deepFreeze } from './deep-freeze.js';
