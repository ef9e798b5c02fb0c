// Preloaded into the measured tenantscan process (node --import): writes its peak resident memory
// (maxRSS, MB) to the file named by TENANTSCAN_BENCH_RSS_FILE when the process exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.TENANTSCAN_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS / 1024));
});
