#!/usr/bin/env node
// CLI for the mock TIXY server. Prints one JSON line (the same as GET /config on the control
// server) once all servers listen, then runs until SIGTERM/SIGINT. Harnesses for other
// runtimes read that line from stdout; everything else goes to stderr.
//
//   node mock-tixy/cli.mjs [--events N] [--tours N] [--host 127.0.0.1] [--seed S]
//        [--public-port P] [--private-port Q] [--control-port C] [--redirect-port R]
//        [--public-token T] [--private-token T] [--no-log]
//        [--quirks no-ids,null-lists,numeric-prices,consent-tour-clients]
//        [--wrong-kind-status 401|403] [--no-cors]
//
//   --quirks, --wrong-kind-status, --no-cors: the modes of server.mjs (answers the real API
//             may give; also settable at run time with POST /modes on the control server)
//   --no-log  keep no request log (GET /log reads nothing): for benchmarks, whose
//             hundreds of thousands of requests would otherwise grow the mock's heap

import { parseArgs } from 'node:util';
import { startMock } from './server.mjs';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    tours: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'public-port': { type: 'string' },
    'private-port': { type: 'string' },
    'control-port': { type: 'string' },
    'redirect-port': { type: 'string' },
    seed: { type: 'string' },
    'public-token': { type: 'string' },
    'private-token': { type: 'string' },
    'no-log': { type: 'boolean', default: false },
    quirks: { type: 'string' },
    'wrong-kind-status': { type: 'string' },
    'no-cors': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stderr.write('usage: node mock-tixy/cli.mjs [--events N] [--tours N] [--host H] [--seed S]\n'
    + '  [--public-port P] [--private-port Q] [--control-port C] [--redirect-port R]\n'
    + '  [--public-token T] [--private-token T] [--no-log]\n'
    + '  [--quirks no-ids,null-lists,numeric-prices,consent-tour-clients] [--wrong-kind-status 401|403] [--no-cors]\n');
  process.exit(0);
}

/** Non-negative integer flag, or undefined when absent; exits with a message otherwise. */
function int(name) {
  const v = values[name];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) {
    process.stderr.write(`mock-tixy: --${name} must be a non-negative integer, got ${JSON.stringify(v)}\n`);
    process.exit(2);
  }
  return Number(v);
}

const ports = { 'public-port': int('public-port'), 'private-port': int('private-port'), 'control-port': int('control-port'), 'redirect-port': int('redirect-port') };
let mock;
try {
  mock = await startMock({
    events: int('events'),
    tours: int('tours'),
    seed: int('seed'),
    host: values.host,
    publicPort: ports['public-port'],
    privatePort: ports['private-port'],
    controlPort: ports['control-port'],
    redirectTargetPort: ports['redirect-port'],
    publicToken: values['public-token'],
    privateToken: values['private-token'],
    log: !values['no-log'],
    modes: {
      ...(values.quirks !== undefined && { quirks: values.quirks.split(',').filter(Boolean) }),
      ...(values['wrong-kind-status'] !== undefined && { wrongKindStatus: int('wrong-kind-status') }),
      ...(values['no-cors'] && { cors: false }),
    },
  });
} catch (err) {
  // A busy port is a plain situation, not a crash: one line, no stack.
  if (err?.code !== 'EADDRINUSE') {
    process.stderr.write(`mock-tixy: ${err?.message ?? err}\n`);
    process.exit(2);
  }
  const flag = Object.keys(ports).find((k) => ports[k] === err.port);
  process.stderr.write(`mock-tixy: port ${err.port} on ${err.address ?? values.host} is busy; pass another --${flag ?? 'public-port'} (0 picks a free one)\n`);
  process.exit(1);
}

const { publicUrl, privateUrl, controlUrl, redirectTargetUrl, tokens } = mock;
process.stdout.write(`${JSON.stringify({ publicUrl, privateUrl, controlUrl, redirectTargetUrl, tokens })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await mock.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
