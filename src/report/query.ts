// Point-query answers for people (the verdict, each path hop by hop with the rule that let it
// pass, or every blocker with its code) and for machines (SPEC §6's JSON, keys in a fixed order).
import type { CoverageNote } from '../model/types.js';
import type { PathStep } from '../engine/types.js';
import type { BatchOutcome, Blocker, QueryAnswer, QueryPath, QueryVia } from '../engine/query/index.js';
import { printable } from '../model/printable.js';

function shortType(componentType: string): string {
  return componentType.split('::').pop() ?? componentType;
}

function stepLine(step: PathStep): string {
  const rule = step.rule === undefined || step.rule === '' ? '' : `  ${step.rule}`;
  return printable(`      ${shortType(step.componentType).padEnd(20)} ${step.componentId}${rule}`);
}

export function viaText(via: QueryVia): string {
  return 'listenerPort' in via ? `${via.type} ${via.id} listener ${via.listenerPort}` : `${via.type} ${via.id}`;
}

function pathLines(path: QueryPath, n: number): string[] {
  return [
    printable(`  path ${n} via ${viaText(path.via)}`),
    '    forward',
    ...path.forward.map(stepLine),
    '    return',
    ...path.return.map(stepLine),
  ];
}

function blockerLine(b: Blocker): string {
  return printable(`  ${b.code}  ${shortType(b.componentType)} ${b.componentId}: ${b.detail}`);
}

function coverageLines(coverage: readonly CoverageNote[]): string[] {
  if (coverage.length === 0) return [];
  return ['', 'coverage gaps met on the way:', ...coverage.map((c) => printable(`  ${shortType(c.resourceType)} ${c.resourceId}: ${c.reason}`))];
}

/** The answer to one query, headed by what was asked. */
export function renderQueryTable(question: string, answer: QueryAnswer, coverage: readonly CoverageNote[]): string {
  const head = `${printable(question)}: ${answer.verdict}`;
  const body =
    answer.verdict === 'reachable'
      ? answer.paths.flatMap((p, i) => ['', ...pathLines(p, i + 1)])
      : ['', `blocked by ${answer.blockers.length} component${answer.blockers.length === 1 ? '' : 's'}:`, ...answer.blockers.map(blockerLine)];
  return [head, ...body, ...coverageLines(coverage)].join('\n') + '\n';
}

function stepJson(step: PathStep): Record<string, string> {
  return step.rule === undefined ? { componentType: step.componentType, componentId: step.componentId } : { componentType: step.componentType, componentId: step.componentId, rule: step.rule };
}

function viaJson(via: QueryVia): Record<string, string | number> {
  return 'listenerPort' in via ? { type: via.type, id: via.id, listenerPort: via.listenerPort } : { type: via.type, id: via.id };
}

/** SPEC §6: {verdict, paths: [{via, forward, return}], blockers: [{code, componentType, componentId, detail}]}. */
export function answerJson(answer: QueryAnswer): Record<string, unknown> {
  return {
    verdict: answer.verdict,
    paths: answer.paths.map((p) => ({ via: viaJson(p.via), forward: p.forward.map(stepJson), return: p.return.map(stepJson) })),
    blockers: answer.blockers.map((b) => ({ code: b.code, componentType: b.componentType, componentId: b.componentId, detail: b.detail })),
  };
}

export function renderQueryJson(answer: QueryAnswer): string {
  return `${JSON.stringify(answerJson(answer), null, 2)}\n`;
}

function agreementWord(o: BatchOutcome): string {
  return o.agrees === null ? '-' : o.agrees ? 'agrees' : 'DISAGREES';
}

function batchSummary(outcomes: readonly BatchOutcome[]): string {
  const expected = outcomes.filter((o) => o.agrees !== null);
  const agree = expected.filter((o) => o.agrees === true).length;
  return `${outcomes.length} quer${outcomes.length === 1 ? 'y' : 'ies'}, ${expected.length} with an expectation, ${agree} agree${expected.length > agree ? `, ${expected.length - agree} disagree` : ''}`;
}

/** One line per query (id, verdict, agreement), the blockers of blocked ones, and the tally. */
export function renderBatchTable(outcomes: readonly BatchOutcome[], idOf: (o: BatchOutcome, i: number) => string): string {
  const lines: string[] = [];
  outcomes.forEach((o, i) => {
    const note = o.note === '' ? '' : `  (${o.note})`;
    lines.push(printable(`${idOf(o, i)}  ${o.answer.verdict}  ${agreementWord(o)}${note}`));
    if (o.answer.verdict === 'blocked') lines.push(...o.answer.blockers.map(blockerLine));
  });
  lines.push('', batchSummary(outcomes));
  return lines.join('\n') + '\n';
}

export function renderBatchJson(outcomes: readonly BatchOutcome[], idOf: (o: BatchOutcome, i: number) => string): string {
  const results = outcomes.map((o, i) => ({
    id: idOf(o, i),
    ...answerJson(o.answer),
    ...(o.query.expect === undefined ? {} : { expect: o.query.expect, agrees: o.agrees }),
  }));
  return `${JSON.stringify({ summary: batchSummary(outcomes), results }, null, 2)}\n`;
}
