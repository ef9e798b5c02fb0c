// Preloaded into the measured tenantscan process (node --import): writes its peak resident memory
// (maxRSS, MB) and the CPU time it used (user + system, ms) as JSON to the file named by
// TENANTSCAN_BENCH_RSS_FILE when the process exits. CPU time is what a loaded machine distorts least.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.TENANTSCAN_BENCH_RSS_FILE;
  if (!file) return;
  const usage = process.resourceUsage();
  writeFileSync(file, JSON.stringify({ maxRssMb: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
});
