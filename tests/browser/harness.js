// What the browser tests (serve_pages.js, report_layout.js) and the load bench (bench/serve_load.js)
// start and stop the same way: Debian's Chromium under Playwright, and `vigie serve` on a free
// loopback port. Only node's own modules at load time: playwright-core is required by loadChromium,
// so the bench (no npm package) can use the server part alone.
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');

// Debian's chromium (tools/setup.sh installs it); VIGIE_CHROMIUM names another.
const CHROMIUM = process.env.VIGIE_CHROMIUM || '/usr/bin/chromium';

// Playwright's chromium launcher; without tests/browser/node_modules, says how to install it and
// exits 1 (`test`: the ctest's name, e.g. browser/serve_pages).
function loadChromium(test) {
  try {
    return require('playwright-core').chromium;
  } catch (e) {
    console.error(`${test}: tests/browser/node_modules is missing (playwright-core).\n` +
                  'Run tools/setup.sh (it runs `npm ci` in tests/browser), then run the test again.');
    process.exit(1);
  }
}

// Throws when the browser itself is not installed (before any work, so the message comes first).
function requireChromiumBinary() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run tools/setup.sh (it installs chromium)`);
}

// Launches CHROMIUM headless with Playwright's `options` (e.g. { args: ['--lang=fr-FR'] }).
function launchChromium(chromium, options = {}) {
  return chromium.launch({ executablePath: CHROMIUM, ...options });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// `vigie serve --store vigie.db contracts.vigie` in `work`, with `env`, on a free loopback port;
// resolves { child, port, base } once it prints its address (`extraArgs`: more options of vigie serve). A port taken between the look-up and
// the start (V5063) is tried again with another.
async function startServer(bin, work, env, extraArgs = []) {
  for (let attempt = 0; attempt < 5; ++attempt) {
    const port = await freePort();
    const child = spawn(bin, ['serve', '--store', 'vigie.db', '--listen', `127.0.0.1:${port}`, ...extraArgs, 'contracts.vigie'],
                        { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const started = await new Promise((resolve) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes(`http://127.0.0.1:${port}/`)) resolve(true);
      });
      child.on('exit', () => resolve(false));
    });
    if (started) return { child, port, base: `http://127.0.0.1:${port}` };
    if (!stderr.includes('V5063')) throw new Error(`vigie serve did not start:\n${stderr}`);
  }
  throw new Error('no free loopback port for vigie serve');
}

// SIGTERM (SIGKILL after 10 s); resolves the server's exit code.
function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

// Runs the script's `main`; a failure prints its stack and exits 1.
function runMain(main) {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
}

module.exports = { CHROMIUM, loadChromium, requireChromiumBinary, launchChromium, startServer, stopServer, runMain };
