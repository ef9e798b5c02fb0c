import type { FieldLocator, KubeObject, SourceLocation } from '../model/types.js';
import { ManifestPositions } from './manifest-positions.js';
import type { ParsedObject } from './manifest-text.js';
import { ScopeResolver } from './scope.js';

/**
 * Give namespaced objects the default namespace and drop the namespace the API server ignores on
 * cluster-scoped ones. With `textOf` (the text of each file of the load), each object also gets a
 * field locator (src/sources/manifest-positions.ts).
 */
export function resolveScopes(
  parsed: ParsedObject[],
  defaultNamespace: string,
  textOf?: (file: string) => string | undefined,
): { objects: KubeObject[]; locations: Map<KubeObject, SourceLocation>; fieldLocators: Map<KubeObject, FieldLocator> } {
  const scopes = new ScopeResolver();
  for (const { object } of parsed) if (object.kind === 'CustomResourceDefinition') scopes.learnCrd(object);
  const objects: KubeObject[] = [];
  const locations = new Map<KubeObject, SourceLocation>();
  const fieldLocators = new Map<KubeObject, FieldLocator>();
  const positions = textOf ? new ManifestPositions(textOf) : undefined;
  for (const { object, location, field } of parsed) {
    const namespaced = scopes.isNamespaced(object);
    if (namespaced === true && !object.metadata.namespace) object.metadata.namespace = defaultNamespace;
    if (namespaced === false && object.metadata.namespace) delete object.metadata.namespace;
    objects.push(object);
    locations.set(object, location);
    if (positions) fieldLocators.set(object, positions.locatorFor(location.file, field, location));
  }
  return { objects, locations, fieldLocators };
}
