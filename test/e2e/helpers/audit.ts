import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_DIR } from './paths.js';

/** The API server's audit log (JSON lines, level Metadata, written before each response: --audit-log-mode=blocking). */
export const AUDIT_LOG = join(CLUSTER_DIR, 'audit.log');

/** The fields of an audit.k8s.io/v1 Event that the assertion reads. */
export interface AuditEvent {
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups?: string[] };
  impersonatedUser?: { username: string };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
  responseStatus?: { code?: number };
  /** The client's User-Agent header (tenantscan sends `tenantscan/<version>`, kubectl `kubectl/<version> ...`). */
  userAgent?: string;
}

/** Verbs that change state (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb). */
export const MUTATING_VERBS: ReadonlySet<string> = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/**
 * `create`s that persist nothing: the API server answers them and forgets them. Only these may appear,
 * and only as `create`. (tenantscan sends none of them today; they are allowed because a scanner may
 * legitimately ask the server what it is allowed to do.)
 */
export const NON_PERSISTING_REVIEWS: ReadonlySet<string> = new Set([
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'selfsubjectreviews',
  'subjectaccessreviews',
  'localsubjectaccessreviews',
  'tokenreviews',
]);

/** Where the audit log ends now: pass it to `auditEventsSince` after the action under test. */
export function auditOffset(): number {
  return statSync(AUDIT_LOG).size;
}

/** Every complete event appended to the audit log after `offset`. */
export function auditEventsSince(offset: number): AuditEvent[] {
  const size = statSync(AUDIT_LOG).size;
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(AUDIT_LOG, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AuditEvent);
}

/** Requests made as `username`, directly or impersonated. */
export function eventsBy(events: AuditEvent[], username: string): AuditEvent[] {
  return events.filter((e) => e.user?.username === username || e.impersonatedUser?.username === username);
}

/**
 * What makes a sequence of requests by `username` not read-only, one line per offending request:
 * any create/update/patch/delete/deletecollection (the non-persisting reviews excepted, as `create`
 * only), dry runs included, and any get/list/watch of `secrets`. Attempts count, whatever the answer:
 * a 403 still shows the scanner tried.
 */
export function readOnlyViolations(events: AuditEvent[], username: string): string[] {
  const violations: string[] = [];
  for (const e of eventsBy(events, username)) {
    const resource = e.objectRef?.resource ?? '';
    const what = `${e.verb} ${e.requestURI} -> ${e.responseStatus?.code ?? '?'}`;
    if (MUTATING_VERBS.has(e.verb) && !(e.verb === 'create' && NON_PERSISTING_REVIEWS.has(resource) && !e.objectRef?.subresource)) {
      violations.push(`mutating request: ${what}`);
    } else if (resource === 'secrets' && ['get', 'list', 'watch'].includes(e.verb)) {
      violations.push(`read of Secrets: ${what}`);
    }
  }
  return violations;
}

/**
 * Throw unless `username` made at least one request in `events` (so the assertion cannot pass on the
 * wrong user name or an empty log) and none that breaks read-only.
 */
export function assertReadOnly(events: AuditEvent[], username: string): void {
  const own = eventsBy(events, username);
  if (own.length === 0)
    throw new Error(`the audit log holds no request by "${username}": wrong user name, or the scan never reached the API server`);
  const violations = readOnlyViolations(events, username);
  if (violations.length) throw new Error(`"${username}" did not stay read-only:\n${violations.join('\n')}`);
}
