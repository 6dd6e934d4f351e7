/**
 * The benchmark design: y ~ x1 + ... + x5 | fe1 + fe2 with fe1 of 1e5 levels and fe2 of 1e3 levels
 * (at n = 1e5, fe1 gets 1e4 levels: 1e5 levels on 1e5 rows would make every row a singleton), assigned at random (a well-connected graph, like fixest's "simple" benchmark), true
 * slopes 1, -0.5, 0.25, 0, 2 and normal noise. Deterministic: a seeded xorshift generator.
 */

export interface BenchData {
  readonly n: number;
  readonly columns: Record<string, Float64Array | Int32Array>;
}

/** A seeded xorshift32 stream of uniforms in (0, 1): the benchmark designs' only source of randomness. */
export function uniformStream(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
}

export function generate(n: number, fe1Levels = Math.min(100_000, n / 10), fe2Levels = 1_000, seed = 20261123): BenchData {
  const uniform = uniformStream(seed);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const fe1 = new Int32Array(n);
  const fe2 = new Int32Array(n);
  const a1 = new Float64Array(fe1Levels).map(normal);
  const a2 = new Float64Array(fe2Levels).map(normal);
  for (let i = 0; i < n; i++) {
    fe1[i] = i < fe1Levels ? i : Math.floor(uniform() * fe1Levels);
    fe2[i] = Math.floor(uniform() * fe2Levels);
  }
  const slopes = [1, -0.5, 0.25, 0, 2];
  const xs = slopes.map(() => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = a1[fe1[i]] + a2[fe2[i]] + normal();
    for (let j = 0; j < 5; j++) {
      const x = normal() + 0.5 * a1[fe1[i]];
      xs[j][i] = x;
      v += slopes[j] * x;
    }
    y[i] = v;
  }
  return { n, columns: { y, x1: xs[0], x2: xs[1], x3: xs[2], x4: xs[3], x5: xs[4], fe1, fe2 } };
}
