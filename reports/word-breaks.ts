/**
 * Break opportunities for identifiers that hold no space: `ClusterRoleBinding.rbac.authorization.k8s.io`,
 * `examples/shared-cluster/tenants/acme/web.yaml:12:7`, `/spec/template/spec/containers/0`. The text
 * is cut after each run of punctuation that is followed by a letter or digit, so a narrow table
 * column can wrap it between its parts (the HTML template joins the pieces with `<wbr>`) instead of
 * inside a word: `ClusterRoleBinding.` `rbac.` `authorization.` `k8s.` `io`.
 *
 * Joined back, the pieces are the text unchanged. Text that has no such point is one piece (the
 * stylesheet's `overflow-wrap` still breaks a token wider than its column, as a last resort).
 */
export function breakPoints(text: string): string[] {
  return text.split(/(?<=[^\p{L}\p{N}\s])(?=[\p{L}\p{N}])/u);
}
