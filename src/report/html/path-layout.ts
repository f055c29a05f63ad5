// Where the boxes of a path picture go, computed by hand so that the same path always gives the
// same picture: boxes in rows of four, left to right, text wrapped to the box by character count
// (all text in the picture is monospaced, so a character's width is known).
import type { PathStep } from '../../engine/types.js';

export const BOX_WIDTH = 212;
export const BOXES_PER_ROW = 4;
/** Room for an arrow between two boxes of a row. */
export const ARROW_GAP = 30;
/** Room for the connector from the end of one row to the start of the next. */
export const ROW_GAP = 28;
export const MARGIN = 6;
const PADDING = 8;
/** A monospaced glyph is 0.6 em wide; the sizes are those the stylesheet gives the picture's text. */
const GLYPH_WIDTH = 0.6;
export const TEXT_SIZES = { kind: 10, id: 11.5, rule: 10 } as const;
const LINE_HEIGHT = { kind: 13, id: 15, rule: 13 } as const;
const MAX_LINES = { kind: 2, id: 3, rule: 3 } as const;
const MAX_RULES = 4;

export type LineKind = keyof typeof TEXT_SIZES;

export interface BoxLine {
  readonly kind: LineKind;
  readonly text: string;
  /** Baseline, from the top of the box. */
  readonly y: number;
}

/** One component of the path (consecutive steps through one component are one box), or the senders. */
export interface PathBox {
  readonly componentType: string;
  readonly componentId: string;
  readonly rules: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly height: number;
  readonly lines: readonly BoxLine[];
}

export interface PathLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly PathBox[];
}

/** How many characters of text of this size fit on one line of a box. */
export function charsPerLine(kind: LineKind): number {
  return Math.floor((BOX_WIDTH - 2 * PADDING) / (TEXT_SIZES[kind] * GLYPH_WIDTH));
}

/**
 * `text` in lines of at most `width` characters, broken after a space, "/" or ":" where it can be
 * (ARNs and CloudFormation types break at their separators) and anywhere when a piece is longer
 * than a line; at most `maxLines` lines, the last one ending in "…" when text was cut.
 */
export function wrapToWidth(text: string, width: number, maxLines: number): string[] {
  const pieces = text.match(/[^ /:]*(?:[ /:]+|$)/g)?.filter((p) => p !== '') ?? [];
  const lines: string[] = [];
  let line = '';
  for (let piece of pieces) {
    while (piece.length > 0) {
      if (line.length + piece.trimEnd().length <= width) {
        line += piece;
        piece = '';
      } else if (line === '') {
        line = piece.slice(0, width);
        piece = piece.slice(width);
      } else {
        lines.push(line.trimEnd());
        line = '';
      }
    }
  }
  if (line.trimEnd() !== '' || lines.length === 0) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
  return kept;
}

/** What one box shows: a component of the path, or the senders the path starts from. */
export interface PathComponent {
  readonly componentType: string;
  readonly componentId: string;
  readonly rules: readonly string[];
}

/** Consecutive steps through one component (a NACL's inbound and outbound entries) as one box. */
function components(steps: readonly PathStep[]): PathComponent[] {
  const out: { componentType: string; componentId: string; rules: string[] }[] = [];
  for (const step of steps) {
    const last = out[out.length - 1];
    const same = last !== undefined && last.componentType === step.componentType && last.componentId === step.componentId;
    const target = same ? last : { componentType: step.componentType, componentId: step.componentId, rules: [] };
    if (!same) out.push(target);
    if (step.rule !== undefined && step.rule !== '') target.rules.push(step.rule);
  }
  return out;
}

/** An ARN's resource part ("loadbalancer/net/front/…"): the partition, service, region and account are the box's title. */
export function displayedId(id: string): string {
  const parts = id.split(':');
  return id.startsWith('arn:') && parts.length > 5 ? parts.slice(5).join(':') : id;
}

function boxLines(component: PathComponent): { lines: BoxLine[]; height: number } {
  const lines: BoxLine[] = [];
  let y = PADDING;
  const add = (kind: LineKind, value: string): void => {
    for (const line of wrapToWidth(value, charsPerLine(kind), MAX_LINES[kind])) {
      y += LINE_HEIGHT[kind];
      lines.push({ kind, text: line, y: y - 3 });
    }
  };
  add('kind', component.componentType.replace(/^AWS::/, ''));
  add('id', displayedId(component.componentId));
  const shown = component.rules.slice(0, MAX_RULES);
  for (const rule of shown) add('rule', rule);
  if (component.rules.length > shown.length) add('rule', `… and ${component.rules.length - shown.length} more rules`);
  return { lines, height: y + PADDING };
}

/** Boxes for the senders and each component, in rows of BOXES_PER_ROW, each row as tall as its tallest box. */
export function layoutPath(senders: PathComponent, steps: readonly PathStep[]): PathLayout {
  const measured = [senders, ...components(steps)].map((c) => ({ component: c, ...boxLines(c) }));
  const boxes: PathBox[] = [];
  let top = MARGIN;
  for (let start = 0; start < measured.length; start += BOXES_PER_ROW) {
    const row = measured.slice(start, start + BOXES_PER_ROW);
    row.forEach((m, column) => {
      boxes.push({ ...m.component, x: MARGIN + column * (BOX_WIDTH + ARROW_GAP), y: top, height: m.height, lines: m.lines });
    });
    top += Math.max(...row.map((m) => m.height)) + ROW_GAP;
  }
  const columns = Math.min(measured.length, BOXES_PER_ROW);
  return {
    width: 2 * MARGIN + columns * BOX_WIDTH + (columns - 1) * ARROW_GAP,
    height: top - ROW_GAP + MARGIN,
    boxes,
  };
}
