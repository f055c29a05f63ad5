// The generator's only source of chance: one seeded generator, so the same seed gives the same
// estate byte for byte.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export class SeededRandom {
  private readonly generator: ReturnType<typeof xoroshiro128plus>;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
  }

  /** An integer in [from, to]. */
  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  chance(probability: number): boolean {
    return this.int(0, 999_999) < probability * 1_000_000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** An index drawn with these relative weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let draw = this.int(0, total - 1);
    for (let i = 0; i < weights.length; i++) {
      draw -= weights[i];
      if (draw < 0) return i;
    }
    return weights.length - 1;
  }

  /** `digits` lowercase hex digits, as in AWS ids (vpc-0 + 16 hex). */
  hex(digits: number): string {
    let out = '';
    while (out.length < digits) out += (this.generator.next() >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, digits);
  }

  /** An AWS-style id: prefix-0 followed by 16 hex digits. */
  awsId(prefix: string): string {
    return `${prefix}-0${this.hex(16)}`;
  }
}
