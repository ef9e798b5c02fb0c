/** Capsule marks tenant namespaces with this label (set by its namespace webhook). */
export const CAPSULE_TENANT_LABEL = 'capsule.clastix.io/tenant';
/** The same tenant label under Capsule's newer domain (projectcapsule.dev), also found on the objects it copies. */
export const PROJECTCAPSULE_TENANT_LABEL = 'projectcapsule.dev/tenant';
/** kiosk marks each Space's namespace with its Account. */
export const KIOSK_ACCOUNT_LABEL = 'kiosk.sh/account';
/** HNC writes one `<ancestor>.tree.hnc.x-k8s.io/depth` label per ancestor, itself included (depth 0). */
export const HNC_DEPTH_SUFFIX = '.tree.hnc.x-k8s.io/depth';
