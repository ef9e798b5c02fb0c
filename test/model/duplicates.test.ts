import { describe, expect, it } from 'vitest';
import { ResourceIndex } from '../../src/model/index.js';
import { parseManifestText, resolveScopes } from '../../src/sources/manifests.js';
import { TenantModel } from '../../src/tenancy/model.js';

function indexOf(files: Record<string, string>): ResourceIndex {
  const parsed = Object.entries(files).flatMap(([file, text]) => parseManifestText(text, file).objects);
  return new ResourceIndex({ ...resolveScopes(parsed, 'default'), source: { type: 'manifests', files: Object.keys(files) } });
}

describe('an object defined twice in the input', () => {
  const pod = (privileged: boolean) =>
    `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: team-d }\nspec: { containers: [{ name: c, image: nginx, securityContext: { privileged: ${privileged} } }] }\n`;

  it('keeps both copies for the checks, warns with both places, and looks up the later one by name', () => {
    const index = indexOf({ 'base/pod.yaml': pod(false), 'prod/pod.yaml': pod(true) });
    expect(index.ofKind('Pod')).toHaveLength(2);
    expect(index.podTemplates().map((t) => t.spec.containers[0].securityContext.privileged)).toEqual([false, true]);
    expect(index.get('Pod', 'team-d', 'p')?.spec.containers[0].securityContext.privileged).toBe(true);
    expect(index.loadErrors).toEqual([
      {
        file: 'prod/pod.yaml',
        line: 1,
        level: 'warning',
        message: 'Pod team-d/p is also defined at base/pod.yaml:1: both copies are checked',
      },
    ]);
  });

  it('counts a Namespace defined twice once in its tenant', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: team-d }\n';
    const index = indexOf({ 'a.yaml': ns, 'b.yaml': ns });
    expect(new TenantModel(index).tenants).toEqual([expect.objectContaining({ name: 'team-d', namespaces: ['team-d'] })]);
  });
});
