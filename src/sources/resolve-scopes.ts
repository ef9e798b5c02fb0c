import type { KubeObject, SourceLocation } from '../model/types.js';
import type { ParsedObject } from './manifest-text.js';
import { ScopeResolver } from './scope.js';

/** Give namespaced objects the default namespace and drop the namespace the API server ignores on cluster-scoped ones. */
export function resolveScopes(
  parsed: ParsedObject[],
  defaultNamespace: string,
): { objects: KubeObject[]; locations: Map<KubeObject, SourceLocation> } {
  const scopes = new ScopeResolver();
  for (const { object } of parsed) if (object.kind === 'CustomResourceDefinition') scopes.learnCrd(object);
  const objects: KubeObject[] = [];
  const locations = new Map<KubeObject, SourceLocation>();
  for (const { object, location } of parsed) {
    const namespaced = scopes.isNamespaced(object);
    if (namespaced === true && !object.metadata.namespace) object.metadata.namespace = defaultNamespace;
    if (namespaced === false && object.metadata.namespace) delete object.metadata.namespace;
    objects.push(object);
    locations.set(object, location);
  }
  return { objects, locations };
}
