/**
 * How many cases each fuzz target runs: 1,000 with a fixed seed in `npm test` (reproducible), 10,000 with
 * `npm run test:fuzz` (FUZZ_RUNS=10000). FUZZ_SEED picks another seed to explore further.
 * Telegram updates run 1,000 too (about 2 s). Slack requests are the slow target (Bolt holds a request no handler
 * takes for 3 s before its 404), so `npm test` runs 300 of them (about 15 s); FUZZ_RUNS sets them too.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 13_2026);
export const fuzzParameters = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };
/** Cases of the slow, surface-level targets: 300 in `npm test`, FUZZ_RUNS when set. */
export const SURFACE_FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
export const surfaceFuzzParameters = { numRuns: SURFACE_FUZZ_RUNS, seed: FUZZ_SEED };
