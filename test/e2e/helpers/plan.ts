import { join } from 'node:path';
import { builtinChecks } from '../../../checks/index.js';
import { scanReadPlan } from '../../../src/engine/read-plan.js';
import { K } from '../../../src/model/kinds.js';

/** A --checks-dir whose one check reads ServiceAccounts, the kind the pagination tests seed by the hundred. */
export const SERVICE_ACCOUNT_CHECKS = join(import.meta.dirname, '..', 'fixtures', 'service-account-checks');

/** The built-in checks' read plan, plus ServiceAccounts (as SERVICE_ACCOUNT_CHECKS adds them to a CLI scan). */
export const E2E_PLAN = scanReadPlan(builtinChecks, [{ kinds: [K.ServiceAccount] }]);
