import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { type CheckOptions, PROFILES } from '../engine/check.js';
import type { TenancyOptions } from '../tenancy/types.js';

/** One manifest set a check is run on, and what it should prove. */
export interface CheckTestCase {
  /** Shown in test names and problems: the fixture's file name. */
  name: string;
  /** Manifest text: multi-document YAML, JSON or a `kind: List`, as `tenantscan scan --file` reads it. */
  manifests: string;
  /** The file results point to (defaults to `name`). */
  file?: string;
  /** What the case proves (the fixture's `# Proves:` header). */
  proves?: string;
  /** Scan options for this case, merged over the scan's defaults (profile multi-team). */
  options?: Partial<CheckOptions>;
  tenancy?: TenancyOptions;
}

/** Valid cases must yield no finding; invalid ones at least one. */
export interface CheckTestCases {
  valid: CheckTestCase[];
  invalid: CheckTestCase[];
}

/**
 * The header of a fixture: its leading `#` comment lines.
 * - `# Proves: <text>` (first line, may continue on the next comment lines): what the fixture proves;
 * - `# Options: <YAML flow mapping>`: how to scan it, e.g.
 *   `# Options: { profile: multi-customer, tenancy: { tenants: { legacy: [default] } } }`.
 *   Keys: `profile`, `sandboxHandlers`, `checkOptions` (the scan's check options), `podCIDRs` (the
 *   configuration's `network.podCIDRs`) and `tenancy`
 *   (`tenantLabel`, `platformNamespaces`, `replacePlatformNamespaces`, `tenants`). Any other key is an error.
 */
export interface FixtureHeader {
  proves?: string;
  options?: Partial<CheckOptions>;
  tenancy?: TenancyOptions;
}

const OPTION_KEYS = ['profile', 'sandboxHandlers', 'checkOptions', 'podCIDRs'] as const;
const TENANCY_KEYS = ['tenantLabel', 'platformNamespaces', 'replacePlatformNamespaces', 'tenants'];

/** Parse a fixture's header. Throws, naming the file, on an `# Options:` line that is not a valid mapping. */
export function parseFixtureHeader(text: string, file = 'fixture'): FixtureHeader {
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    comments.push(line.replace(/^#\s?/, ''));
  }
  const header: FixtureHeader = {};
  const proves: string[] = [];
  let inProves = false;
  for (const line of comments) {
    const options = /^Options:\s*(.*)$/.exec(line);
    if (options) {
      Object.assign(header, parseOptions(options[1], file));
      inProves = false;
    } else if (line.startsWith('Proves:')) {
      proves.push(line.slice('Proves:'.length).trim());
      inProves = true;
    } else if (inProves) {
      proves.push(line.trim());
    }
  }
  if (proves.length) header.proves = proves.join(' ').trim();
  return header;
}

function parseOptions(text: string, file: string): Pick<FixtureHeader, 'options' | 'tenancy'> {
  const fail = (why: string): never => {
    throw new Error(`${file}: "# Options: ${text}" ${why}`);
  };
  let parsed: unknown;
  try {
    parsed = yaml.load(text);
  } catch (err) {
    return fail(`is not YAML: ${(err as Error).message}`);
  }
  if (!isRecord(parsed)) return fail('is not a mapping');
  const out: Pick<FixtureHeader, 'options' | 'tenancy'> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'tenancy') {
      if (!isRecord(value)) fail('has a tenancy that is not a mapping');
      const unknown = Object.keys(value as object).filter((k) => !TENANCY_KEYS.includes(k));
      if (unknown.length) fail(`has unknown tenancy keys ${unknown.join(', ')} (known: ${TENANCY_KEYS.join(', ')})`);
      out.tenancy = value as TenancyOptions;
    } else if ((OPTION_KEYS as readonly string[]).includes(key)) {
      if (key === 'profile' && !(PROFILES as readonly unknown[]).includes(value))
        fail(`has profile ${String(value)}, not one of ${PROFILES.join(', ')}`);
      if ((key === 'sandboxHandlers' || key === 'podCIDRs') && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
        fail(`has ${key} that is not a list of strings`);
      if (key === 'checkOptions' && !(isRecord(value) && Object.values(value).every(isRecord)))
        fail('has checkOptions that is not a mapping of check ID to options');
      out.options = { ...out.options, [key]: value };
    } else {
      fail(`has an unknown key ${key} (known: ${[...OPTION_KEYS, 'tenancy'].join(', ')})`);
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read one fixture file into a case: its text, file name and header. */
export function fixtureCase(path: string, name = path.split(/[\\/]/).pop() ?? path): CheckTestCase {
  const manifests = readFileSync(path, 'utf8');
  return { name, manifests, file: path, ...parseFixtureHeader(manifests, path) };
}

/**
 * The cases of a fixture folder, sorted by file name: `pass-*.yaml` (and `.yml`, `.json`) are valid,
 * `fail-*` invalid; other files (e.g. `not-evaluated-*`) are left to the check's own spec.
 * A missing folder gives no case.
 */
export function fixtureCases(dir: string): CheckTestCases {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
    : [];
  return {
    valid: files.filter((f) => f.startsWith('pass-')).map((f) => fixtureCase(join(dir, f), f)),
    invalid: files.filter((f) => f.startsWith('fail-')).map((f) => fixtureCase(join(dir, f), f)),
  };
}
