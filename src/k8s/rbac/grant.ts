import { refOf } from '../../model/types.js';
import type { BoundSubject, Grant, ResolvedRole } from './types.js';

/** One rule of a role, granted to a binding subject (directly, or `via` an implicit group). */
export function grantOf(bound: BoundSubject, via: string, role: ResolvedRole, rule: Grant['rule']): Grant {
  const grant: Grant = {
    binding: refOf(bound.binding),
    bindingObject: bound.binding,
    subjectIndex: bound.index,
    subject: bound.subject,
    via,
    role: role.ref,
    roleFound: role.found,
    rule,
  };
  if (bound.binding.metadata.namespace !== undefined) grant.namespace = bound.binding.metadata.namespace;
  return grant;
}
