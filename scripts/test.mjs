#!/usr/bin/env node
// `npm test`: every check CI runs, in order, stopping at the first failure with its exit code.
// The last line is always `N passed, N failed` (mocha's counts summed over the phases that ran tests).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const PHASES = [
  { name: 'build', cmd: npm, args: ['run', 'build'] },
  { name: 'typecheck', cmd: npm, args: ['run', 'typecheck'] },
  { name: 'unit', cmd: process.execPath, args: [join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js')], tests: true },
  { name: 'package', cmd: npm, args: ['run', 'package'] },
  { name: 'integration', cmd: process.execPath, args: [join(ROOT, 'scripts', 'integration.mjs')], tests: true },
  { name: 'e2e', cmd: process.execPath, args: [join(ROOT, 'scripts', 'e2e.mjs')], tests: true },
];

const ANSI = /\x1b\[[0-9;]*m/g;

/** Mocha's own summary ("  12 passing (3s)", "  1 failing", "  2 pending"); the last one printed wins. */
function mochaCounts(output) {
  const text = output.replace(ANSI, '');
  const last = (re) => {
    const all = [...text.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  return {
    passed: last(/^\s*(\d+) passing\b/gm),
    failed: last(/^\s*(\d+) failing\b/gm),
    pending: last(/^\s*(\d+) pending\b/gm),
  };
}

function runPhase(phase) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(phase.cmd, phase.args, { cwd: ROOT, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('error', (e) => {
      output += String(e);
      console.error(e);
    });
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000, output });
    });
  });
}

let passed = 0;
let failed = 0;
let pending = 0;
let exitCode = 0;
const timings = [];
// Forward Ctrl+C to nothing else: children share our process group and get it themselves.
process.on('SIGINT', () => {});

for (const phase of PHASES) {
  console.log(`\n=== ${phase.name}: ${[phase.cmd === process.execPath ? 'node' : phase.cmd, ...phase.args.map((a) => a.replace(`${ROOT}/`, ''))].join(' ')}`);
  const r = await runPhase(phase);
  const counts = phase.tests ? mochaCounts(r.output) : {};
  passed += counts.passed ?? 0;
  failed += counts.failed ?? 0;
  pending += counts.pending ?? 0;
  // A phase that failed without a mocha failure count (build error, crash, harness error) counts as one failure.
  if (r.code !== 0 && !counts.failed) failed += 1;
  timings.push(`${phase.name} ${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`} ${r.seconds.toFixed(1)}s`);
  if (r.code !== 0) {
    exitCode = r.code;
    break;
  }
}

console.log(`\n${timings.join(' | ')}`);
if (pending) console.log(`${pending} pending`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
