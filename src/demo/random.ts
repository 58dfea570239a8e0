// Small deterministic randomness: a string hash, an integer mixer and a seeded PRNG. Every
// random choice of the demo is a pure function of (seed, what, where), so any part of it can
// be recomputed alone.

/** FNV-1a, 32 bits: stable numeric identities for names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finalizer: spreads every input bit over the output. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combine integers (seed, tick, edge...) into one well-mixed 32-bit value. */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold in values beyond 32 bits (ticks are ~1.7e9, fine; larger inputs keep their high part).
    const lo = p >>> 0;
    const hi = Math.floor(p / 0x1_0000_0000) >>> 0;
    h = fmix32(h ^ lo) + 0x7f4a7c15;
    if (hi) h = fmix32(h ^ hi) + 0x7f4a7c15;
  }
  return fmix32(h);
}

export type Rng = () => number;

/** mulberry32: a tiny, fast PRNG giving uniform numbers in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rngFor(...parts: number[]): Rng {
  return mulberry32(mix(...parts));
}

/**
 * Standard normal draws from a uniform source (Box–Muller, both values of each pair used).
 * Deterministic for a given sequence of calls.
 */
export class Normals {
  private spare = NaN;

  constructor(readonly rng: Rng) {}

  next(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.rng())); // 1 - u is in (0, 1]: log(0) is -Infinity
    const theta = 2 * Math.PI * this.rng();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.next());
  }
}

/** Round a rate to a whole count without bias: 2.3 → 2 (70%) or 3 (30%). */
export function stochasticRound(rng: Rng, x: number): number {
  if (x <= 0) return 0;
  const whole = Math.floor(x);
  return whole + (rng() < x - whole ? 1 : 0);
}

/** A deterministic id in the format of a Kubernetes uid (a v4 UUID). */
export function uuidFor(seed: number, name: string): string {
  const h = hashString(name);
  const words = [mix(seed, h, 1), mix(seed, h, 2), mix(seed, h, 3), mix(seed, h, 4)].map((w) => w.toString(16).padStart(8, '0'));
  const hex = words.join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// Kubernetes' SafeEncodeString alphabet (no vowels, no confusable digits): pod-template-hash
// values and generated name suffixes use it.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function safeName(seed: number, name: string, length: number): string {
  const rng = rngFor(seed, hashString(name), 0x5afe);
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[Math.floor(rng() * SAFE_ALPHABET.length)]!;
  return out;
}
