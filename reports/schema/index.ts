import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Path of the JSON report's schema (JSON Schema draft-07), as published with the package. */
export const REPORT_SCHEMA_PATH = join(PACKAGE_ROOT, 'reports', 'schema', 'report.schema.json');
/** Path of the fleet report's schema, which refers to the report schema by its `$id` for each cluster. */
export const FLEET_SCHEMA_PATH = join(PACKAGE_ROOT, 'reports', 'schema', 'fleet.schema.json');

export function reportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}

export function fleetSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(FLEET_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}

let validators: { report: ValidateFunction; fleet: ValidateFunction } | undefined;

/** Both schemas compiled once: the fleet schema resolves the report schema's `$id`. */
function compiled(): { report: ValidateFunction; fleet: ValidateFunction } {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema(reportSchema());
  const report = ajv.getSchema(reportSchema().$id as string)!;
  validators = { report, fleet: ajv.compile(fleetSchema()) };
  return validators;
}

/** Validate a report object against the schema; returns the ajv errors (empty when valid). */
export function validateReport(report: unknown): ErrorObject[] {
  const { report: validate } = compiled();
  return validate(report) ? [] : [...(validate.errors ?? [])];
}

/** Validate a fleet report object (`kind: FleetReport`) against the fleet schema; returns the ajv errors (empty when valid). */
export function validateFleet(fleet: unknown): ErrorObject[] {
  const { fleet: validate } = compiled();
  return validate(fleet) ? [] : [...(validate.errors ?? [])];
}
