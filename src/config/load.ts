import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import yaml from 'js-yaml';
import { parseCidr } from '../k8s/network/index.js';
import { InputTooLargeError, MAX_SETTINGS_BYTES, readFileBounded } from '../sources/bounded-read.js';
import { PACKAGE_ROOT } from '../version.js';
import { isCalendarDate } from './calendar-date.js';
import type { TenantscanConfig } from './types.js';

export const CONFIG_FILE_NAMES = ['.tenantscan.yaml', '.tenantscan.yml'];
export const CONFIG_SCHEMA_PATH = join(PACKAGE_ROOT, 'src', 'config', 'config.schema.json');

/**
 * YAML 1.2's core schema and merge keys (`<<: *anchor`), without js-yaml's timestamp type: an
 * unquoted `expires: 2026-01-31` stays the string the schema asks for instead of becoming a Date.
 */
// js-yaml exports its types at run time (`types.merge`); @types/js-yaml does not declare them.
const CONFIG_YAML_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge] });

/** The configuration file is missing, unreadable, not YAML, or does not match the schema. Exit code 2. */
export class ConfigError extends Error {}

export interface LoadedConfig {
  config: TenantscanConfig;
  /** Absolute path of the file read, or undefined when there is none. */
  path?: string;
}

/** Find `.tenantscan.yaml` from `cwd` upwards. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Load and validate the config: the file given (`--config`), else the nearest `.tenantscan.yaml`.
 * Every schema error is reported at once, with its path.
 *
 * @throws ConfigError naming the file and every problem.
 */
export function loadConfig(explicitPath: string | undefined, cwd: string): LoadedConfig {
  const path = explicitPath ? resolve(cwd, explicitPath) : findConfig(cwd);
  if (!path) return { config: {} };
  let text: string;
  try {
    text = readFileBounded(path, MAX_SETTINGS_BYTES).toString('utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(
      missing
        ? `config file ${path} does not exist: check --config, or drop it to use .tenantscan.yaml from the working directory upwards`
        : err instanceof InputTooLargeError
          ? `config ${err.message}: a tenantscan config is a few kilobytes; check --config`
          : `cannot read config ${path}: ${(err as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = yaml.load(text, { filename: path, schema: CONFIG_YAML_SCHEMA }) ?? {};
  } catch (err) {
    const e = err as { mark?: { line?: number }; reason?: string };
    throw new ConfigError(`config ${path}:${(e.mark?.line ?? 0) + 1}: invalid YAML: ${e.reason ?? (err as Error).message}`);
  }
  const problems = validateConfig(value);
  if (problems.length) throw new ConfigError(`config ${path} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { config: value as TenantscanConfig, path };
}

/** Schema problems as `path: message` lines (empty when valid). */
export function validateConfig(value: unknown): string[] {
  // Required here, not imported at the top: only a scan that has a config file pays for ajv.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')));
  if (validate(value)) return [...impossibleDates(value as TenantscanConfig), ...invalidPodCidrs(value as TenantscanConfig)];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath || '(top level)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : e.keyword === 'enum'
          ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
          : '';
    return `${where}: ${e.message}${extra}`;
  });
}

/** Waiver expiry dates that match `YYYY-MM-DD` but name no day (`2025-02-30`, `9999-99-99`). */
function impossibleDates(config: TenantscanConfig): string[] {
  return (config.waivers ?? []).flatMap((w, i) =>
    w.expires !== undefined && !isCalendarDate(w.expires)
      ? [`/waivers/${i}/expires: ${w.expires} is not a calendar date (YYYY-MM-DD)`]
      : [],
  );
}

/**
 * Pod network ranges that match the schema's shape but are no CIDR (`10.0.0.0/33`, `999.1.1.1/8`):
 * a range the checks would drop is a mistake to say, not to ignore (the pod network decides
 * whether an ipBlock covers pods).
 */
function invalidPodCidrs(config: TenantscanConfig): string[] {
  return (config.network?.podCIDRs ?? []).flatMap((cidr, i) =>
    parseCidr(cidr) === undefined
      ? [`/network/podCIDRs/${i}: ${cidr} is not a CIDR (an IPv4 or IPv6 address, "/", a prefix length of at most 32 or 128)`]
      : [],
  );
}
