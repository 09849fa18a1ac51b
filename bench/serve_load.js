#!/usr/bin/env node
// Load benchmark of `vigie serve` (bench/README.md, "vigie serve under load"): N establishments at
// once, each uploading its values and reading its verdicts in a loop for S seconds, against a
// server this script starts on a free loopback port and stops at the end. Not a test: it prints
// the figures and the goal (p95 < 200 ms, no write lost) and exits 1 only when a write was lost or
// a request failed.
//
// usage: node bench/serve_load.js VIGIE [--seconds 60] [--establishments 50] [--work DIR] [--read-connections N]
//
// Each establishment has its own contract (one commitment: ambu >= 60 %, tolerance 2 pts, 2025),
// its own user, and loops: POST /api/entities/{id}/values (a CSV of one value, different from the
// one before, so that every acknowledged write stores exactly one value), then
// GET /api/entities/{id}/verdicts. After the server has stopped, the store is read back with
// `vigie store history FINESS ambu --format json`, one establishment at a time (a few hundred
// versions each, however long the run): its versions of `ambu` (current and superseded) must be the
// values the server acknowledged (200), in order, one per declaration of the establishment's user.
//
// Only node's own modules: no npm package, no browser. Every connection is closed after its request
// (see bench/README.md: httplib keeps one thread per kept-alive connection).
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
// The server's start and stop, shared with the browser tests (only node's own modules at load).
const { startServer, stopServer, runMain } = require('../tests/browser/harness');

const PASSWORD = 'mot de passe du banc de charge';

function parseArgs(argv) {
  const options = { seconds: 60, establishments: 50, work: path.join(os.tmpdir(), `vigie_serve_load_${process.pid}`) };
  const rest = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--seconds') options.seconds = Number(argv[++i]);
    else if (argv[i] === '--establishments') options.establishments = Number(argv[++i]);
    else if (argv[i] === '--work') options.work = path.resolve(argv[++i]);
    else if (argv[i] === '--read-connections') options.readConnections = argv[++i];
    else rest.push(argv[i]);
  }
  if (rest.length !== 1 || !(options.seconds > 0) || !(options.establishments >= 1)) {
    throw new Error('usage: node bench/serve_load.js VIGIE [--seconds 60] [--establishments 50] [--work DIR] [--read-connections N]');
  }
  options.vigie = path.resolve(rest[0]);
  return options;
}

// A FINESS number of the Ardennes (08) whose check digit is right (Luhn, docs/decisions/finess.md).
function finess(n) {
  const body = '08' + String(900000 + n).padStart(6, '0');
  let sum = 0;
  for (let i = 0; i < 8; ++i) {
    let d = Number(body[7 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function writeFixture(work, entities) {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(work, 'catalog.vigie'),
                   'indicator ambu "Taux de chirurgie ambulatoire" { unit percent  better higher  range 0..100 }\n');
  let contracts = 'import "catalog.vigie"\n';
  for (const id of entities) {
    contracts += `contract cpom_${id} { period 2025  parties ${id}\n` +
                 '  commitment ambu60 { indicator ambu  target 60 %  tolerance 2 pts }\n' +
                 '  payment part = 15000 € * score\n}\n';
  }
  fs.writeFileSync(path.join(work, 'contracts.vigie'), contracts);
  fs.writeFileSync(path.join(work, 'etablissements.csv'),
                   'finess;rs\n' + entities.map((id, k) => `${id};ETABLISSEMENT ${k + 1}\n`).join(''));
}

const ENV = { ...process.env, LANG: 'C.UTF-8' };

// execFileSync keeps at most `maxBuffer` bytes of output (1 MiB by default) and fails past it: a
// store's history is read one establishment at a time, and the bound is far above any of them.
function vigie(options, args, input) {
  return execFileSync(options.vigie, args, { cwd: options.work, input, env: ENV, stdio: ['pipe', 'pipe', 'inherit'],
                                             maxBuffer: 256 * 1024 * 1024 }).toString();
}

// One request on a fresh connection; resolves { status, body, ms }.
function request(port, method, pathName, headers, body) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, method, path: pathName, agent: false,
                               headers: { Connection: 'close', ...headers, ...(body ? { 'Content-Length': Buffer.byteLength(body) } : {}) } },
                             (res) => {
                               const chunks = [];
                               res.on('data', (c) => chunks.push(c));
                               res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(),
                                                             ms: Number(process.hrtime.bigint() - start) / 1e6 }));
                             });
    req.on('error', (e) => resolve({ status: 0, body: String(e), ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    if (body) req.write(body);
    req.end();
  });
}

async function signIn(port, login) {
  const answer = await request(port, 'POST', '/api/session', { 'Content-Type': 'application/json' },
                               JSON.stringify({ login, password: PASSWORD }));
  if (answer.status !== 200) throw new Error(`sign-in of ${login}: ${answer.status} ${answer.body}`);
  const cookie = String(answer.headers['set-cookie']).split(';')[0];
  return { cookie, csrf: JSON.parse(answer.body).csrf_token };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// One establishment's loop until `deadline`: write a value, read the verdicts.
async function establishment(port, id, session, deadline, stats) {
  let k = 0;
  while (Date.now() < deadline) {
    // 50,0, 50,1, ... 99,9, then again: never the value just written (an unchanged value stores
    // nothing). A decimal comma, as in a French CSV separated by semicolons.
    const value = ((500 + (k % 500)) / 10).toFixed(1).replace('.', ',');
    ++k;
    const write = await request(port, 'POST', `/api/entities/${id}/values`,
                                { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': 'text/csv' },
                                `finess;indicateur;periode;valeur\n${id};ambu;2025;${value}\n`);
    stats.latencies.write.push(write.ms);
    if (write.status === 200 && JSON.parse(write.body).values_stored === 1) {
      if (!stats.acknowledged.has(id)) stats.acknowledged.set(id, []);
      stats.acknowledged.get(id).push(Number(value.replace(',', '.')));
    } else {
      stats.failures.push(`POST values ${id}: ${write.status} ${write.body.slice(0, 200)}`);
    }
    const read = await request(port, 'GET', `/api/entities/${id}/verdicts?as_of=2026-06-30`, { Cookie: session.cookie });
    stats.latencies.read.push(read.ms);
    if (read.status !== 200) stats.failures.push(`GET verdicts ${id}: ${read.status} ${read.body.slice(0, 200)}`);
  }
}

function summary(name, latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (x) => x.toFixed(1).padStart(7);
  return `${name.padEnd(16)} ${String(sorted.length).padStart(7)}  p50 ${f(percentile(sorted, 50))} ms  ` +
         `p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted[sorted.length - 1] || NaN)} ms`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const entities = Array.from({ length: options.establishments }, (_, k) => finess(k + 1));
  console.log(`vigie serve load: ${entities.length} establishments, ${options.seconds} s, loopback, work folder ${options.work}`);
  writeFixture(options.work, entities);
  vigie(options, ['import', '--store', 'vigie.db', '--catalog', 'catalog.vigie', '--format', 'entities', '--period', '2025',
                  'etablissements.csv']);
  for (const id of entities) {
    vigie(options, ['user', 'add', `etab.${id}`, '--role', 'establishment', '--entity', id, '--store', 'vigie.db', '--by', 'bench'],
          PASSWORD + '\n');
  }
  const extra = options.readConnections === undefined ? [] : ['--read-connections', options.readConnections];
  const { child, port } = await startServer(options.vigie, options.work, ENV, extra);
  const stats = { latencies: { write: [], read: [] }, acknowledged: new Map(), failures: [] };
  let exitCode = 1;
  try {
    // Sign-ins one after the other (each is an Argon2id check of 64 MiB): before the clock starts.
    const sessions = [];
    for (const id of entities) sessions.push(await signIn(port, `etab.${id}`));
    const start = Date.now();
    const deadline = start + options.seconds * 1000;
    await Promise.all(entities.map((id, k) => establishment(port, id, sessions[k], deadline, stats)));
    const elapsed = (Date.now() - start) / 1000;
    const all = [...stats.latencies.write, ...stats.latencies.read];
    console.log(`requests         ${all.length} in ${elapsed.toFixed(1)} s (${(all.length / elapsed).toFixed(1)} per second)`);
    console.log(summary('writes (POST)', stats.latencies.write));
    console.log(summary('reads (GET)', stats.latencies.read));
    console.log(summary('all', all));
    const p95 = percentile([...all].sort((a, b) => a - b), 95);
    console.log(`goal p95 < 200 ms: ${p95 < 200 ? 'met' : 'NOT met'} (${p95.toFixed(1)} ms)`);
    exitCode = 0;
  } finally {
    const code = await stopServer(child);
    if (code !== 0) {
      console.log(`vigie serve exited with ${code}`);
      exitCode = 1;
    }
  }

  // Every acknowledged write is in the store, in order, and nothing else: read once the server has
  // stopped, one establishment at a time.
  let acknowledged = 0;
  let versions = 0;
  let lost = 0;
  for (const id of entities) {
    const want = stats.acknowledged.get(id) || [];
    const history = JSON.parse(vigie(options, ['store', 'history', id, 'ambu', '--store', 'vigie.db', '--format', 'json']));
    const got = history.versions;
    acknowledged += want.length;
    versions += got.length;
    // A web declaration is an import of values by the establishment's user, one import per write.
    const strangers = got.filter((version) => version.imported_by !== `etab.${id}`);
    const imports = new Set(got.map((version) => version.import));
    const same = got.length === want.length && got.every((version, k) => version.value === want[k]);
    if (!same || strangers.length > 0 || imports.size !== got.length) {
      ++lost;
      const first = got.findIndex((version, k) => version.value !== want[k]);
      stats.failures.push(`${id}: ${want.length} writes acknowledged, ${got.length} versions in the store ` +
                          `(${imports.size} imports, ${strangers.length} not by etab.${id}` +
                          (first >= 0 ? `, first difference at write ${first + 1}` : '') + ')');
    }
  }
  console.log(`writes           ${acknowledged} acknowledged; ${versions} versions of the values in the store`);
  console.log(`goal no write lost: ${lost === 0 && versions === acknowledged ? 'met' : 'NOT met'}`);
  for (const failure of stats.failures.slice(0, 20)) console.log(`  ${failure}`);
  if (stats.failures.length > 20) console.log(`  ... and ${stats.failures.length - 20} more`);
  process.exit(stats.failures.length === 0 ? exitCode : 1);
}

runMain(main);
