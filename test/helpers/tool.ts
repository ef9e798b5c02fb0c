/**
 * Whether a suite that needs a tool this machine may lack (Chromium, the SARIF validator, Go and the
 * Kubernetes modules, the test control plane) can run. `missing` says what is missing, or is
 * undefined when nothing is. Without the tool the suite is skipped with a loud warning on stderr,
 * except under CI=true, where this throws: in CI a skipped suite is a failure. The one way every
 * suite that needs an optional tool skips (`describe.runIf(toolAvailable(...))`).
 */
export function toolAvailable(suite: string, missing: string | undefined): boolean {
  if (missing === undefined) return true;
  const message = `${suite} NOT RUN: ${missing}.`;
  if (process.env.CI === 'true') throw new Error(`${message} Under CI=true a skipped suite is a failure.`);
  process.stderr.write(`\n${'!'.repeat(100)}\n!!! ${message}\n${'!'.repeat(100)}\n\n`);
  return false;
}
