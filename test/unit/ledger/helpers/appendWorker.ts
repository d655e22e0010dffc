// Child process for the multi-process test: appends `count` records and prints each id once append returned.
import { Ledger } from '../../../../src/core/ledger/ledgerFile';
import { generateLedger } from '../../../support/ledgerGen';

async function main(): Promise<void> {
  const [file, count, tag, maxSize] = process.argv.slice(2);
  const ledger = new Ledger({ path: file, maxSizeBytes: Number(maxSize), staleLockMs: 2000 });
  const { records } = generateLedger(Number(count), tag.length * 7919);
  for (let i = 0; i < records.length; i++) {
    const record = { ...records[i], id: `${tag}-${i}` };
    await ledger.append(record);
    // stdout to a pipe is synchronous on POSIX, so a printed id was durable before the parent could see it.
    process.stdout.write(`${record.id}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
