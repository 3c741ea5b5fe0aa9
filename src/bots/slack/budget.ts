/**
 * The chat.update budget of a Slack workspace. Slack allows about 50 chat.update calls a minute per
 * workspace, shared by every message the app edits, so all running campaigns of a team draw from one
 * token bucket: with several campaigns running each one simply gets edited less often.
 */

export interface BudgetOptions {
  /** Sustained calls per minute (Slack's tier 3 is ~50). */
  perMinute: number;
  /** Calls allowed back to back after a quiet period. */
  burst: number;
}

export const DEFAULT_BUDGET: BudgetOptions = { perMinute: 50, burst: 5 };

/**
 * The budget the update queue draws from. `take` answers 0 when a call may go now (and counts it), else
 * how many ms to wait; `block` holds everything back for Slack's Retry-After. A synchronous answer is
 * allowed (the in-process bucket) so edits start without an extra turn of the event loop.
 */
export interface UpdateBudget {
  take(): number | Promise<number>;
  block(ms: number): void | Promise<void>;
}

/** A token bucket with a "blocked until" for Slack's Retry-After, in this process. */
export class TokenBucket implements UpdateBudget {
  private tokens: number;
  private updatedAt: number;
  private blockedUntil = 0;

  constructor(
    private readonly options: BudgetOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.perMinute > 0) || !(options.burst >= 1)) {
      throw new Error(`Slack update budget must allow at least 1 call (got ${options.perMinute}/min, burst ${options.burst})`);
    }
    this.tokens = options.burst;
    this.updatedAt = now();
  }

  /** Takes one call if the budget allows it now and returns 0; otherwise returns how many ms to wait. */
  take(): number {
    const now = this.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 60_000) / this.options.perMinute);
  }

  /** Slack answered 429: nothing goes out for `ms`, and the bucket starts empty afterwards. */
  block(ms: number): void {
    const now = this.now();
    this.blockedUntil = Math.max(this.blockedUntil, now + ms);
    this.tokens = 0;
    this.updatedAt = this.blockedUntil;
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    const added = ((now - this.updatedAt) * this.options.perMinute) / 60_000;
    this.tokens = Math.min(this.options.burst, this.tokens + added);
    this.updatedAt = now;
  }
}

/** One budget per workspace (team id), made by `make` on first use. */
export class WorkspaceBudgets {
  private readonly budgets = new Map<string, UpdateBudget>();

  constructor(private readonly make: (teamId: string) => UpdateBudget) {}

  /** The budget of a team. */
  of(teamId: string): UpdateBudget {
    let budget = this.budgets.get(teamId);
    if (!budget) {
      budget = this.make(teamId);
      this.budgets.set(teamId, budget);
    }
    return budget;
  }
}
