/**
 * Message templates: `{{name}}` placeholders (ESLint's syntax, `name` a word, spaces allowed inside
 * the braces), filled from a finding's `data`.
 */

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The placeholder names of a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * What is wrong with a template's placeholder syntax, or undefined when nothing is: a `{{` or `}}`
 * that is not part of a `{{name}}` placeholder (`{{ }}`, `{{a b}}`, `{{name}`) is rejected.
 */
export function templateProblem(template: string): string | undefined {
  const rest = template.replace(PLACEHOLDER, '');
  const stray = /\{\{[^}]*\}?\}?|\}\}/.exec(rest);
  return stray ? `malformed placeholder "${stray[0]}" (write {{name}})` : undefined;
}

/** The placeholders of a template that `data` does not fill. */
export function missingPlaceholders(template: string, data: Record<string, unknown> = {}): string[] {
  return placeholdersOf(template).filter((name) => !Object.hasOwn(data, name) || data[name] === undefined || data[name] === null);
}

/** Fill `{{name}}` placeholders. Placeholders without data are left as written (the runner rejects those first). */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
