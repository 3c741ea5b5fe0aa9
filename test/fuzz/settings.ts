/**
 * How many cases each fuzz target runs: 1,000 with a fixed seed in `npm test` (reproducible), 10,000 with
 * `npm run test:fuzz` (FUZZ_RUNS=10000). FUZZ_SEED picks another seed to explore further.
 * The surface targets (Telegram updates, Slack requests) run through the real bots with a store and Redis, so
 * `npm test` runs 300 of each (seconds, not minutes); FUZZ_RUNS sets them too (10,000 in `npm run test:fuzz`).
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 13_2026);
export const fuzzParameters = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };
/** Cases of the slow, surface-level targets: 300 in `npm test`, FUZZ_RUNS when set. */
export const SURFACE_FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
export const surfaceFuzzParameters = { numRuns: SURFACE_FUZZ_RUNS, seed: FUZZ_SEED };
