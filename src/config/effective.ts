import { dirname, resolve } from 'node:path';
import type { Profile, Severity } from '../engine/check.js';
import type { AnnotationWaiverPolicy, Waiver } from '../engine/waivers.js';
import type { TenancyOptions } from '../tenancy/types.js';
import { DocsUrlError, docsBaseUrlOf } from '../engine/docs-url.js';
import { DEFAULT_SANDBOX_HANDLERS } from './defaults.js';
import { ConfigError, type LoadedConfig } from './load.js';
import type { DeclarativeCheck } from './types.js';

/** Settings that command-line flags can give; undefined means "not given". */
export interface FlagSettings {
  profile?: Profile;
  failOn?: Severity | 'none';
  minScore?: number;
  tenantLabel?: string;
  platformNamespace?: string[];
  sandboxHandler?: string[];
  checksDir?: string;
  annotationWaivers?: boolean;
  /** `--docs-url`. */
  docsUrl?: string;
}

/** The configuration in force: defaults, then the config file, then command-line flags. */
export interface EffectiveSettings {
  configFile: string | null;
  profile: Profile;
  failOn: Severity | 'none';
  minScore?: number;
  /** `scoring.minCoverage`: below it a scope is not graded; undefined: DEFAULT_MIN_COVERAGE (src/engine/scoring.ts). */
  minCoverage?: number;
  tenancy: TenancyOptions;
  sandboxHandlers: string[];
  /** `podCIDRs`: the pod network; empty: taken from the Nodes' spec.podCIDRs (src/k8s/network/pod-network.ts). */
  network: { podCIDRs: string[] };
  severity: Record<string, Severity>;
  disabledChecks: string[];
  checkOptions: Record<string, Record<string, unknown>>;
  /** Honour `tenantscan.io/waive` annotations: the flag, else the config, else on unless the profile is multi-customer. */
  annotationWaivers: boolean;
  /** What annotations may waive (`annotationWaivers.checks`) and whether a reason is required (default: under multi-customer). */
  annotationPolicy: AnnotationWaiverPolicy;
  waivers: Waiver[];
  /** Absolute path: relative to the config file when it comes from there, else to the working directory. */
  checksDir?: string;
  customChecks: DeclarativeCheck[];
  /** Base URL of the check pages: `--docs-url`, else `docsUrl`, else the pages in the package (src/engine/docs-url.ts). */
  docsUrl: string;
}

export function effectiveSettings(flags: FlagSettings, loaded: LoadedConfig, cwd: string): EffectiveSettings {
  const c = loaded.config;
  const tenancy: TenancyOptions = { ...c.tenancy };
  if (flags.tenantLabel) tenancy.tenantLabel = flags.tenantLabel;
  if (flags.platformNamespace?.length) tenancy.platformNamespaces = [...(tenancy.platformNamespaces ?? []), ...flags.platformNamespace];
  const checksDir = flags.checksDir
    ? resolve(cwd, flags.checksDir)
    : c.checksDir
      ? resolve(loaded.path ? dirname(loaded.path) : cwd, c.checksDir)
      : undefined;
  const profile = flags.profile ?? c.profile ?? 'multi-team';
  const annotations = typeof c.annotationWaivers === 'object' ? c.annotationWaivers : { enabled: c.annotationWaivers };
  const annotationPolicy: AnnotationWaiverPolicy = { requireReason: annotations.requireReason ?? profile === 'multi-customer' };
  if (annotations.checks) annotationPolicy.checks = [...annotations.checks];
  const settings: EffectiveSettings = {
    configFile: loaded.path ?? null,
    profile,
    failOn: flags.failOn ?? c.failOn ?? 'none',
    tenancy,
    sandboxHandlers: flags.sandboxHandler?.length ? flags.sandboxHandler : (c.sandboxHandlers ?? [...DEFAULT_SANDBOX_HANDLERS]),
    network: { podCIDRs: [...(c.network?.podCIDRs ?? [])] },
    severity: { ...c.severity },
    disabledChecks: [...(c.disabledChecks ?? [])],
    checkOptions: { ...c.checkOptions },
    annotationWaivers: flags.annotationWaivers ?? annotations.enabled ?? profile !== 'multi-customer',
    annotationPolicy,
    waivers: [...(c.waivers ?? [])],
    customChecks: [...(c.customChecks ?? [])],
    docsUrl: docsUrlOf(flags.docsUrl, c.docsUrl),
  };
  const minScore = flags.minScore ?? c.minScore;
  if (minScore !== undefined) settings.minScore = minScore;
  if (c.scoring?.minCoverage !== undefined) settings.minCoverage = c.scoring.minCoverage;
  if (checksDir) settings.checksDir = checksDir;
  return settings;
}

/** `--docs-url`, else the config's `docsUrl`, checked and with a trailing slash; a bad one is a ConfigError (exit 2). */
function docsUrlOf(flag: string | undefined, config: string | undefined): string {
  try {
    return docsBaseUrlOf(flag ?? config);
  } catch (err) {
    if (err instanceof DocsUrlError) throw new ConfigError(`${flag !== undefined ? '--docs-url' : 'docsUrl'}: ${err.message}`);
    throw err;
  }
}
