import { type AnyCheck, PROFILES, SEVERITIES } from './check.js';
import { templateProblem } from './messages.js';

/** Check IDs: kebab-case, at least two words, the family first (`network-policy-missing`). */
export const CHECK_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/**
 * What makes a value unusable as a check, or undefined when it is one: a missing field, an ID that
 * is not kebab-case, an unknown severity or target, no messages, a message whose placeholder syntax is
 * broken (`{{ }}`), or an `options` without a schema and defaults. Used for built-in checks (the
 * registry) and custom ones (`--checks-dir`), which then exit 2 naming the check.
 */
export function checkProblem(value: unknown): string | undefined {
  const c = value as Partial<AnyCheck> | undefined;
  if (!c || typeof c !== 'object') return 'not a check object';
  if (typeof c.id !== 'string' || !CHECK_ID_PATTERN.test(c.id)) return `invalid id ${JSON.stringify(c.id)} (kebab-case, family first)`;
  if (typeof c.check !== 'function') return `${c.id}: check is not a function`;
  for (const field of ['family', 'title', 'description', 'rationale', 'remediation'] as const) {
    if (typeof c[field] !== 'string' || !c[field]) return `${c.id}: missing ${field}`;
  }
  const severities =
    typeof c.severity === 'string' ? [c.severity] : PROFILES.map((p) => (c.severity as Record<string, string> | undefined)?.[p]);
  if (severities.some((s) => !SEVERITIES.includes(s as never)))
    return `${c.id}: severity must be one of ${SEVERITIES.join(', ')} (or one per profile)`;
  const t = c.target;
  if (!(t === 'namespace' || t === 'cluster' || t === 'podTemplate' || (t && typeof t === 'object' && Array.isArray(t.kinds))))
    return `${c.id}: target must be namespace, cluster, podTemplate or { kinds: [...] }`;
  if (!Array.isArray(c.needs)) return `${c.id}: needs must list the GroupKinds the check reads beyond its target's`;
  if (!Array.isArray(c.references)) return `${c.id}: references must be a list`;
  return messagesProblem(c.id, c.messages) ?? optionsProblem(c.id, c.options);
}

function messagesProblem(id: string, messages: unknown): string | undefined {
  if (!messages || typeof messages !== 'object' || Array.isArray(messages)) return `${id}: messages must be an object of templates`;
  const entries = Object.entries(messages);
  if (entries.length === 0) return `${id}: messages must declare at least one message`;
  for (const [key, template] of entries) {
    if (typeof template !== 'string' || template.trim() === '') return `${id}: message "${key}" must be a non-empty string`;
    const problem = templateProblem(template);
    if (problem) return `${id}: message "${key}": ${problem}`;
  }
  return undefined;
}

function optionsProblem(id: string, options: unknown): string | undefined {
  if (options === undefined) return undefined;
  const o = options as { schema?: unknown; defaults?: unknown; byProfile?: unknown };
  const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(o) || !isObject(o.schema) || !isObject(o.defaults))
    return `${id}: options must be { schema, defaults } (a JSON Schema of the options object, and its defaults)`;
  if (
    o.byProfile !== undefined &&
    (!isObject(o.byProfile) || Object.keys(o.byProfile as object).some((p) => !PROFILES.includes(p as never)))
  )
    return `${id}: options.byProfile must be keyed by profile (${PROFILES.join(', ')})`;
  return undefined;
}

/**
 * The registry of built-in checks: validated (`checkProblem`), with unique IDs, sorted by ID.
 *
 * @throws Error naming the first invalid check: a defect in tenantscan itself.
 */
export function createRegistry(checks: readonly AnyCheck[]): readonly AnyCheck[] {
  const seen = new Set<string>();
  for (const check of checks) {
    const problem = checkProblem(check);
    if (problem) throw new Error(`invalid built-in check: ${problem}`);
    if (seen.has(check.id)) throw new Error(`two built-in checks have the ID "${check.id}"`);
    seen.add(check.id);
  }
  return Object.freeze([...checks].sort((a, b) => a.id.localeCompare(b.id)));
}
