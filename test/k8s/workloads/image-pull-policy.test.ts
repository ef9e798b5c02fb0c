import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, parseImageReference, pullPolicyOf } from '../../../src/k8s/workloads/index.js';

describe('image pull policy defaulting (SetDefaults_Container)', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['docker.io/library/nginx', 'Always'],
    ['registry.example:5000/team/app', 'Always'],
    ['registry.example:5000/team/app:latest', 'Always'],
    ['nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.example:5000/team/app:2.0', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['nginx:Latest', 'IfNotPresent'],
  ])('%s defaults to %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('splits the tag from a registry port', () => {
    expect(parseImageReference('registry.example:5000/team/app')).toEqual({ tag: undefined, digest: undefined });
    expect(parseImageReference('registry.example:5000/team/app:2.0@sha256:ab')).toEqual({ tag: '2.0', digest: 'sha256:ab' });
  });

  it('keeps a written policy, defaults an unset or unknown one, and skips a container without an image', () => {
    expect(pullPolicyOf({ image: 'nginx', imagePullPolicy: 'IfNotPresent' })).toEqual({ policy: 'IfNotPresent', defaulted: false });
    expect(pullPolicyOf({ image: 'nginx:1.27', imagePullPolicy: 'Always' })).toEqual({ policy: 'Always', defaulted: false });
    expect(pullPolicyOf({ image: 'nginx:1.27', imagePullPolicy: '' })).toEqual({ policy: 'IfNotPresent', defaulted: true });
    expect(pullPolicyOf({ image: 'nginx' })).toEqual({ policy: 'Always', defaulted: true });
    expect(pullPolicyOf({ name: 'sidecar' })).toBeUndefined();
  });
});
