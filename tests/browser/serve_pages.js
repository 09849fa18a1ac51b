#!/usr/bin/env node
// ctest browser/serve_pages: `vigie serve` end to end, in Debian's headless Chromium driven by
// Playwright (playwright-core: no browser of its own, /usr/bin/chromium is launched).
//
// The script makes a store in WORK_DIR from the fixture tests/browser/serve/ (`vigie import`), adds
// three users with `vigie user add` (the password on standard input), starts `vigie serve` on a free
// loopback port, then, as a user would, in the browser:
//   (a) the establishment qualite.sedan signs in, sees its contract only, types a wrong value in the
//       generated form (the error with its line and column, nothing stored), declares its values in
//       two steps (verdicts, score and projected payment after each), reads each verdict's
//       explanation, and sends a CSV file with an error (line and column, nothing stored);
//   (b) the controller m.durand sees the campaign dashboard, opens the validation page, validates
//       one declaration and rejects the other with a reason (the browser refuses it without one);
//   (c) the auditor a.leroy drops the report.json of a run (it holds), then a tampered copy (each
//       difference listed).
// The server is stopped at the end (SIGTERM), whatever happened.
//
// Screenshots of the pages are taken on every run into WORK_DIR/screenshots; with
// --update-screenshots DIR (like --update-goldens) they are also written to DIR, the images the web
// guides show (docs/images/serve-*.png):
//   node tests/browser/serve_pages.js build/engine/vigie tests/browser/serve /tmp/serve-pages --update-screenshots docs/images
//
// Every expected text is computed by hand from the fixture (tests/browser/serve/README.md), and
// written beside its check.
//
// usage: node serve_pages.js VIGIE FIXTURE_DIR WORK_DIR [--update-screenshots DIR]   (exit 0: passed)
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { loadChromium, requireChromiumBinary, launchChromium, startServer, stopServer, runMain } = require('./harness');

const chromium = loadChromium('browser/serve_pages');
const PASSWORD = 'un mot de passe assez long';
// The pages are French (the default language); the date is fixed so that "today" and every time
// stamp the pages show are known: 2026-01-01, 00:00:00 UTC.
const ENV = { ...process.env, LANG: 'fr_FR.UTF-8', LC_ALL: '', LANGUAGE: '', VIGIE_FIXED_TIME: '2026-01-01T00:00:00Z' };
const STAMP = '01/01/2026 00:00:00 UTC';
const CONTEXT = { viewport: { width: 1000, height: 700 }, deviceScaleFactor: 1, locale: 'fr-FR' };
const DMS_HINT = 'nombre de jours, ex. 12 (de 0 à 60)';
const UPLOAD_ERROR = "Rien n'a été enregistré :\nfichier-080000037.csv:3:20 : « 150 » est hors des bornes 0..60 de l'indicateur « dms » — " +
                     "le catalogue déclare ces bornes : vérifiez la valeur, ou le catalogue";
const RUN_PAYMENT = '10000.00';
// verify's answer to the altered report (reports() below changes three things: ambu60's verdict
// partially_met -> met, its measure 59 -> 61, the payment 10000.00 -> 15000.00 €), each seen twice:
// the run sealed in the store (run 1: recorded in the store, then in the report) and the
// recomputation (recorded in the report, then computed now). 3 × 2 = 6 differences.
const ALTERED_DIFFERENCES = [
  ['Quoi', 'Enregistré', 'Maintenant'],
  ['exécution n° 1: cpom_sedan ambu60 080000037 2019', 'partiellement atteint', 'atteint'],
  ['exécution n° 1: versement cpom_sedan part 2019', '10 000,00 €', '15 000,00 €'],
  ['exécution n° 1: cpom_sedan ambu60 080000037 2019 mesure', '59', '61'],
  ['cpom_sedan ambu60 080000037 2019', 'atteint', 'partiellement atteint'],
  ['versement cpom_sedan part 2019', '15 000,00 €', '10 000,00 €'],
  ['cpom_sedan ambu60 080000037 2019 mesure', '61', '59'],
];

// ── the store and the server

function vigie(bin, work, args, input) {
  return execFileSync(bin, args, { cwd: work, env: ENV, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

function makeStore(bin, fixture, work) {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const file of ['catalog.vigie', 'contracts.vigie', 'etablissements.csv', 'valeurs.csv']) {
    fs.copyFileSync(path.join(fixture, file), path.join(work, file));
  }
  vigie(bin, work, ['import', '--store', 'vigie.db', '--catalog', 'catalog.vigie', '--format', 'entities', '--period', '2019',
                    'etablissements.csv']);                                                      // import 1
  vigie(bin, work, ['import', '--store', 'vigie.db', '--catalog', 'catalog.vigie', 'valeurs.csv']);  // import 2
  // The password on standard input, never as an argument (docs/serve.md).
  const users = [['qualite.sedan', 'establishment', '080000037'], ['m.durand', 'controller'], ['a.leroy', 'auditor']];
  for (const [login, role, entity] of users) {
    const args = ['user', 'add', login, '--role', role, '--store', 'vigie.db', '--by', 'test'];
    if (entity) args.push('--entity', entity);
    vigie(bin, work, args, PASSWORD + '\n');
  }
}

// ── reading a page

// Text as shown, with the no-break spaces of French numbers and punctuation made plain, one line
// per block.
const plain = (text) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();

async function text(locator) {
  return plain(await locator.innerText());
}

// The rows of a table as arrays of cell texts (header row included).
async function rows(table) {
  const raw = await table.evaluate((t) => Array.from(t.rows).map((r) => Array.from(r.cells).map((c) => c.innerText)));
  return raw.map((r) => r.map(plain));
}

async function classes(table) {
  return table.evaluate((t) => Array.from(t.rows).map((r) => Array.from(r.cells).map((c) => c.className)));
}

class Shots {
  constructor(work, update) {
    this.dir = path.join(work, 'screenshots');
    this.update = update;
    this.taken = [];
    fs.mkdirSync(this.dir, { recursive: true });
  }

  // The page, 1000 px wide (as long as it is, or only its first 700 px: `top`), small enough for
  // the guides.
  async take(page, name, top = false) {
    const file = path.join(this.dir, name);
    const png = await page.screenshot({ path: file, fullPage: !top });
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 1000, `${name} is not 1000 px wide`);
    if (this.update) fs.copyFileSync(file, path.join(this.update, name));
    this.taken.push(name);
  }
}

async function signIn(page, base, login, password) {
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Connexion' }).click();
  await page.waitForLoadState();
}

// ── (a) the establishment

// The fixture, by hand (tests/browser/serve/README.md). cpom_sedan, period 2019, for 080000037:
//   ambu60: ambu >= 60 %, tolerance 2 pts, weight 2; dms5: dms <= 5 days, weight 1;
//   part = 15000 € × score. Nothing is stored for 080000037 at first: both are missing data, no
//   verdict is scored, the payment is not computed.
const VERDICTS_HEAD = ['Engagement', 'Période', 'Verdict', 'Mesure', 'Cible', 'Pourquoi'];
// The missing-value code the catalog declares for dms (catalog.vigie: codes { "NC": not_applicable }),
// said in the form's "Attendu" column after the hint and the bounds.
const DMS_CODES = ' ; ou un code : « NC » (sans objet)';
const AMBU_MISSING = ['ambu60', '2019', 'donnée manquante', '', '≥ 60 %', 'aucune valeur de ambu pour 080000037 en 2019'];
const DMS_MISSING = ['dms5', '2019', 'donnée manquante', '', '≤ 5 jours', 'aucune valeur de dms pour 080000037 en 2019'];
//   ambu = 59: 58 <= 59 < 60, within the tolerance: partially met (0.5).
const AMBU_59 = ['ambu60', '2019', 'partiellement atteint', '59 %', '≥ 60 %', '59 % ne satisfait pas ≥ 60 % mais reste dans la tolérance de 2 pts'];
//   dms = 4,5: 4.5 <= 5: met (1).
const DMS_45 = ['dms5', '2019', 'atteint', '4,5 jours', '≤ 5 jours', '4,5 jours ≤ 5 jours'];

async function verdictTable(page) {
  const table = page.locator('main section table').first();
  return { rows: await rows(table), classes: (await classes(table)).slice(1).map((r) => r[2]) };
}

async function facts(page) {
  // The lines under the verdicts: scores and payments.
  return (await page.locator('main section > p').allInnerTexts()).map(plain)
    .filter((line) => line.startsWith('Score') || line.startsWith('Versement'));
}

async function establishment(browser, base, shots) {
  const context = await browser.newContext(CONTEXT);
  const page = await context.newPage();

  // No session: the home page sends to the sign-in form.
  await page.goto(`${base}/`);
  assert.equal(page.url(), `${base}/connexion`);
  assert.equal(await text(page.locator('h1')), 'Connexion');
  await shots.take(page, 'serve-connexion.png');
  // A wrong password: refused, said, and still on the form.
  await signIn(page, base, 'qualite.sedan', 'pas le bon mot de passe');
  assert.equal(await text(page.getByRole('alert')), 'identifiant ou mot de passe incorrect');
  await signIn(page, base, 'qualite.sedan', PASSWORD);
  assert.equal(page.url(), `${base}/`);
  assert.equal(await text(page.locator('h1')), 'Mon établissement');
  assert.equal(await text(page.locator('header span')), 'qualite.sedan (établissement)');

  // Its establishment and its contract only (cpom_charleville names 080000615 alone).
  assert.equal(await text(page.locator('main h2').first()), 'CH DE SEDAN 080000037');
  assert.deepEqual((await page.locator('main h3').allInnerTexts()).map(plain),
                   ['CPOM CH de Sedan (cpom_sedan, 2019..2019)', 'Déclarer des valeurs']);
  assert.ok(!(await page.locator('body').innerText()).includes('080000615'), 'the page shows the other establishment');
  // "Today" is 2026-01-01: 2019 is assessed.
  assert.equal(await text(page.locator('main section > p').first()),
               'Verdicts au 01/01/2026, sur les données déclarées à ce jour (auto-évaluation).');
  let verdicts = await verdictTable(page);
  assert.deepEqual(verdicts.rows, [VERDICTS_HEAD, AMBU_MISSING, DMS_MISSING]);
  assert.deepEqual(verdicts.classes, ['missing_data', 'missing_data']);
  assert.deepEqual(await facts(page), ['Versement prévisionnel part 2019 : non calculé (aucun verdict noté en 2019)']);

  // The form, generated from the contract and the catalog: one row per indicator and year, with
  // the unit and what is expected (catalog.vigie: ambu percent 0..100; dms days 0..60).
  const form = page.locator('form[action="/etablissement/080000037/valeurs"]');
  assert.deepEqual(await rows(form.locator('table')), [
    ['Indicateur', 'Période', 'Valeur', 'Unité', 'Attendu'],
    ['Taux de chirurgie ambulatoire ambu', '2019', '', 'pourcent', 'pourcentage, ex. 45,2 (sans %), vide si inconnu (de 0 à 100)'],
    ['Durée moyenne de séjour en médecine dms', '2019', '', 'jours', DMS_HINT + DMS_CODES],
  ]);
  const ambu = page.getByLabel('Taux de chirurgie ambulatoire');
  const dms = page.getByLabel('Durée moyenne de séjour en médecine');
  const declare = page.getByRole('button', { name: 'Déclarer ces valeurs' });

  // A wrong value: "soixante" is not a number. The form's values go through the import as the data
  // template's long layout, but the problem is told on the field typed in: its indicator's label and
  // its period, as the form shows them, a link to the field; what to type instead (ambu declares no
  // code). The import is refused whole: dms = 4,5 is not stored either.
  await ambu.fill('soixante');
  await dms.fill('4,5');
  await declare.click();
  await page.waitForLoadState();
  assert.equal(await text(page.getByRole('alert')),
               "Rien n'a été enregistré :\nTaux de chirurgie ambulatoire (ambu), 2019 : « soixante » n'est pas un nombre — " +
               'saisissez un nombre comme 12,5, ou laissez le champ vide si la valeur est inconnue');
  assert.equal(await page.getByRole('alert').getByRole('link').getAttribute('href'), '#v%7Cambu%7C2019');
  await shots.take(page, 'serve-etablissement-erreur.png', true);
  // Nothing stored: the verdicts are as before and the fields show no stored value.
  verdicts = await verdictTable(page);
  assert.deepEqual(verdicts.rows, [VERDICTS_HEAD, AMBU_MISSING, DMS_MISSING]);
  assert.equal(await ambu.inputValue(), '');
  assert.equal(await dms.inputValue(), '');

  // ambu alone = 59: stored as import 3 (imports 1 and 2 are the fixture's; the refused one took
  // no number). Score 2019 = (2 × 0.5) / 2 = 0.5 (dms is missing data, not scored);
  // part = 15000 × 0.5 = 7 500,00 €.
  await ambu.fill('59');
  await declare.click();
  await page.waitForLoadState();
  assert.equal(await text(page.getByRole('status')),
               "1 valeur(s) enregistrée(s) comme déclarée(s) par l'établissement (import n° 3), 0 sans changement.");
  verdicts = await verdictTable(page);
  assert.deepEqual(verdicts.rows, [VERDICTS_HEAD, AMBU_59, DMS_MISSING]);
  assert.deepEqual(verdicts.classes, ['partially_met', 'missing_data']);
  assert.deepEqual(await facts(page), ['Score 2019 : 0,5', 'Versement prévisionnel part 2019 : 7 500,00 €']);
  assert.equal(await ambu.inputValue(), '59');  // the form shows what the store now holds

  // Then dms = 4,5 (the French decimal comma); ambu is sent again, unchanged: import 4 stores one
  // value, one unchanged. Score 2019 = (2 × 0.5 + 1 × 1) / (2 + 1) = 2/3 = 0,6667;
  // part = 15000 × 2/3 = 10 000,00 €.
  await dms.fill('4,5');
  await declare.click();
  await page.waitForLoadState();
  assert.equal(await text(page.getByRole('status')),
               "1 valeur(s) enregistrée(s) comme déclarée(s) par l'établissement (import n° 4), 1 sans changement.");
  verdicts = await verdictTable(page);
  assert.deepEqual(verdicts.rows, [VERDICTS_HEAD, AMBU_59, DMS_45]);
  assert.deepEqual(verdicts.classes, ['partially_met', 'met']);
  assert.deepEqual(await facts(page), ['Score 2019 : 0,6667', 'Versement prévisionnel part 2019 : 10 000,00 €']);
  // Each verdict's explanation, in its row: why ambu60 is only partially met.
  const ambuRow = page.locator('main section table').first().locator('tr', { hasText: 'ambu60' });
  assert.equal(await text(ambuRow.locator('td').last()), '59 % ne satisfait pas ≥ 60 % mais reste dans la tolérance de 2 pts');
  await shots.take(page, 'serve-etablissement.png');

  // The data template sent as a file, with a value out of the catalog's range on line 3:
  //   080000037;dms;2019;150 — dms is 0..60; the value starts at column 1 + len('080000037;dms;2019;') = 20.
  // Refused whole: ambu = 61 on line 2 is not stored (ambu stays 59).
  await page.locator('input[type=file][name=file]').setInputFiles({
    name: 'valeurs-sedan.csv', mimeType: 'text/csv',
    buffer: Buffer.from('finess;indicateur;periode;valeur\n080000037;ambu;2019;61\n080000037;dms;2019;150\n'),
  });
  await page.getByRole('button', { name: 'Envoyer le fichier' }).click();
  await page.waitForLoadState();
  const alert = await text(page.getByRole('alert'));
  assert.ok(alert.startsWith("Rien n'a été enregistré :\nfichier-080000037.csv:3:20 : "), alert);
  assert.equal(alert, UPLOAD_ERROR);
  verdicts = await verdictTable(page);
  assert.deepEqual(verdicts.rows, [VERDICTS_HEAD, AMBU_59, DMS_45]);
  assert.equal(await ambu.inputValue(), '59');
  await context.close();
}

// ── (b) the controller

async function controller(browser, base, shots) {
  const context = await browser.newContext(CONTEXT);
  const page = await context.newPage();
  await signIn(page, base, 'm.durand', PASSWORD);
  // A controller's home is the dashboard.
  assert.equal(page.url(), `${base}/tableau`);
  assert.equal(await text(page.locator('h1')), 'Tableau de bord de la campagne');
  assert.equal(await text(page.locator('header span')), 'm.durand (contrôleur)');
  // Verdicts as of today (2026-01-01), counted per establishment: Sedan ambu60 partially met and
  // dms5 met (as the establishment saw them); Charleville ambu50: 40 < 50, not met.
  assert.deepEqual(await rows(page.locator('table#comptes')), [
    ['Établissement', 'atteint', 'partiellement atteint', 'non atteint', 'donnée manquante', 'dérogé', 'sans objet', 'en attente', 'erreur'],
    ['CH DE SEDAN 080000037', '1', '1', '', '', '', '', '', ''],
    ['CH CHARLEVILLE MEZIERES 080000615', '', '', '1', '', '', '', '', ''],
  ]);
  // The two declarations of (a), one value each, awaiting validation.
  assert.equal(await text(page.locator('section#a-valider h2')),
               'Valeurs déclarées par les établissements, en attente de validation');
  assert.equal(await text(page.locator('a#lien-validation')), '2 déclaration(s) en attente de validation');
  assert.deepEqual(await rows(page.locator('section#a-valider table')), [
    ['Import', 'Établissement', 'Déclaré par', 'Le', 'Valeurs'],
    ['3', '080000037', 'qualite.sedan', STAMP, '1'],
    ['4', '080000037', 'qualite.sedan', STAMP, '1'],
  ]);
  await shots.take(page, 'serve-tableau.png');

  await page.getByRole('link', { name: 'Valider les valeurs déclarées' }).click();
  await page.waitForLoadState();
  assert.equal(page.url(), `${base}/validation`);
  assert.equal(await text(page.locator('h1')), 'Valeurs en attente de validation');
  const three = page.locator('section', { hasText: 'Déclaration 3 de 080000037' });
  const four = page.locator('section', { hasText: 'Déclaration 4 de 080000037' });
  assert.equal(await text(three.locator('p').first()), `Déclarée par qualite.sedan le ${STAMP}, 1 valeur(s).`);
  // Each declaration's values with the line of the form's CSV they came from (ambu line 2; dms
  // line 3, ambu being line 2 of import 4 but unchanged, so not stored by it).
  assert.deepEqual(await rows(three.locator('table')),
                   [['Indicateur', 'Période', 'Valeur', 'Unité', 'Ligne'], ['ambu', '2019', '59', 'pourcent', '2']]);
  assert.deepEqual(await rows(four.locator('table')),
                   [['Indicateur', 'Période', 'Valeur', 'Unité', 'Ligne'], ['dms', '2019', '4,5', 'jours', '3']]);
  await shots.take(page, 'serve-validation.png');

  // Validate declaration 3.
  await three.getByRole('button', { name: 'Valider' }).click();
  await page.waitForLoadState();
  assert.equal(await text(page.getByRole('status')), 'Déclaration 3 validée.');
  // Reject declaration 4: without a reason the browser does not send the form (the field is required).
  const reason = four.getByLabel('Motif du rejet');
  await four.getByRole('button', { name: 'Rejeter' }).click();
  assert.equal(await reason.evaluate((input) => input.validity.valueMissing), true);
  assert.equal(await page.getByRole('status').count(), 1);  // still the page of the validation above
  await reason.fill("DMS à justifier : joignez l'extraction PMSI");
  await four.getByRole('button', { name: 'Rejeter' }).click();
  await page.waitForLoadState();
  assert.equal(await text(page.getByRole('status')), 'Déclaration 4 rejetée.');
  assert.equal(await text(page.locator('main section').first()), "Aucune valeur déclarée n'est en attente de validation.");
  const reviewed = page.locator('section', { hasText: 'Déclarations examinées' }).locator('table');
  // A review is stamped as every time of vigie: VIGIE_FIXED_TIME, 01/01/2026 00:00:00 UTC.
  assert.deepEqual(await rows(reviewed), [
    ['Import', 'Établissement', 'Déclaré par', 'Examen'],
    ['3', '080000037', 'qualite.sedan', `validée par m.durand le ${STAMP}`],
    ['4', '080000037', 'qualite.sedan', `rejetée par m.durand le ${STAMP} : DMS à justifier : joignez l'extraction PMSI`],
  ]);
  assert.deepEqual((await classes(reviewed)).slice(1).map((r) => r[3]), ['met', 'not_met']);
  await shots.take(page, 'serve-validation-faite.png');

  // Back on the dashboard: nothing waits any more.
  await page.getByRole('link', { name: 'Tableau de bord de la campagne' }).click();
  await page.waitForLoadState();
  assert.equal(await text(page.locator('a#lien-validation')), '0 déclaration(s) en attente de validation');
  assert.equal(await page.locator('section#a-valider table').count(), 0);
  await context.close();
}

// ── (c) the auditor

// A run as of 2020-06-30 over the store as (a) and (b) left it, with its JSON report; and a copy
// where someone turned Sedan's ambu60 into "met" at 61 and raised the payment to 15 000 €.
function reports(bin, work) {
  vigie(bin, work, ['run', '--as-of', '2020-06-30', '--store', 'vigie.db', '--report', 'out', '--formats', 'json', 'contracts.vigie']);
  const report = JSON.parse(fs.readFileSync(path.join(work, 'out', 'report.json'), 'utf8'));
  const sedan = report.contracts.find((c) => c.name === 'cpom_sedan');
  const verdict = sedan.items.find((i) => i.name === 'ambu60').verdicts[0];  // a row under verdict_columns
  const at = (column) => report.verdict_columns.indexOf(column);
  assert.equal(verdict[at('verdict')], 'partially_met');
  verdict[at('verdict')] = 'met';
  verdict[at('measured')] = 61.0;
  assert.equal(sedan.payments[0].amount_eur, RUN_PAYMENT);
  sedan.payments[0].amount_eur = '15000.00';
  fs.mkdirSync(path.join(work, 'altered'), { recursive: true });
  fs.writeFileSync(path.join(work, 'altered', 'report.json'), JSON.stringify(report, null, 2));
  return { genuine: path.join(work, 'out', 'report.json'), altered: path.join(work, 'altered', 'report.json') };
}

async function auditor(browser, base, shots, files) {
  const context = await browser.newContext(CONTEXT);
  const page = await context.newPage();
  await signIn(page, base, 'a.leroy', PASSWORD);
  // An auditor's home is the verify page.
  assert.equal(page.url(), `${base}/verifier`);
  assert.equal(await text(page.locator('h1')), 'Vérifier un rapport');

  await page.getByLabel('Le rapport (report.json)').setInputFiles(files.genuine);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForLoadState();
  assert.equal(await text(page.locator('main p.ok')), 'Le rapport tient : aucune différence.');
  assert.equal(await page.locator('main p.problem').count(), 0);

  await page.getByLabel('Le rapport (report.json)').setInputFiles(files.altered);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForLoadState();
  // Difference by difference: the sealed run (run 1) against the report, then the recomputation
  // against the report (the verdict, the measure, the payment).
  assert.equal(await text(page.locator('main p.problem')), `Le rapport ne tient plus : ${ALTERED_DIFFERENCES.length - 1} différence(s).`);
  assert.deepEqual(await rows(page.locator('main section table').first()), ALTERED_DIFFERENCES);
  await shots.take(page, 'serve-verifier.png');
  await context.close();
}

// ── (d) reports to download, and a missing-value code declared

// The file a link downloads: its suggested name and its text.
async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), 'utf8') };
}

// Who recorded run 1: `vigie run` in reports() names the account ($VIGIE_USER, $USER, $LOGNAME, then
// the account's name).
const RUN_BY = process.env.VIGIE_USER || process.env.USER || process.env.LOGNAME || require('node:os').userInfo().username;

async function downloads(browser, base, shots, files) {
  // The establishment, as (a) and (b) left it: ambu = 59 validated, dms = 4,5 rejected but still in
  // use. Its self-assessment as of today (2026-01-01): ambu60 partially met, dms5 met, score 0,6667,
  // part 10 000,00 € (as in (a)).
  let context = await browser.newContext({ ...CONTEXT, acceptDownloads: true });
  let page = await context.newPage();
  await signIn(page, base, 'qualite.sedan', PASSWORD);
  const links = page.locator('p.telechargement');
  assert.equal(await text(links), 'Télécharger cette auto-évaluation : HTML · JSON · CSV');
  let file = await download(page, links.getByRole('link', { name: 'JSON' }));
  assert.equal(file.name, 'auto-evaluation-080000037-2026-01-01.json');
  let report = JSON.parse(file.text);
  assert.equal(report.run_id, 0);
  assert.deepEqual(report.contracts.map((c) => c.name), ['cpom_sedan']);
  const verdicts = (r) => {
    const at = (column) => r.verdict_columns.indexOf(column);  // a verdict is a row under verdict_columns
    return r.contracts[0].items.map((i) => i.verdicts.map((v) => [i.name, v[at('entity')], v[at('verdict')], v[at('measured')]]));
  };
  assert.deepEqual(verdicts(report), [[['ambu60', '080000037', 'partially_met', 59]], [['dms5', '080000037', 'met', 4.5]]]);
  assert.equal(report.contracts[0].entity_scores[0].score, '0.6667');
  assert.equal(report.contracts[0].payments[0].amount_eur, RUN_PAYMENT);
  assert.ok(!file.text.includes('080000615'), 'the self-assessment shows the other establishment');
  file = await download(page, links.getByRole('link', { name: 'HTML' }));
  assert.equal(file.name, 'auto-evaluation-080000037-2026-01-01.html');
  assert.ok(file.text.includes('CPOM CH de Sedan') && !file.text.includes('CHARLEVILLE'));

  // Run 1 (reports() above: vigie run as of 2020-06-30, sealed in the store) names 080000037: listed
  // with its reports; the establishment's is its part: cpom_sedan only, the same verdicts, payment
  // 10000.00 €, the run's number kept.
  assert.deepEqual(await rows(page.locator('section#executions table')), [
    ['Exécution', 'Au', 'Enregistrée par', 'Le', 'Rapport'],
    ['1', '30/06/2020', RUN_BY, STAMP, 'HTML · JSON · CSV'],
  ]);
  const run = page.locator('section#executions tr[data-execution="1"]');
  file = await download(page, run.getByRole('link', { name: 'JSON' }));
  assert.equal(file.name, 'rapport-execution-1.json');
  report = JSON.parse(file.text);
  assert.equal(report.run_id, 1);
  assert.equal(report.as_of, '2020-06-30');
  assert.deepEqual(verdicts(report), [[['ambu60', '080000037', 'partially_met', 59]], [['dms5', '080000037', 'met', 4.5]]]);
  assert.equal(report.contracts[0].payments[0].amount_eur, RUN_PAYMENT);
  assert.ok(!file.text.includes('080000615'), "the run's extract shows the other establishment");
  file = await download(page, run.getByRole('link', { name: 'CSV' }));
  assert.equal(file.name, 'rapport-execution-1.csv');
  assert.ok(file.text.includes('080000037') && !file.text.includes('080000615'));
  await shots.take(page, 'serve-etablissement-rapports.png');

  // A missing-value code: dms "NC" (the catalog: not applicable), offered by the field's list and
  // accepted. dms5 becomes not applicable and is not scored: score 2019 = 2 × 0.5 / 2 = 0,5,
  // part = 15000 × 0.5 = 7 500,00 €.
  const dms = page.getByLabel('Durée moyenne de séjour en médecine');
  assert.equal(await dms.getAttribute('list'), 'codes|v|dms|2019');
  assert.deepEqual(await page.locator('datalist[id="codes|v|dms|2019"] option').evaluateAll(
    (options) => options.map((o) => [o.value, o.textContent])), [['NC', 'sans objet']]);
  await dms.fill('NC');
  await page.getByRole('button', { name: 'Déclarer ces valeurs' }).click();
  await page.waitForLoadState();
  assert.equal(await text(page.getByRole('status')),
               "1 valeur(s) enregistrée(s) comme déclarée(s) par l'établissement (import n° 5), 1 sans changement.");
  const shown = await verdictTable(page);
  assert.deepEqual(shown.rows.slice(0, 2), [VERDICTS_HEAD, AMBU_59]);
  assert.deepEqual(shown.classes, ['partially_met', 'not_applicable']);
  assert.deepEqual(await facts(page), ['Score 2019 : 0,5', 'Versement prévisionnel part 2019 : 7 500,00 €']);
  assert.equal(await dms.inputValue(), 'NC');
  await context.close();

  // The auditor: run 1's JSON as sealed in the store, byte for byte the report.json vigie run wrote;
  // dropped on the verify page, it holds.
  context = await browser.newContext({ ...CONTEXT, acceptDownloads: true });
  page = await context.newPage();
  await signIn(page, base, 'a.leroy', PASSWORD);
  assert.deepEqual((await rows(page.locator('section#executions table'))).slice(1), [['1', '30/06/2020', RUN_BY, STAMP, 'HTML · JSON · CSV']]);
  file = await download(page, page.locator('section#executions tr[data-execution="1"]').getByRole('link', { name: 'JSON' }));
  assert.equal(file.text, fs.readFileSync(files.genuine, 'utf8'));
  file = await download(page, page.locator('section#executions tr[data-execution="1"]').getByRole('link', { name: 'HTML' }));
  assert.ok(file.text.includes('CPOM CH de Sedan') && file.text.includes('CPOM CH de Charleville'));
  await context.close();
}

async function main() {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--update-screenshots');
  let update = null;
  if (flag >= 0) {
    update = path.resolve(args[flag + 1] || '');
    args.splice(flag, 2);
    fs.mkdirSync(update, { recursive: true });
  }
  const [bin, fixture, work] = args.map((a) => path.resolve(a));
  if (!work) throw new Error('usage: node serve_pages.js VIGIE FIXTURE_DIR WORK_DIR [--update-screenshots DIR]');
  requireChromiumBinary();

  makeStore(bin, fixture, work);
  const shots = new Shots(work, update);
  const { child, base } = await startServer(bin, work, ENV);
  let browser;
  try {
    // In French, as the pages: the browser's own words too (the file fields' buttons).
    browser = await launchChromium(chromium, { args: ['--lang=fr-FR'] });
    await establishment(browser, base, shots);
    await controller(browser, base, shots);
    const files = reports(bin, work);
    await auditor(browser, base, shots, files);
    await downloads(browser, base, shots, files);
  } finally {
    if (browser) await browser.close();
    const code = await stopServer(child);
    assert.equal(code, 0, 'vigie serve did not stop cleanly');
  }
  console.log(`vigie serve in the browser: establishment, controller and auditor checked; ` +
              `${shots.taken.length} screenshots in ${shots.dir}${update ? ` and ${update}` : ''}`);
}

runMain(main);
