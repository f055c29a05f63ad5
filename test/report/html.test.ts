import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { HTML_FINDINGS_AT_EASE, htmlPageNote, renderHtml } from '../../src/report/html/render.js';
import { text } from '../../src/report/html/markup.js';
import type { Finding } from '../../src/findings/finding.js';
import { SEVERITIES, type Severity } from '../../src/findings/severity.js';
import type { AssessmentReport } from '../../src/report/assessment.js';
import { listener, listenerData } from '../findings/fixtures.js';
import { GAPS, report, webAndDatabaseEngine } from './fixtures.js';

const HOSTILE = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"' \u202egnp.exe \u0007\u001b[31m`;

function sampleReport(coverage = GAPS): AssessmentReport {
  const engine = webAndDatabaseEngine();
  return report(engine, new Map([['i-0web', listenerData('i-0web', listener('tcp', 22, '0.0.0.0', 'sshd'))]]), 'Informational', coverage);
}

/** The report with a hostile Name tag on every instance and a hostile rule on every path step. */
function hostileReport(): AssessmentReport {
  const base = sampleReport();
  return {
    assessment: { ...base.assessment, snapshot: HOSTILE, instances: base.assessment.instances.map((i) => ({ ...i, name: HOSTILE })) },
    findings: base.findings.map((f) => ({ ...f, description: HOSTILE, networkPath: f.networkPath.map((s) => ({ ...s, rule: HOSTILE })) })),
  };
}

function scripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

/** The path pictures' data blocks, by id: script elements that never run. */
function pictureBlocks(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<script type="text\/plain" id="(path-\d+)">([\s\S]*?)<\/script>/g)].map((m) => [m[1]!, m[2]!]));
}

test('the same report renders to the same bytes, dated by the snapshot and by nothing else', () => {
  const first = renderHtml(sampleReport());
  assert.equal(renderHtml(sampleReport()), first);
  assert.ok(first.startsWith('<!DOCTYPE html>\n<html lang="en">'));
  assert.match(first, /collected <time datetime="2024-05-01T09:30:00Z">2024-05-01T09:30:00Z<\/time>/);
  const years = new Set([...first.matchAll(/\b20\d\d-\d\d-\d\d/g)].map((m) => m[0]));
  assert.deepEqual([...years], ['2024-05-01'], 'no date but the snapshot’s (the listener data was collected the same day)');
});

test('every finding has a row with its severity, rule, instance, port, senders and groups, in report order', () => {
  const r = sampleReport();
  const html = renderHtml(r);
  const bodies = [...html.matchAll(/<tbody class="finding" data-index="(\d+)" data-severity="(\w+)" data-reach="(\w+)" data-rule="(\w+)">([\s\S]*?)<\/tbody>/g)];
  assert.equal(bodies.length, r.findings.length);
  assert.ok(r.findings.length >= 5, 'the fixture has findings of several kinds');
  for (const [i, f] of r.findings.entries()) {
    const [, index, severity, reach, rule, body] = bodies[i]!;
    assert.deepEqual([Number(index), severity, reach, rule], [i, f.severity, f.reachabilityType, f.ruleType]);
    assert.ok(body!.includes(f.id) && body!.includes(f.instanceId) && body!.includes(f.securityGroupIds[0]!), f.id);
    assert.ok(body!.includes(`>${f.severity}</span>`));
  }
  const pg = bodies.find((b) => b[5]!.includes('TCP 5432'))!;
  assert.match(pg[5]!, /VGW<span class="via id" title="vgw-0onprem">VGW vgw-0onprem<\/span>/);
  assert.match(pg[5]!, /198\.51\.100\.0\/24/);
  const exposure = bodies[r.findings.findIndex((f) => f.ruleType === 'NetworkExposure' && f.instanceId === 'i-0web')]!;
  assert.match(exposure[5]!, /title="TCP 0-65535">TCP 0-65535</, 'an exposure shows the ranges its group admits');
  assert.match(html, /<span class="n">1<\/span> Low/, 'PostgreSQL from a VGW is Low');
});

test('hostile Name tags, ids and rule text are shown as text and never parsed as markup', () => {
  const html = renderHtml(hostileReport());
  assert.equal(scripts(html).length, 2, 'only the report’s own two scripts');
  const blocks = pictureBlocks(html);
  assert.ok(blocks.size > 0);
  assert.equal(html.match(/<script/g)?.length, 2 + blocks.size, 'and the pictures’ data blocks, which never run');
  assert.equal(html.match(/<\/script>/g)?.length, 2 + blocks.size, 'none of them ended early by a value');
  for (const block of blocks.values()) assert.ok(!/<!--|<\/?script/i.test(block), 'nothing in a block can end it or change how it is read');
  assert.ok(!html.includes('<img'), 'no injected element');
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202e]/.test(html), 'no raw control or bidi character');
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39; \\u202egnp.exe \\u0007\\u001b[31m'));
  assert.match(html, /<title>netreach: &lt;\/script&gt;/);
  assert.match(html, /<span class="name">&lt;\/script&gt;/, 'the Name tag in the table and the exposure section');
  const rulesInPictures = html.match(/<text class="rule" x="8" y="\d+">&lt;\/script&gt;/g) ?? [];
  assert.ok(rulesInPictures.length > 0, 'the rule text on the path picture is escaped too');
});

test('the page fetches nothing: a CSP forbids it and the inline script and style are allowed by hash only', () => {
  const html = renderHtml(sampleReport());
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp !== undefined);
  const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]));
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('img-src'), 'data:');
  const [early, script] = scripts(html);
  const styles = [...html.matchAll(/<style(?: id="[a-z-]+")?>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  assert.equal(styles.length, 2);
  const hash = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
  assert.equal(directives.get('script-src'), `${hash(early!)} ${hash(script!)}`);
  assert.equal(directives.get('style-src'), styles.map(hash).join(' '));
  assert.ok(!/\s(src|href)="(?!#)/.test(html), 'no attribute points outside the page');
  assert.ok(!styles.some((style) => /url\(|@import/.test(style)), 'the stylesheets load nothing');
});

test('coverage gaps are counted at the top and listed, and an empty table says findings may be missing', () => {
  const html = renderHtml(sampleReport());
  assert.match(html, /<span class="n">2<\/span> coverage gaps/);
  assert.match(html, /class="gap-banner"[^>]*><strong>2 coverage gaps:<\/strong>/);
  for (const gap of GAPS) assert.ok(html.includes(`<span class="id">${gap.resourceId}</span></td><td>${gap.reason}</td>`), gap.resourceId);

  const empty = sampleReport();
  const none: AssessmentReport = { assessment: { ...empty.assessment, instances: [] }, findings: [] };
  const emptyHtml = renderHtml(none);
  assert.match(emptyHtml, /No findings at or above Informational severity among what could be analysed: 2 coverage gaps listed below\./);
  assert.ok(!emptyHtml.includes('<table id="findings"'));

  const clean = renderHtml(sampleReport([]));
  assert.match(clean, /<span class="n">0<\/span> coverage gaps/);
  assert.ok(!clean.includes('class="gap-banner"'));
});

test('each distinct path is drawn once, and every finding points at a picture of its own path', () => {
  const r = sampleReport();
  const html = renderHtml(r);
  const templates = pictureBlocks(html);
  const pointers = [...html.matchAll(/<figure class="path" data-path="(path-\d+)">/g)].map((m) => m[1]!);
  assert.equal(pointers.length, r.findings.length);
  const distinct = new Set(r.findings.map((f) => JSON.stringify([f.reachabilityType, f.ipVersion, f.networkPath])));
  assert.equal(templates.size, distinct.size);
  assert.ok(templates.size < r.findings.length, 'findings on one path share its picture');
  for (const [i, f] of r.findings.entries()) {
    const picture = templates.get(pointers[i]!)!;
    assert.match(picture, /^<svg class="path-picture" role="img"[^>]*><title>Network path from /);
    for (const step of f.networkPath) assert.ok(picture.includes(`>${step.componentId}</text>`), `${f.id}: ${step.componentId}`);
  }
});

test('the exposure section lists each instance with its Name tag and the ports reachable from each entry point', () => {
  const base = sampleReport();
  const r: AssessmentReport = {
    ...base,
    assessment: { ...base.assessment, instances: base.assessment.instances.map((i) => ({ ...i, name: i.instanceId === 'i-0db' ? 'orders-db' : null })) },
  };
  const html = renderHtml(r);
  const section = html.slice(html.indexOf('<h2>Exposure by instance'));
  assert.match(section, /^<h2>Exposure by instance \(2\)<\/h2>/);
  assert.match(section, /<h3><span class="id">i-0db<\/span> <span class="name">orders-db<\/span><\/h3>/);
  assert.match(section, /<tr><td>VGW<\/td><td><span class="id">VGW vgw-0onprem<\/span><\/td><td class="ports">5432<\/td><td class="ports"><span class="muted">none<\/span><\/td><td>PostgreSQL<\/td>/);
  assert.match(section, /<tr><td>Internet<\/td><td><span class="id">IGW igw-0a1b<\/span><\/td><td class="ports">0-65535<\/td>/);
});

test('a page of more findings than a browser opens at ease comes with a note naming the narrower --min-severity', () => {
  const base = sampleReport();
  const withFindings = (count: number, pick: (i: number) => Finding): AssessmentReport => {
    const findings = Array.from({ length: count }, (_, i) => pick(i));
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
    return { findings, assessment: { ...base.assessment, counts: { ...base.assessment.counts, findings: { ...base.assessment.counts.findings, total: count, bySeverity } } } };
  };
  const mixed = (i: number): Finding => base.findings[i % base.findings.length]!;
  assert.equal(htmlPageNote(withFindings(HTML_FINDINGS_AT_EASE, mixed)), null);
  const big = withFindings(HTML_FINDINGS_AT_EASE + 1, mixed);
  const by = big.assessment.counts.findings.bySeverity;
  assert.ok(by.Informational > 0 && by.Low > 0, JSON.stringify(by));
  assert.equal(
    htmlPageNote(big),
    `the HTML page holds ${HTML_FINDINGS_AT_EASE + 1} findings, and browsers take minutes to open a page that size, if they can: ` +
      `--min-severity low keeps ${by.High + by.Medium + by.Low}, --min-severity medium keeps ${by.High + by.Medium}; JSON, CSV and SARIF suit every finding of an estate`,
  );
  const page = renderHtml(big);
  const banner = /<header>[\s\S]*<p class="size-note" role="note">([^<]*)<\/p>\n<\/header>/.exec(page)?.[1];
  assert.equal(banner, text(`The ${htmlPageNote(big)!.slice(4)}.`), 'the note heads the page, which shows while the rest loads');
  assert.ok(!renderHtml(base).includes('size-note"'), 'and only on a page that size');
  const high = base.findings.find((f) => f.severity === 'High') ?? { ...base.findings[0]!, severity: 'High' as const };
  assert.equal(
    htmlPageNote(withFindings(HTML_FINDINGS_AT_EASE + 1, () => high)),
    `the HTML page holds ${HTML_FINDINGS_AT_EASE + 1} findings, and browsers take minutes to open a page that size, if they can; JSON, CSV and SARIF suit every finding of an estate`,
    'no narrower level to offer when every finding is High',
  );
});
