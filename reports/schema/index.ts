import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Path of the JSON report's schema (JSON Schema draft-07), as published with the package. */
export const REPORT_SCHEMA_PATH = join(PACKAGE_ROOT, 'reports', 'schema', 'report.schema.json');

export function reportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}

/** Validate a report object against the schema; returns the ajv errors (empty when valid). */
export function validateReport(report: unknown): ErrorObject[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(reportSchema());
  return validate(report) ? [] : [...(validate.errors ?? [])];
}
