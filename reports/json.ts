import type {
  BaselineReport,
  CheckInfo,
  VirtualClusterReport,
  GateReport,
  ProbeReport,
  ReachabilityReport,
  Report,
  ScoreReport,
  TenantReport,
  WaiverReport,
} from '../src/engine/report.js';
import type { Severity } from '../src/engine/check.js';
import type { Result } from '../src/engine/result.js';
import type { AccessOutcome } from '../src/model/access.js';
import type { SourceInfo } from '../src/model/index.js';
import { type LoadError, type ObjectRef, refKey } from '../src/model/types.js';
import type { Reporter } from './types.js';

/**
 * Version of the JSON document's shape (reports/schema/report.schema.json, whose `schemaVersion`
 * pattern accepts 2.x.y). Semver: bump the major on any breaking change, the minor on an addition.
 * The changes of each version are in docs/reports.md ("Schema versions").
 */
export const SCHEMA_VERSION = '2.3.0';

/**
 * The passing results, compactly (since 2.0.0): a pass carries no message, path or location worth
 * keeping, and a large cluster has hundreds of thousands of them. Probe passes are the exception
 * (since 2.2.0 they stay in `results`): their message is the evidence, naming what refused the
 * dry run (docs/probes.md), and there are a few dozen per tenant at most. Each passing result of the model
 * is one position in a group's `subjects`, in the model's order within its group, so the score is
 * recomputable from the document (docs/scoring.md): units come from `results` and `passes` together.
 */
export interface JsonPasses {
  /** Every subject of a passing result, once. */
  subjects: ObjectRef[];
  /** The passing results by check, tenant (absent: cluster scope) and severity, in order of first appearance. */
  groups: JsonPassGroup[];
}

export interface JsonPassGroup {
  checkId: string;
  tenant?: string;
  severity: Severity;
  /** One position in `passes.subjects` per passing result. */
  subjects: number[];
}

/**
 * The JSON document, version 2 (reports/schema/report.schema.json; 2.1.0 added tenant-writable and
 * refused annotation waivers; 2.2.0 keeps probe passes in `results`; 2.3.0 added `insufficientCoverage` to a score,
 * `score.minCoverage` and `score.covers`; 1.x: 1.1.0 added `gate`, 1.2.0
 * `inputScope`, 1.3.0 `probes`, 1.4.0 `cluster` and `virtualClusters`, 1.5.0 a result location's
 * `column`): its members in the schema's
 * order. Where a part has the model's shape, it is the model's type; a change to one of those types
 * is a change to the document, checked by test/reports/json.test.ts against the schema. The model
 * keeps every result in full (reporters read passes too); only this document is compact.
 */
export interface JsonReport {
  schemaVersion: string;
  tool: { name: 'tenantscan'; version: string };
  /** Since 1.4.0: the cluster's name (`--cluster-name`, the context, or the API server's host). */
  cluster?: string;
  source: SourceInfo;
  inputScope: Report['inputScope'];
  profile: Report['profile'];
  /** ISO 8601 date-time. */
  generatedAt: string;
  score: ScoreReport;
  tenants: TenantReport[];
  checks: CheckInfo[];
  /** Every result that is not a pass (fail, waived, not-evaluated, error), and since 2.2.0 the probe passes, in full. */
  results: Result[];
  /** Since 2.0.0: the passing results, compactly. */
  passes: JsonPasses;
  access: AccessOutcome[];
  loadErrors: LoadError[];
  waivers?: WaiverReport;
  baseline?: BaselineReport;
  /** Since 2.0.0 the summary of src/k8s/network/reachability-summary.ts. */
  reachability?: ReachabilityReport;
  /** Since 1.4.0: the vcluster control planes the cluster runs. */
  virtualClusters?: VirtualClusterReport[];
  /** Since 1.1.0. */
  gate?: GateReport;
  /** Since 1.3.0. */
  probes?: ProbeReport;
}

/**
 * The one mapping from the report model to the JSON document: every member the schema knows, in its
 * order, and nothing else. Passing results are grouped (JsonPasses); the other lists are shared
 * with the model, not copied; an absent optional section is left out.
 */
export function toJsonReport(report: Report): JsonReport {
  const { results, passes } = splitPasses(report.results);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: report.tool,
    cluster: report.cluster,
    source: report.source,
    inputScope: report.inputScope,
    profile: report.profile,
    generatedAt: report.generatedAt,
    score: report.score,
    tenants: report.tenants,
    checks: report.checks,
    results,
    passes,
    access: report.access,
    loadErrors: report.loadErrors,
    waivers: report.waivers,
    baseline: report.baseline,
    reachability: report.reachability,
    virtualClusters: report.virtualClusters,
    gate: report.gate,
    probes: report.probes,
  };
}

/** The results that are not passes (probe passes included), and the other passes grouped by check, tenant and severity. */
function splitPasses(all: readonly Result[]): { results: Result[]; passes: JsonPasses } {
  const results: Result[] = [];
  const passes: JsonPasses = { subjects: [], groups: [] };
  const subjectAt = new Map<string, number>();
  const groupOf = new Map<string, JsonPassGroup>();
  // what is not a list of results (a hand-made report) is written as it is, as JSON.stringify would
  if (!Array.isArray(all)) return { results: all as Result[], passes };
  for (const r of all) {
    if (r === null || typeof r !== 'object' || r.status !== 'pass' || r.family === 'probe') {
      results.push(r);
      continue;
    }
    const key = `${r.checkId}\u0000${r.tenant ?? ''}\u0000${r.tenant === undefined ? 'c' : 't'}\u0000${r.severity}`;
    let group = groupOf.get(key);
    if (!group) {
      group = { checkId: r.checkId, ...(r.tenant === undefined ? {} : { tenant: r.tenant }), severity: r.severity, subjects: [] };
      groupOf.set(key, group);
      passes.groups.push(group);
    }
    const subject = refKey(r.subject);
    let at = subjectAt.get(subject);
    if (at === undefined) {
      subjectAt.set(subject, (at = passes.subjects.length));
      passes.subjects.push(r.subject);
    }
    group.subjects.push(at);
  }
  return { results, passes };
}

/**
 * Every result a JSON document records: its `results`, then its passes as results (check, family,
 * tenant, severity and subject; a pass's message, path and location are not in the document).
 * For readers of a report that want the 1.x list back.
 */
export function resultsOfJsonReport(doc: Pick<JsonReport, 'results' | 'passes' | 'checks'>): Result[] {
  const families = new Map(doc.checks.map((c) => [c.id, c.family]));
  const passes = doc.passes.groups.flatMap((g) =>
    g.subjects.map((i): Result => ({
      checkId: g.checkId,
      family: families.get(g.checkId) ?? 'custom',
      status: 'pass',
      severity: g.severity,
      ...(g.tenant === undefined ? {} : { tenant: g.tenant }),
      subject: doc.passes.subjects[i],
    })),
  );
  return [...doc.results, ...passes];
}

/** `--format json`: the document of toJsonReport, as described by reports/schema/report.schema.json (`tenantscan schema`). */
export const renderJson: Reporter = (report) => `${JSON.stringify(toJsonReport(report), null, 2)}\n`;

/** Pieces of about this many characters (1 MiB of ASCII). */
const CHUNK = 1 << 20;

/**
 * The same text as renderJson, character for character, in pieces of about `chunk` characters, so
 * that a report of any size can be written: one of a cluster with hundreds of thousands of objects
 * (about 250,000 results and a reachability section of 1,000+ tenants) can exceed the longest
 * string V8 can build (2^29 - 24 characters on 64-bit, https://v8.dev/blog/string-length), which
 * JSON.stringify of the whole report then throws on (`RangeError: Invalid string length`).
 * The report object and its sections are walked, their lists item by item; each item is
 * JSON.stringify'd with the indentation of its depth, so the output equals renderJson's.
 */
export function* renderJsonChunks(report: Report, chunk = CHUNK): Generator<string> {
  yield* jsonChunks(toJsonReport(report), chunk);
}

/**
 * JSON.stringify(value, null, 2) plus a newline, character for character, in pieces of about
 * `chunk` characters (see renderJsonChunks): the serializer of the JSON document, which knows of
 * its shape only that the pairs under a top-level `reachability` share their workload lists.
 */
export function* jsonChunks(value: unknown, chunk = CHUNK): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  const shared: SharedTexts = { seen: new WeakSet(), texts: new WeakMap() };
  for (const part of pieces(value, '', '', 0, shared)) {
    parts.push(part);
    length += part.length;
    if (length >= chunk) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  parts.push('\n');
  yield parts.join('');
}

/** Objects down to this depth and arrays down to the next are walked; deeper values are stringified whole. */
const OBJECT_DEPTH = 1;

/**
 * Lists that many reachability pairs share (a tenant's workloads, in `pods`): their text is made
 * once, on the second sighting (a list seen once is not kept), and reused.
 */
interface SharedTexts {
  seen: WeakSet<object>;
  texts: WeakMap<object, Map<string, string>>;
}

/** Under `reachability`, the levels of each pair (the pair, `pods`, its lists) written member by member. */
const PAIR_LEVELS = 2;

function* pieces(input: unknown, key: string, indent: string, depth: number, shared: SharedTexts, pairs = false): Generator<string> {
  // What JSON.stringify does to a value before writing it: toJSON (a Date, for instance).
  const value =
    input !== null && typeof input === 'object' && typeof (input as { toJSON?: unknown }).toJSON === 'function'
      ? (input as { toJSON: (k: string) => unknown }).toJSON(key)
      : input;
  const inner = `${indent}  `;
  if (Array.isArray(value) && depth <= OBJECT_DEPTH + 1 && value.length > 0) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item = value[i];
      // In a list, what JSON cannot represent becomes null.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else if (pairs && depth === OBJECT_DEPTH + 1) yield memberText(item, inner, PAIR_LEVELS, shared);
      else yield* pieces(item, String(i), inner, depth + 1, shared, pairs);
    }
    yield `\n${indent}]`;
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth <= OBJECT_DEPTH) {
    let first = true;
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      // In an object, such a member is left out.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
      first = false;
      yield* pieces(v, k, inner, depth + 1, shared, pairs || (depth === 0 && k === 'reachability'));
    }
    yield first ? '{}' : `\n${indent}}`;
    return;
  }
  yield indented(value, indent);
}

/**
 * `indented`, written member by member for `levels` levels of plain objects, and with the text of
 * a non-empty list reused when the same list object comes again (see SharedTexts).
 */
function memberText(value: unknown, indent: string, levels: number, shared: SharedTexts): string {
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return indented(value, indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const known = shared.texts.get(value)?.get(indent);
    if (known !== undefined) return known;
    const text = indented(value, indent);
    if (shared.seen.has(value)) {
      let byIndent = shared.texts.get(value);
      if (!byIndent) shared.texts.set(value, (byIndent = new Map()));
      byIndent.set(indent, text);
    } else {
      shared.seen.add(value);
    }
    return text;
  }
  if (levels === 0) return indented(value, indent);
  const inner = `${indent}  `;
  let out = '';
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += `${out ? ',' : '{'}\n${inner}${JSON.stringify(k)}: ${memberText(v, inner, levels - 1, shared)}`;
  }
  return out ? `${out}\n${indent}}` : '{}';
}

/** Wrappers by depth: the text of `[[value]]` minus what the arrays add is the value's text at depth 2. */
const wrappers = new Map<string, { wrap: (v: unknown) => unknown; head: number; tail: number }>();

/**
 * JSON.stringify(value, null, 2) with every line after the first indented by `indent`: stringified
 * inside as many arrays as the depth, so JSON.stringify itself indents it (faster than a replace).
 */
function indented(value: unknown, indent: string): string {
  // A string, number, boolean or null is one line: no indentation to add.
  if (!indent || value === null || typeof value !== 'object') return JSON.stringify(value, null, 2);
  let w = wrappers.get(indent);
  if (!w) {
    const levels = indent.length / 2;
    const wrap = (v: unknown) => {
      let out = v;
      for (let i = 0; i < levels; i++) out = [out];
      return out;
    };
    // `[\n  [\n    ` before and `\n  ]\n]` after, for two levels
    const probe = JSON.stringify(wrap(0), null, 2);
    const at = probe.indexOf('0');
    w = { wrap, head: at, tail: probe.length - at - 1 };
    wrappers.set(indent, w);
  }
  const text = JSON.stringify(w.wrap(value), null, 2);
  return text.slice(w.head, text.length - w.tail);
}
