/**
 * How many cases each fuzz target runs: 1,000 with a fixed seed in `npm test` (reproducible), 10,000 with
 * `npm run test:fuzz` (FUZZ_RUNS=10000). FUZZ_SEED picks another seed to explore further. Every target, the two chat
 * surfaces included, runs the same count: the Slack app acknowledges a request no handler takes at once
 * (src/bots/slack/unmatched.ts) instead of letting Bolt hold it for 3 s.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 13_2026);
export const fuzzParameters = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };
