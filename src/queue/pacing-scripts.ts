/**
 * The Redis scripts behind the pacer: each takes a send slot and counts the send against the account's cap in one
 * atomic step, so processes sharing an account never overshoot. The cap counts one of two ways:
 * - `messages_per_day` (Baileys, dry-run): every message counts, against DAILY_CAP, per calendar day;
 * - `unique_recipients_24h` (the Cloud API): Meta's messaging limit, the number of unique customers a business may
 *   deliver business-initiated messages to in a moving 24-hour window. A sorted set holds each recipient with the
 *   time of their latest counted send; a recipient already in the window passes without using more of the limit.
 */

/** How an account's daily cap counts its sends. */
export type CapMode = 'messages_per_day' | 'unique_recipients_24h';

/** Meta's moving window of the messaging limit. */
export const CAP_WINDOW_MS = 24 * 3600_000;

// Shared by both scripts: ARGV[1] the slot interval (µs), ARGV[2] the jitter (ms), ARGV[3] the cap (0 = none).
// Slots are kept in microseconds (Redis TIME's resolution), so a pace such as 80/s gets 12.5 ms slots rather than
// 13 ms ones (76.9/s); numbers are written with %.0f because Lua's default formatting would round them.
const HEAD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local jitter = tonumber(ARGV[2]) * 1000
local cap = tonumber(ARGV[3])
`;

const NEXT_SLOT = `
local slot = now
if interval > 0 then
  local nextSlot = tonumber(redis.call('GET', KEYS[1]) or '0')
  if nextSlot > slot then slot = nextSlot end
  redis.call('SET', KEYS[1], string.format('%.0f', slot + interval + jitter), 'PX', math.ceil((interval + jitter) / 1000) + 3600000)
end
`;

/** KEYS[1] the next free slot, KEYS[2] the day's message counter. Returns {wait ms, used} or {-1, used} at the cap. */
export const TAKE_SLOT_PER_DAY = `${HEAD}
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if cap > 0 and used >= cap then return {-1, used} end
${NEXT_SLOT}
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 172800000)
return {math.ceil((slot - now) / 1000), used + 1}
`;

/**
 * KEYS[1] the next free slot, KEYS[2] the window's recipients; ARGV[4] the pacer's clock (ms; passed in so tests can
 * move it), ARGV[5] the window (ms), ARGV[6] the recipient, ARGV[7] '1' when the send counts against the limit
 * ('0' for an answer inside the customer service window: it takes a slot and is never refused).
 * Returns {wait ms, recipients in the window} or {-1, recipients in the window} at the cap.
 */
export const TAKE_SLOT_UNIQUE_24H = `${HEAD}
local at = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local counted = ARGV[7] == '1' and cap > 0
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', at - window))
local used = redis.call('ZCARD', KEYS[2])
local known = counted and redis.call('ZSCORE', KEYS[2], ARGV[6])
if counted and not known and used >= cap then return {-1, used} end
${NEXT_SLOT}
if counted then
  -- The latest send keeps the recipient in the window: they count until 24 h after it.
  redis.call('ZADD', KEYS[2], string.format('%.0f', at), ARGV[6])
  redis.call('PEXPIRE', KEYS[2], window + 3600000)
  if not known then used = used + 1 end
end
return {math.ceil((slot - now) / 1000), used}
`;
