#!/usr/bin/env node
// ctest browser/report_layout: the HTML report as a reader sees it, in Debian's headless Chromium
// driven by Playwright (playwright-core: no browser of its own, /usr/bin/chromium is launched).
//
// It runs vigie on the golden case tests/golden/report/all_verdicts (the fixture of ctest
// pdf/report), opens out/report.html and checks
//   - on screen: the contract's summary is there and comes first (the latest year, the score, the
//     payment against the maximum, the establishment x commitment matrix, one cell per pair with
//     its verdict class);
//   - printed (print media, a viewport as wide as an A4 page's text): every column of the evidence
//     table lies inside the page, the full SHA-256 hashes are visible text, the summary ends its
//     page; a PNG of the printed page has the page's width and the document's height;
//   - then the same run in pages (--html-pages) and 080000037's page: its grids (a row per item, a
//     column per year, each verdict's cell with its class, mark and title), and printed, every
//     cell of its grids and of its values read inside the page; each row's head links to its
//     item's row in the summary, which gives the item's targets and weight.
// Every expected number is computed by hand from the case's files below; a change of the report
// that moves one makes the test fail.
//
// usage: node report_layout.js VIGIE CASE_DIR WORK_DIR   (exit 0: passed; 1: failed)
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { loadChromium, requireChromiumBinary, launchChromium, runMain } = require('./harness');

const chromium = loadChromium('browser/report_layout');

// An A4 page is 210 mm wide; the report's @page rule keeps 12 mm margins left and right, so the
// text is 186 mm wide: 186 / 25.4 * 96 = 702.99 CSS pixels. Chromium lays a printed page out at
// that width; the viewport is set to it (whole pixels, rounded down so that nothing may overflow).
const PAGE_WIDTH = Math.floor((186 / 25.4) * 96);  // 702
const A4_HEIGHT = Math.floor((297 / 25.4) * 96);   // 1122

// The case's data, by hand (tests/golden/report/all_verdicts: contrat.vigie, valeurs.csv,
// etablissements.csv, ght.csv; run as of 2021-06-30, so 2021 is pending and 2020 is the latest
// assessed year, 2019 the year before):
//   ambu (weight 2, 2020: >= 55 %, tolerance 2 pts, for each member where cat = "CH"):
//     010007300 is cat CLI -> not applicable; 080000037 is waived for 2020; 080000615 61.5 >= 55
//     -> met; 080001969 54 in [53, 55[ -> partially met.
//   marge (weight 1, >= 1 %, resultat / produits, for 080000037 and 080000615 only):
//     080000037 -50000 / 10000000 = -0.5 % -> not met; 080000615 30000 / 2000000 = 1.5 % -> met;
//     the other two members have no cell (—).
//   socle (weight 1, all of [ambu, pmp]; pmp is due 2019-06-30 for 080000037 and 080000615 and
//     is not met for both: late evidence, no evidence): 010007300 none applies -> not applicable;
//     080000037 and 080000615 -> not met; 080001969 (pmp does not apply) ambu partially met ->
//     partially met.
//   pmp has its verdicts in 2019 only: no column in the 2020 matrix.
const MATRIX = {
  '010007300': { ambu: 'not_applicable', marge: null, socle: 'not_applicable' },
  '080000037': { ambu: 'waived', marge: 'not_met', socle: 'not_met' },
  '080000615': { ambu: 'met', marge: 'met', socle: 'not_met' },
  '080001969': { ambu: 'partially_met', marge: null, socle: 'partially_met' },
};
const ITEMS = ['ambu', 'marge', 'socle'];
// Score 2020 (weighted mean of each item's mean over its scored verdicts; the waived one is not
// scored): (2 × (1 + 0.5) / 2 + 1 × (0 + 1) / 2 + 1 × (0 + 0 + 0.5) / 3) / (2 + 1 + 1)
//   = (1.5 + 0.5 + 0.1667) / 4 = 13/24 = 0.5417 (4 decimals).
// Score 2019 = 0.4 (the run prints it), so the change is +0.1417.
// Payment total 2020 = 10000 + 15000 × 13/24 = 18125.00 €, of 10000 + 15000 = 25000.00 € possible.
const SCORE = '0.5417';
const SCORE_CHANGE = '▲ +0.1417 since 2019';
const PAYMENT = '18 125.00 € of 25 000.00 € possible';
// The evidence appendix: every value a verdict read. ambu 2019: 080000037, 080000615, 080001969
// (missing) = 3; ambu 2020: 080000615, 080001969 = 2 (the waived one reads nothing); marge 2019 and
// 2020: 2 establishments × 2 inputs (resultat, produits) × 2 years = 8. 3 + 2 + 8 = 13 rows, all
// from valeurs.csv; 11 columns (item, entity, period, verdict, input, value, file, SHA-256, row,
// column, import).
const EVIDENCE_ROWS = 13;
const EVIDENCE_COLUMNS = 11;
// Full hashes printed: the 13 rows above (valeurs.csv), the pmp evidence deliberation.txt twice
// (its verdict row and the milestone evidence table), the data digest and the two rules files
// (catalog.vigie, contrat.vigie) in the header: 13 + 2 + 1 + 2 = 18.
const FULL_HASHES = 18;

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function count(text, needle) {
  return text.split(needle).length - 1;
}

// Width and height of a PNG from its IHDR chunk (bytes 16..24, big-endian).
function pngSize(buffer) {
  assert.equal(buffer.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
  assert.equal(buffer.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

function runVigie(vigie, caseDir, work) {
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(caseDir, work, { recursive: true });
  const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LANGUAGE: '' };
  const lines = fs.readFileSync(path.join(work, 'commands'), 'utf8').split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));
  // Every command but the last (the imports and the evidence), then the run with the HTML report.
  for (const line of lines.slice(0, -1)) {
    execFileSync(vigie, line.trim().split(/\s+/).slice(1), { cwd: work, env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  execFileSync(vigie, ['run', '--as-of', '2021-06-30', '--report', 'out', '--formats', 'html', 'contrat.vigie'],
               { cwd: work, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(work, 'out', 'report.html');
}

async function checkScreen(page) {
  // The summary is the first thing of the contract, after its heading.
  const order = await page.evaluate(() => {
    const contract = document.querySelector('section.contract');
    return Array.from(contract.children).map((e) => e.tagName.toLowerCase() + '.' + e.className);
  });
  assert.deepEqual(order.slice(0, 3), ['div.contract-head', 'section.overview', 'h3.'], `contract starts ${order}`);
  assert.equal(await page.locator('section.overview').count(), 1);
  const overview = page.locator('section.overview');
  assert.equal(await overview.locator('h3').innerText(), 'Where the contract stands in 2020');
  // The overview is on screen before any other section of the contract.
  const top = await page.evaluate(() => {
    const y = (s) => document.querySelector(s).getBoundingClientRect().top;
    return { overview: y('section.overview'), summary: y('section.overview + h3'), item: y('section.item') };
  });
  assert.ok(top.overview < top.summary && top.summary < top.item, JSON.stringify(top));

  const facts = await overview.locator('dl.facts').evaluate((dl) => {
    const out = {};
    for (const dt of dl.querySelectorAll('dt')) out[dt.textContent] = dt.nextElementSibling.innerText.replace(/\u00a0/g, ' ');
    return out;
  });
  assert.equal(facts.Score, `${SCORE} ${SCORE_CHANGE}`);
  assert.equal(facts.Payment, `${PAYMENT} (Total, total)`);

  // The matrix: a header of the items, a row per establishment, a cell per item.
  const matrix = await overview.locator('table.matrix').evaluate((table) => ({
    head: Array.from(table.tHead.rows[0].cells).map((c) => c.innerText.trim()),
    rows: Array.from(table.tBodies[0].rows).map((r) => Array.from(r.cells).map((c, i) => {
      if (i === 0) return c.querySelector('.mono').textContent;
      const badges = Array.from(c.querySelectorAll('.badge'));
      if (badges.length === 0) return { text: c.innerText.trim() };
      const verdicts = badges.map((b) => Array.from(b.classList).filter((k) => k.startsWith('v-')));
      return { text: c.innerText.trim(), classes: verdicts, color: getComputedStyle(badges[0]).backgroundColor };
    })),
  }));
  assert.deepEqual(matrix.head, ['Establishment', ...ITEMS]);
  assert.equal(matrix.rows.length, Object.keys(MATRIX).length);
  let badges = 0;
  const colors = new Set();
  for (const row of matrix.rows) {
    const [entity, ...cells] = row;
    assert.ok(entity in MATRIX, `unexpected row ${entity}`);
    assert.equal(cells.length, ITEMS.length, `${entity}: ${cells.length} cells`);
    ITEMS.forEach((item, k) => {
      const want = MATRIX[entity][item];
      if (want === null) {
        assert.equal(cells[k].text, '—', `${entity} × ${item}`);
        return;
      }
      assert.deepEqual(cells[k].classes, [[`v-${want}`]], `${entity} × ${item}`);
      assert.equal(cells[k].text, want.replace('_', ' '), `${entity} × ${item}`);
      colors.add(`${want} ${cells[k].color}`);
      ++badges;
    });
  }
  assert.equal(badges, 10);  // 12 pairs, 2 of them outside marge's scope
  // Coloured by verdict: 5 verdicts shown (met, partially met, not met, waived, not applicable),
  // each with one colour of its own.
  const byVerdict = new Map();
  for (const entry of colors) {
    const [verdict, ...color] = entry.split(' ');
    byVerdict.set(verdict, [...(byVerdict.get(verdict) || []), color.join(' ')]);
  }
  assert.equal(byVerdict.size, 5);
  const distinct = new Set([...byVerdict.values()].map((c) => { assert.equal(c.length, 1); return c[0]; }));
  assert.equal(distinct.size, 5, 'two verdicts share a colour');
}

async function checkPrint(page, hashes, work) {
  await page.setViewportSize({ width: PAGE_WIDTH, height: A4_HEIGHT });
  await page.emulateMedia({ media: 'print' });

  // Every column of the evidence table inside the page's width.
  const table = await page.locator('table.evidence').evaluate((t) => ({
    columns: t.tHead.rows[0].cells.length,
    rows: t.tBodies[0].rows.length,
    cells: Array.from(t.querySelectorAll('th, td')).map((c) => {
      const r = c.getBoundingClientRect();
      return { text: c.innerText.slice(0, 20), left: r.left, right: r.right, width: r.width };
    }),
    pageWidth: document.documentElement.scrollWidth,
  }));
  assert.equal(table.columns, EVIDENCE_COLUMNS);
  assert.equal(table.rows, EVIDENCE_ROWS);
  assert.equal(table.cells.length, EVIDENCE_COLUMNS * (EVIDENCE_ROWS + 1));
  for (const cell of table.cells) {
    assert.ok(cell.left >= 0 && cell.right <= PAGE_WIDTH && cell.width > 0, `cell outside the page: ${JSON.stringify(cell)}`);
  }
  assert.ok(table.pageWidth <= PAGE_WIDTH, `the printed page is ${table.pageWidth}px wide, more than ${PAGE_WIDTH}`);

  // The full hashes are text a reader sees on paper (innerText leaves out what is not displayed).
  const text = await page.evaluate(() => document.body.innerText);
  assert.equal(count(text, hashes.valeurs), EVIDENCE_ROWS, 'full hash of valeurs.csv');
  assert.equal(count(text, hashes.deliberation), 2, 'full hash of deliberation.txt');
  const full = await page.locator('.sha-full').evaluateAll((spans) => spans.map((s) => {
    const r = s.getBoundingClientRect();
    return { text: s.innerText, shown: s.getClientRects().length > 0, right: r.right };
  }));
  assert.equal(full.length, FULL_HASHES);
  for (const h of full) {
    assert.match(h.text, /^[0-9a-f]{64}$/);
    assert.ok(h.shown && h.right <= PAGE_WIDTH, JSON.stringify(h));
  }
  // The summary ends its page.
  assert.equal(await page.locator('section.overview').evaluate((s) => getComputedStyle(s).breakAfter), 'page');

  // A PNG of the printed layout: as wide as the page, as high as the document (device scale 1).
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const png = await page.screenshot({ fullPage: true, path: path.join(work, 'report-print.png') });
  assert.deepEqual(pngSize(png), { width: PAGE_WIDTH, height });
  // The report is longer than three printed pages (summary, items, appendix) at this width.
  assert.ok(height > 3 * A4_HEIGHT, `document height ${height}`);
  // The summary alone, cut out of the page: the PNG has the section's size.
  const box = await page.locator('section.overview').boundingBox();
  const overviewPng = await page.locator('section.overview').screenshot({ path: path.join(work, 'overview-print.png') });
  // Chromium cuts an element's screenshot on whole pixels around its box.
  const pixels = (start, length) => Math.ceil(start + length) - Math.floor(start);
  assert.deepEqual(pngSize(overviewPng), { width: pixels(box.x, box.width), height: pixels(box.y, box.height) },
                   `overview PNG for a box ${JSON.stringify(box)}`);
  assert.ok(box.width <= PAGE_WIDTH && box.height < A4_HEIGHT, `the summary does not fit one page: ${JSON.stringify(box)}`);
}

// 080000037's page of the run in pages (as of 2021-06-30, by hand from the case's files, see
// MATRIX): ambu, marge and socle over 2019-2021 in one grid, pmp (due 2019-06-30, 2019 only) in a
// grid of its own. 2020: ambu waived (the waiver in its title), marge -50000 / 10000000 = -0.5 %
// not met, socle not met (pmp not met); 2021 is pending for the three.
const ENTITY_GRIDS = [['Item', '2019', '2020', '2021', 'Trend'], ['Item', '2019', 'Trend']];
const ENTITY_ROWS = [['ambu', 'marge', 'socle'], ['pmp']];
const ENTITY_2020 = { ambu: ['w', '○'], marge: ['nm', '✗ -0.5\u00a0%'], socle: ['nm', '✗'] };

async function checkEntityPage(browser, vigie, work) {
  const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LANGUAGE: '' };
  execFileSync(vigie, ['run', '--as-of', '2021-06-30', '--report', 'paged', '--formats', 'html', '--html-pages', 'contrat.vigie'],
               { cwd: work, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto('file://' + path.join(work, 'paged', 'pages', 'cp_nord_ardennes', '080000037.html'));
  const grids = await page.locator('table.grid').evaluateAll((tables) => tables.map((t) => ({
    head: Array.from(t.tHead.rows[0].cells).map((c) => c.innerText.trim()),
    rows: Array.from(t.tBodies[0].rows).map((r) => ({
      item: r.cells[0].querySelector('code').textContent,
      cells: Array.from(r.cells).slice(1, -1).map((c) => ({ cls: c.className, text: c.innerText.trim(), title: c.title })),
    })),
  })));
  assert.deepEqual(grids.map((g) => g.head), ENTITY_GRIDS);
  assert.deepEqual(grids.map((g) => g.rows.map((r) => r.item)), ENTITY_ROWS);
  for (const row of grids[0].rows) {
    const [cls, text] = ENTITY_2020[row.item];
    assert.equal(row.cells[1].cls, cls, `${row.item} 2020`);
    assert.equal(row.cells[1].text, text, `${row.item} 2020`);
    assert.equal(row.cells[2].cls, 'p', `${row.item} 2021`);
  }
  // Every verdict's cell says its verdict in words first in its title.
  for (const grid of grids) {
    for (const row of grid.rows) {
      for (const cell of row.cells) {
        assert.match(cell.title, /^(met|partially met|not met|missing data|waived|not applicable|pending|error) — /);
      }
    }
  }
  assert.match(grids[0].rows[0].cells[1].title, /Waiver for 080000037 in 2020/);
  // Its values read, laid out as the grid (valeurs.csv, by hand: row 13 "080000037;resultat;2020;-50000",
  // the value from character 25; row 14 produits 10000000; rows 11-12 the 2019 ones; ambu's P12 2019 = 52
  // on row 2 from character 20); 2020's ambu is waived and 2021 pending: nothing read.
  const values = await page.locator('table.values').evaluateAll((tables) => tables.map((t) => ({
    head: Array.from(t.tHead.rows[0].cells).map((c) => c.innerText.trim()),
    rows: Array.from(t.tBodies[0].rows).map((r) => Array.from(r.cells).map((c) => c.innerText.trim())),
  })));
  assert.deepEqual(values, [{
    head: ['Item', 'Input', '2019', '2020', '2021'],
    rows: [['ambu', 'P12', '52\u00a0% (row 2, col. 20)', '—', '—'],
           ['marge', 'resultat (input)', '150\u00a0000\u00a0€ (row 11, col. 25)', '-50\u00a0000\u00a0€ (row 13, col. 25)', '—'],
           ['marge', 'produits (input)', '10\u00a0000\u00a0000\u00a0€ (row 12, col. 25)', '10\u00a0000\u00a0000\u00a0€ (row 14, col. 25)', '—']],
  }]);
  // Printed: every cell of the grids and of the values read inside the page's width.
  await page.setViewportSize({ width: PAGE_WIDTH, height: A4_HEIGHT });
  await page.emulateMedia({ media: 'print' });
  const cells = await page.locator('table.grid th, table.grid td, table.values th, table.values td').evaluateAll(
      (all) => all.map((c) => {
        const r = c.getBoundingClientRect();
        return { text: c.innerText.slice(0, 20), left: r.left, right: r.right };
      }));
  assert.ok(cells.length > 20, `${cells.length} cells`);
  for (const cell of cells) assert.ok(cell.left >= 0 && cell.right <= PAGE_WIDTH, `cell outside the page: ${JSON.stringify(cell)}`);
  await page.screenshot({ fullPage: true, path: path.join(work, 'entity-print.png') });
  // Each row's head links to the item's row in the summary, where its targets, tolerance and weight
  // are written once for every page.
  const links = await page.locator('table.grid tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ENTITY_ROWS.flat().map((item) => `../../report.html#item-cp_nord_ardennes-${item}`));
  await page.goto('file://' + path.join(work, 'paged', 'report.html') + '#item-cp_nord_ardennes-marge');
  const terms = await page.locator(':target').innerText();
  assert.match(terms, /^marge/);
  assert.match(terms, /targets .*weight/);
  await page.close();
}

async function main() {
  const [vigie, caseDir, work] = process.argv.slice(2).map((a) => path.resolve(a));
  if (!work) throw new Error('usage: node report_layout.js VIGIE CASE_DIR WORK_DIR');
  requireChromiumBinary();
  const html = runVigie(vigie, caseDir, work);
  const hashes = { valeurs: sha256(path.join(work, 'valeurs.csv')), deliberation: sha256(path.join(work, 'deliberation.txt')) };

  const browser = await launchChromium(chromium);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto('file://' + html);
    await checkScreen(page);
    // On screen the hashes are abbreviated: the full ones are only in the print layout.
    const screenText = await page.evaluate(() => document.body.innerText);
    assert.equal(count(screenText, hashes.valeurs), 0, 'the full hash shows on screen');
    await checkPrint(page, hashes, work);
    await checkEntityPage(browser, vigie, work);
  } finally {
    await browser.close();
  }
  console.log(`report.html: summary, matrix (${Object.keys(MATRIX).length} × ${ITEMS.length}), ` +
              `print layout (${EVIDENCE_COLUMNS} columns within ${PAGE_WIDTH}px, ${FULL_HASHES} full hashes), ` +
              `an entity's page (${ENTITY_ROWS.flat().length} items in ${ENTITY_GRIDS.length} grids) checked; ` +
              `PNGs in ${work}`);
}

runMain(main);
