import type { Profile, Severity } from '../engine/check.js';
import type { Waiver } from '../engine/waivers.js';
import type { GroupKindRef } from '../model/types.js';
import type { TenancyOptions } from '../tenancy/types.js';

/** A declarative check from the config: objects of `kinds` must satisfy `schema`. */
export interface DeclarativeCheck {
  id: string;
  family?: string;
  title: string;
  description?: string;
  rationale?: string;
  remediation?: string;
  references?: Array<{ title: string; url?: string }>;
  severity: Severity | Record<Profile, Severity>;
  /** GroupKinds, as `Kind.group` or `{ group, kind }`. */
  kinds: GroupKindRef[];
  scope?: 'tenants' | 'all';
  schema: Record<string, unknown>;
  message: string;
}

/** The config file's shape (src/config/config.schema.json). */
export interface TenantscanConfig {
  profile?: Profile;
  failOn?: Severity | 'none';
  minScore?: number;
  /** How scores are computed: `minCoverage`, below which a scope is not graded (src/engine/scoring.ts). */
  scoring?: { minCoverage?: number };
  tenancy?: TenancyOptions;
  sandboxHandlers?: string[];
  /** The cluster's network: `podCIDRs`, the pod network (src/k8s/network/pod-network.ts). */
  network?: { podCIDRs?: string[] };
  severity?: Record<string, Severity>;
  disabledChecks?: string[];
  checkOptions?: Record<string, Record<string, unknown>>;
  /** `true`/`false`, or the object form that also limits what annotations may waive (src/config/config.schema.json). */
  annotationWaivers?: boolean | { enabled?: boolean; checks?: string[]; requireReason?: boolean };
  waivers?: Waiver[];
  checksDir?: string;
  /** Base URL of the check pages (src/engine/docs-url.ts). */
  docsUrl?: string;
  customChecks?: DeclarativeCheck[];
}
