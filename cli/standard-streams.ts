import { terminalSafe } from '../reports/terminal-text.js';
import { EXIT } from './exit-codes.js';

/**
 * Ends the process cleanly when stdout or stderr cannot be written, instead of an uncaught error
 * with a stack trace (for the executables in bin/). A reader that stops early (`tenantscan scan |
 * head`) closes the pipe (EPIPE): no error of ours, the exit code stays. Any other failure, such as
 * a full disk (ENOSPC) or a device error (EIO), loses the report: one line on stderr, exit 2, as for
 * a report file that cannot be written.
 */
export function guardStandardStreams(): void {
  for (const [stream, name] of [
    [process.stdout, 'stdout'],
    [process.stderr, 'stderr'],
  ] as const) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
      if (name === 'stdout' && !process.stderr.destroyed)
        process.stderr.write(`tenantscan: cannot write to stdout: ${terminalSafe(err.message)}. The report was not written completely.\n`);
      process.exit(EXIT.USAGE);
    });
  }
}
