#!/usr/bin/env node
// The kubectl plugin: `kubectl tenantscan ARGS` runs this executable (found as `kubectl-tenantscan` on
// PATH) with ARGS, as https://kubernetes.io/docs/tasks/extend-kubectl/kubectl-plugins/ describes.
// kubectl passes its own flags only after the plugin name (`kubectl tenantscan --context prod`), and
// tenantscan reads --kubeconfig, $KUBECONFIG and --context the way kubectl does
// (src/sources/cluster-kubeconfig.ts). Same commands as `tenantscan`; `scan` is the default.
import { guardStandardStreams, main } from '../dist/bundle/main.js';

guardStandardStreams();

process.exitCode = await main(process.argv.slice(2), { scriptName: 'kubectl tenantscan' });
