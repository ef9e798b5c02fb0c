/**
 * RuntimeClass handlers that run pods in a sandbox: gVisor (`runsc`, and `gvisor` as GKE Sandbox names
 * it) and Kata Containers (`kata`, `kata-qemu`, `kata-clh`, `kata-fc`, ...). Globs; configurable with
 * `sandboxHandlers` in the config file. Sources: https://gvisor.dev/docs/user_guide/containerd/quick_start/,
 * https://github.com/kata-containers/kata-containers/blob/main/docs/how-to/run-kata-with-k8s.md
 */
export const DEFAULT_SANDBOX_HANDLERS: readonly string[] = ['runsc', 'gvisor', 'kata', 'kata-*'];
