/**
 * The workspace's chat.update budget shared by every process of the deployment: a token bucket kept in
 * Redis (one Lua script, Redis's own clock), so two workers ticking different campaigns of the same team
 * still stay within Slack's ~50 edits a minute. When Redis does not answer, the process's own bucket
 * stands in, so progress edits never stall on the budget.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import { type BudgetOptions, TokenBucket, type UpdateBudget } from './budget.js';

// KEYS[1] the bucket; ARGV: per minute, burst, 'take' | 'block', block ms. Returns ms to wait (0 = go).
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1]) / 60000
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'blocked')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
local blocked = tonumber(state[3]) or 0
local wait = 0
if ARGV[3] == 'block' then
  blocked = math.max(blocked, now + tonumber(ARGV[4]))
  tokens = 0
  at = blocked
elseif now < blocked then
  wait = blocked - now
else
  if now > at then
    tokens = math.min(burst, tokens + (now - at) * rate)
    at = now
  end
  if tokens >= 1 then
    tokens = tokens - 1
  else
    wait = math.ceil((1 - tokens) / rate)
  end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at), 'blocked', tostring(blocked))
redis.call('PEXPIRE', KEYS[1], 600000)
return wait
`;

export class RedisBudget implements UpdateBudget {
  private readonly fallback: TokenBucket;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly options: BudgetOptions,
    private readonly logger: Logger,
  ) {
    this.fallback = new TokenBucket(options);
  }

  async take(): Promise<number> {
    try {
      return Number(await this.redis.eval(SCRIPT, 1, this.key, this.options.perMinute, this.options.burst, 'take', 0));
    } catch (error) {
      this.logger.warn({ err: error }, 'Slack update budget: Redis did not answer; using this process’s own budget');
      return this.fallback.take();
    }
  }

  async block(ms: number): Promise<void> {
    this.fallback.block(ms);
    try {
      await this.redis.eval(SCRIPT, 1, this.key, this.options.perMinute, this.options.burst, 'block', Math.ceil(ms));
    } catch (error) {
      this.logger.warn({ err: error }, 'Slack update budget: could not record a 429 in Redis');
    }
  }
}
