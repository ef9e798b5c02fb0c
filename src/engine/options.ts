import type { AnyCheck, Profile } from './check.js';

/**
 * The options a check runs with under a profile: its defaults, then its defaults for that profile,
 * then `configured` (`checkOptions.<check-id>` from the config file, validated by
 * src/config/check-options.ts), merged shallowly (an option given replaces the default whole). Frozen.
 * A check without options gets an empty object.
 */
export function resolveCheckOptions(check: Pick<AnyCheck, 'options'>, profile: Profile, configured: Record<string, unknown> = {}): object {
  const spec = check.options;
  return Object.freeze({ ...spec?.defaults, ...spec?.byProfile?.[profile], ...configured });
}
