import { describe, expect, it } from 'vitest';
import { breakPoints } from '../../reports/word-breaks.js';

describe('breakPoints: where an identifier without spaces may wrap in an HTML table', () => {
  it('cuts after punctuation that is followed by a letter or digit, never inside a word', () => {
    expect(breakPoints('ClusterRoleBinding.rbac.authorization.k8s.io initech/runner')).toEqual([
      'ClusterRoleBinding.',
      'rbac.',
      'authorization.',
      'k8s.',
      'io initech/',
      'runner',
    ]);
    expect(breakPoints('examples/shared-cluster/a.yaml:36:5')).toEqual(['examples/', 'shared-', 'cluster/', 'a.', 'yaml:', '36:', '5']);
    expect(breakPoints('/spec/containers/0')).toEqual(['/', 'spec/', 'containers/', '0']);
  });

  it('keeps text without such a point whole, and every text unchanged when joined back', () => {
    expect(breakPoints('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
    expect(breakPoints('')).toEqual(['']);
    for (const text of ['Deployment.apps café/naïve-ü.x', '<script>a.b</script>', '..//a', 'x-'])
      expect(breakPoints(text).join('')).toBe(text);
  });
});
