/**
 * How many cases each fuzz target runs: 1,000 with a fixed seed in `npm test` (reproducible), 10,000 with
 * `npm run test:fuzz` (FUZZ_RUNS=10000). FUZZ_SEED picks another seed to explore further.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 13_2026);
export const fuzzParameters = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };
