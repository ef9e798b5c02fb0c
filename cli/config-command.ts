import yaml from 'js-yaml';
import type { EffectiveSettings } from '../src/config/effective.js';

/** `tenantscan config --print`: the effective configuration, as YAML a config file could hold. */
export function printConfig(settings: EffectiveSettings): string {
  const { configFile, ...rest } = settings;
  const header = configFile ? `# from ${configFile}, defaults and flags\n` : '# no .tenantscan.yaml found: defaults and flags\n';
  return header + yaml.dump(rest, { noRefs: true, lineWidth: 120 });
}
