import { describe, expect, it } from 'vitest';
import { enforcePolicyOf, enforcesRestrictedRule } from '../../../src/k8s/podsecurity/index.js';

const policy = (labels: Record<string, string>) => enforcePolicyOf(labels);
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const VERSION = 'pod-security.kubernetes.io/enforce-version';

describe('restricted rules by enforce level and version', () => {
  it('applies only under restricted (an unparsable level counts as restricted)', () => {
    expect(enforcesRestrictedRule(policy({}), 'seccompProfile')).toBe(false);
    expect(enforcesRestrictedRule(policy({ [ENFORCE]: 'baseline' }), 'seccompProfile')).toBe(false);
    expect(enforcesRestrictedRule(policy({ [ENFORCE]: 'restricted' }), 'capabilities')).toBe(true);
    expect(enforcesRestrictedRule(policy({ [ENFORCE]: 'Restricted' }), 'capabilities')).toBe(true);
  });

  it('applies each rule from the version that introduced it; latest and unparsable versions apply all', () => {
    const at = (version: string) => policy({ [ENFORCE]: 'restricted', [VERSION]: version });
    expect(enforcesRestrictedRule(at('v1.18'), 'seccompProfile')).toBe(false);
    expect(enforcesRestrictedRule(at('v1.19'), 'seccompProfile')).toBe(true);
    expect(enforcesRestrictedRule(at('v1.21'), 'capabilities')).toBe(false);
    expect(enforcesRestrictedRule(at('v1.22'), 'capabilities')).toBe(true);
    expect(enforcesRestrictedRule(at('latest'), 'capabilities')).toBe(true);
    expect(enforcesRestrictedRule(at('1.21'), 'capabilities')).toBe(true);
  });
});
