// The HTML report as a user opens it: written by the built CLI, opened from disk in headless
// Chromium. Needs `npm run build` first (npm test does it) and Debian's chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openFile } from '../support/headless-chromium.js';
import { publicInstance, publicSubnet } from '../support/raw-estate.js';
import { lbEstate } from '../support/query-estates.js';
import { printable } from '../../src/model/printable.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'netreach.js');

interface JsonFinding {
  readonly id: string;
  readonly severity: string;
  readonly instanceId: string;
  readonly reachabilityType: string;
  readonly port: number | null;
  readonly networkPath: readonly { readonly componentId: string }[];
}

let browser: Browser;
let workDir: string;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'dist/ is missing: run npm run build before the browser tests');
  workDir = mkdtempSync(join(tmpdir(), 'netreach-html-'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(workDir, { recursive: true, force: true });
});

function netreach(...args: string[]): string {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function htmlReport(snapshot: string, name: string): string {
  const file = join(workDir, name);
  netreach('assess', snapshot, '--format', 'html', '--output', file);
  return file;
}

/** The lines of text wider than the box they are in, measured with the browser's own fonts. */
async function overflowingText(picture: Locator): Promise<string[]> {
  return picture.evaluate((svg) =>
    [...svg.querySelectorAll('svg.box')].flatMap((box) => {
      const width = Number(box.getAttribute('width'));
      return [...box.querySelectorAll('text')].filter((t) => 8 + (t as SVGTextElement).getComputedTextLength() > width).map((t) => t.textContent ?? '');
    }),
  );
}

async function shownFindingIds(page: Page): Promise<string[]> {
  return page.$$eval('#findings tbody.finding button.expand', (buttons) =>
    buttons.map((b) => (b.getAttribute('aria-label') ?? '').replace('Details of finding ', '')),
  );
}

async function columnTexts(page: Page, column: number): Promise<string[]> {
  return page.$$eval(`#findings tbody.finding tr.summary td:nth-child(${column + 1})`, (cells) => cells.map((c) => (c.textContent ?? '').trim()));
}

test('the seed example: every finding is a row, sorting and filters work, a finding opens to its path, nothing is fetched', async () => {
  const findings = (JSON.parse(netreach('assess', 'examples/seed-article', '--format', 'json')) as { findings: JsonFinding[] }).findings;
  const file = htmlReport('examples/seed-article', 'seed.html');
  const { page, requests, problems } = await openFile(browser, file);

  assert.deepEqual(await shownFindingIds(page), findings.map((f) => f.id), 'one row per finding, in the report order');
  assert.equal(await page.textContent('#shown-count'), '13 of 13 findings shown');
  assert.equal(await page.locator('tr.detail.open').count(), 0, 'details start closed');

  // Sorting: port ascending, then descending, the header saying which.
  await page.click('th button.sort:text("Port")');
  assert.equal(await page.getAttribute('th:has(button:text("Port"))', 'aria-sort'), 'ascending');
  assert.equal(await page.getAttribute('th:has(button:text("Severity"))', 'aria-sort'), 'none');
  const ascending = await columnTexts(page, 4);
  assert.deepEqual(ascending.slice(0, 3), ['TCP 21', 'TCP 21', 'TCP 21-22, 80, 110, 443']);
  assert.equal(ascending[ascending.length - 1], 'TCP 443');
  await page.click('th button.sort:text("Port")');
  assert.equal(await page.getAttribute('th:has(button:text("Port"))', 'aria-sort'), 'descending');
  const descending = await columnTexts(page, 4);
  assert.equal(descending[0], 'TCP 443');
  assert.deepEqual([...descending].sort(), [...ascending].sort(), 'the same rows, reordered');
  await page.click('th button.sort:text("Severity")');
  await page.click('th button.sort:text("Severity")');
  assert.deepEqual(await columnTexts(page, 1), findings.map((f) => f.severity), 'severity, highest first');

  // Filters: severity, reachability type and text search, together.
  await page.uncheck('input[name=severity][value=Informational]');
  assert.deepEqual(await shownFindingIds(page), findings.filter((f) => f.severity !== 'Informational').map((f) => f.id));
  assert.equal(await page.textContent('#shown-count'), '4 of 13 findings shown');
  await page.fill('#filter-text', 'noagent');
  const noagent = findings.filter((f) => f.severity !== 'Informational' && f.instanceId === 'i-0d6766a616dd5a508');
  assert.deepEqual(await shownFindingIds(page), noagent.map((f) => f.id), 'the Name tag is searchable');
  await page.selectOption('#filter-reach', 'Internet');
  assert.equal((await shownFindingIds(page)).length, noagent.length);
  await page.fill('#filter-text', '');
  await page.check('input[name=severity][value=Informational]');
  assert.equal(await page.textContent('#shown-count'), '13 of 13 findings shown');

  // Expanding the CLB finding of the web instance shows its path as a picture of every component.
  const web = findings.find((f) => f.instanceId === 'i-02ad5632a52a2878b' && f.port === 80)!;
  const body = page.locator('tbody.finding', { has: page.locator(`button[aria-label="Details of finding ${web.id}"]`) });
  await body.locator('tr.summary td:nth-child(3)').click();
  assert.equal(await body.locator('button.expand').getAttribute('aria-expanded'), 'true');
  const picture = body.locator('tr.detail figure.path > svg[role=img]');
  assert.ok(await picture.isVisible(), 'the path picture is drawn');
  assert.match((await picture.locator(':scope > title').textContent()) ?? '', /^Network path from the internet/);
  const ids = await picture.locator('svg.box text.id').allTextContents();
  for (const step of web.networkPath) assert.ok(ids.includes(step.componentId), `the picture shows ${step.componentId}`);
  const box = await picture.boundingBox();
  assert.ok(box !== null && box.width > 400 && box.height > 100, `a picture of some size: ${JSON.stringify(box)}`);
  assert.deepEqual(await overflowingText(picture), [], 'every line of text fits its box');
  await body.locator('button.expand').click();
  assert.equal(await body.locator('tr.detail').isVisible(), false, 'closes again');

  assert.deepEqual(requests, [`file://${file}`], 'the page asked for nothing but itself');
  assert.deepEqual(problems, []);
  await page.close();
});

const HOSTILE = `</script><script>alert("name")</script><img src=x onerror=alert(1)>'"\u202ecod.exe\u0007`;

test('a hostile Name tag and security group id are shown as text, and no script but the report’s runs', async () => {
  const { e, sg, instanceId } = publicInstance([{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const reservation = e.files['Reservations']![0]! as { Instances: { Tags: unknown }[] };
  reservation.Instances[0]!.Tags = [{ Key: 'Name', Value: HOSTILE }];
  const snapshot = join(workDir, 'hostile');
  e.write(snapshot);
  const hostileGroup = `sg-<svg onload=alert(2)>"${HOSTILE}`;
  for (const name of readdirSync(snapshot)) {
    const path = join(snapshot, name);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll(sg, JSON.stringify(hostileGroup).slice(1, -1)));
  }
  const file = htmlReport(snapshot, 'hostile.html');
  const { page, requests, problems } = await openFile(browser, file);

  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.type));
  assert.deepEqual(scripts.filter((type) => type !== 'text/plain'), ['', ''], 'the report’s own two scripts, and data blocks that never run');
  assert.equal(await page.locator('img').count(), 0);
  const name = await page.textContent(`#findings tbody.finding:first-of-type .name`);
  assert.equal(name, printable(HOSTILE), 'the Name tag as text, its controls made visible');
  const groups = await page.$$eval('#findings tr.summary td:last-child', (cells) => cells.map((c) => c.textContent));
  assert.ok(groups.length > 0 && groups.every((g) => g === printable(hostileGroup)), `groups: ${JSON.stringify(groups)}`);
  await page.locator('#findings tbody.finding').first().locator('button.expand').click();
  const boxIds = await page.locator('tr.detail.open svg.box text.id').allTextContents();
  assert.ok(boxIds.join('').includes('sg-<svg'), 'the group id on the picture is text');
  assert.ok(boxIds.includes(instanceId), 'and the picture ends at the instance');
  assert.deepEqual(requests, [`file://${file}`]);
  assert.deepEqual(problems, [], 'no dialog, no error');
  await page.close();
});

test('a path through a network load balancer: ARNs wrap inside their boxes', async () => {
  const { e, lbArn, tg } = lbEstate();
  const snapshot = join(workDir, 'nlb');
  e.write(snapshot);
  const { page, problems } = await openFile(browser, htmlReport(snapshot, 'nlb.html'));
  await page.locator('#findings tbody.finding').first().locator('button.expand').click();
  const picture = page.locator('tr.detail.open figure.path > svg');
  const titles = await picture.locator('svg.box > title').allTextContents();
  for (const arn of [lbArn, tg]) assert.ok(titles.some((t) => t.includes(arn)), `${arn} in a box title`);
  assert.deepEqual(await overflowingText(picture), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a report of hundreds of findings shows the first 500 rows and the rest on request; filters see them all', async () => {
  const { e, vpc, subnet } = publicSubnet();
  const open = e.securityGroup(vpc, 'open', [{ protocol: 'tcp', from: 0, to: 65535, cidrs: ['0.0.0.0/0'] }]);
  const instances = Array.from({ length: 14 }, (_, i) => e.instance(subnet, { groups: [open], privateIp: `10.0.1.${10 + i}`, publicIp: `54.10.20.${30 + i}` }).instanceId);
  const snapshot = join(workDir, 'many');
  e.write(snapshot);
  const total = (JSON.parse(netreach('assess', snapshot, '--format', 'json')) as { findings: JsonFinding[] }).findings.length;
  assert.ok(total > 500, `${total} findings`);
  const { page, problems } = await openFile(browser, htmlReport(snapshot, 'many.html'));
  assert.equal((await shownFindingIds(page)).length, 500);
  assert.equal(await page.textContent('#shown-count'), `the first 500 of ${total} matching findings shown (${total} in all)`);
  const last = instances[instances.length - 1]!;
  await page.fill('#filter-text', last);
  const ofLast = (await shownFindingIds(page)).length;
  assert.ok(ofLast > 0 && ofLast < 500, 'the search finds rows beyond the first 500');
  assert.equal(await page.isVisible('#show-more'), false);
  await page.fill('#filter-text', '');
  await page.click('#show-more');
  assert.equal((await shownFindingIds(page)).length, total);
  assert.equal(await page.textContent('#shown-count'), `${total} of ${total} findings shown`);
  assert.deepEqual(problems, []);
  await page.close();
});
