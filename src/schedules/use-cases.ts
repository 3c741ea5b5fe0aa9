/**
 * The schedule use cases every surface calls (CLI, Telegram, Slack): create, edit, list, pause, resume
 * and delete scheduled and recurring campaigns. Input is validated here once (time, cron, zone, the
 * draft's template) and every action is audited.
 */
import { resolveAccountName } from '../whatsapp/accounts.js';
import type { Redis } from 'ioredis';
import type { App } from '../app-types.js';
import { DomainError, ValidationError } from '../campaigns/errors.js';
import { storedAudience } from '../campaigns/audience.js';
import type { Actor, Audience, CampaignDraftSpec, Locale, MediaRef, Schedule, WhatsAppTemplateSpec } from '../campaigns/types.js';
import { connectRedis } from '../queue/redis.js';
import { ScheduleApprovals, readScheduleApproval } from './approval.js';
import { publishChange } from './changes.js';
import { OnceJobs } from './once-jobs.js';
import { formatRunTime } from './time.js';
import { parseCron, parseOnceTime, resolveTimezone, upcomingRuns, type ScheduleWhen } from './when.js';

/** What a surface gathers to schedule a campaign. Exactly one of `at` and `cron`. */
export interface ScheduleInput {
  /** Shown in lists and in the completion summary; defaults to the title. */
  name?: string;
  title: string;
  template: string;
  media?: MediaRef | null;
  /** The approved WhatsApp template the campaigns send (Cloud API numbers). */
  whatsappTemplate?: WhatsAppTemplateSpec | null;
  audience: Audience;
  /** Once: a Date, an ISO time with offset, "YYYY-MM-DD HH:mm" read in `timezone`, or "tomorrow 18:00". */
  at?: string | Date;
  /** Recurring: a cron expression (5 or 6 fields) or a preset such as "every Monday 09:00". */
  cron?: string;
  /** IANA zone; defaults to SCHEDULE_TIMEZONE. */
  timezone?: string;
  /** The sender account its campaigns are sent from; `default` when absent. */
  account?: string;
}

export interface SavedSchedule {
  schedule: Schedule;
  /** Up to the next 3 runs (one for a once schedule). */
  nextRuns: Date[];
  /** The same, written in the schedule's zone for the actor's language. */
  nextRunsText: string[];
  /** Recipients the audience has now (it is resolved again at every run). */
  recipientsNow: number;
  /** True when this save asked another admin's approval (issue 15): until then it does not run. */
  awaitingApproval: boolean;
}

export interface ScheduleUseCases {
  /** Validates and stores a schedule and arms it. Throws ValidationError for bad time, cron, zone or template. */
  create(input: ScheduleInput, actor: Actor): Promise<SavedSchedule>;
  /** Changes a schedule; a one-off firing already queued is replaced. */
  update(id: string, changes: Partial<ScheduleInput>, actor: Actor): Promise<SavedSchedule>;
  /** Every schedule, newest first as the store lists them. */
  list(): Promise<Schedule[]>;
  get(id: string): Promise<Schedule>;
  /** Stops firing until resumed (removes a queued one-off firing). */
  pause(id: string, actor: Actor): Promise<Schedule>;
  /** Fires again from the next run on (a one-off only while its time is still ahead). */
  resume(id: string, actor: Actor): Promise<SavedSchedule>;
  delete(id: string, actor: Actor): Promise<void>;
  /**
   * Approves the schedule's content saved last (issue 15). `version` (a button's) must still be current, else
   * StaleScheduleApprovalError; whoever saved it is refused (ScheduleSelfApprovalError). With `key` a repeated
   * press returns the first result.
   */
  approve(id: string, actor: Actor, options?: { version?: string; key?: string }): Promise<Schedule>;
  /** Rejects it with a reason: the schedule is paused and its author told. */
  reject(id: string, actor: Actor, reason: string, options?: { version?: string; key?: string }): Promise<Schedule>;
  /** Releases the Redis connection (also done by app.close()). */
  close(): Promise<void>;
}

/** A schedule id that does not exist (code `not_found`, with a schedule's own message). */
export class ScheduleNotFoundError extends DomainError {
  constructor(id: string) {
    super('not_found', 'schedule.error.not_found', { id }, `schedule ${id} was not found`);
    this.name = 'ScheduleNotFoundError';
  }
}

/** Builds the schedule use cases on an app; Redis is opened on first use and closed with the app. */
export function createScheduleUseCases(app: App): ScheduleUseCases {
  let redis: Redis | undefined;
  let jobs: OnceJobs | undefined;
  const resources = (): { redis: Redis; jobs: OnceJobs } => {
    if (!redis || !jobs) {
      redis = connectRedis(app.redis, 'schedules');
      jobs = new OnceJobs(redis, app.prefix);
      app.onClose(close);
    }
    return { redis, jobs };
  };
  async function close(): Promise<void> {
    const [r, j] = [redis, jobs];
    redis = undefined;
    jobs = undefined;
    await j?.close();
    if (r) await r.quit().catch(() => r.disconnect());
  }

  const locale = (actor: Actor): Locale => actor.locale ?? app.config.BOT_LOCALE;

  async function audited<T>(actor: Actor, action: string, target: string | null, run: () => Promise<T>, detail: (r: T) => string | null): Promise<T> {
    try {
      const result = await run();
      await app.store.audit.record({ actor, action, target, outcome: 'ok', detail: detail(result) });
      return result;
    } catch (error) {
      const outcome = error instanceof DomainError ? 'refused' : 'error';
      const why = error instanceof DomainError ? error.code : error instanceof Error ? error.message : String(error);
      await app.store.audit.record({ actor, action, target, outcome, detail: why });
      throw error;
    }
  }

  async function load(id: string): Promise<Schedule> {
    const schedule = await app.store.schedules.get(id.trim().toLowerCase());
    if (!schedule) throw new ScheduleNotFoundError(id.trim());
    return schedule;
  }

  function resolveWhen(input: Pick<ScheduleInput, 'at' | 'cron'>, timezone: string, actor: Actor): ScheduleWhen {
    const hasAt = input.at !== undefined && input.at !== '';
    const hasCron = input.cron !== undefined && input.cron.trim() !== '';
    if (hasAt === hasCron) throw new ValidationError('no_when', 'schedule.error.no_when', {}, 'give exactly one of at and cron');
    const now = new Date();
    if (hasCron) return { kind: 'cron', cron: parseCron(input.cron ?? '') };
    const at = input.at instanceof Date ? input.at.toISOString() : (input.at ?? '');
    return { kind: 'once', at: parseOnceTime(at, timezone, now, locale(actor)) };
  }

  /** Checks the draft like a campaign would be (template, variables); returns its preview (recipients now, risk). */
  async function checkDraft(draft: CampaignDraftSpec) {
    const preview = await app.campaigns.preview(draft);
    const missing = preview.missingVariables[0];
    if (missing) throw new ValidationError('unknown_variable', 'error.unknown_variable', { name: missing });
    return preview;
  }

  /** Stops a schedule from firing (pause, and a rejected approval). */
  async function disable(before: Schedule): Promise<Schedule> {
    await resources().jobs.remove(before.id, before.kind === 'once' ? before.at : null);
    const after = await app.store.schedules.update(before.id, { enabled: false, nextRunAt: null });
    if (!after) throw new ScheduleNotFoundError(before.id);
    await arm(after);
    return after;
  }

  const approvals = new ScheduleApprovals(app, async (s) => {
    await disable(s);
  });

  function saved(schedule: Schedule, recipientsNow: number, actor: Actor, awaitingApproval = false): SavedSchedule {
    const when: ScheduleWhen | null =
      schedule.kind === 'once' ? (schedule.at ? { kind: 'once', at: schedule.at } : null) : schedule.cron ? { kind: 'cron', cron: schedule.cron } : null;
    const nextRuns = schedule.enabled && when ? upcomingRuns(when, schedule.timezone, 3) : [];
    return { schedule, nextRuns, nextRunsText: nextRuns.map((d) => formatRunTime(d, schedule.timezone, locale(actor))), recipientsNow, awaitingApproval };
  }

  async function arm(schedule: Schedule): Promise<void> {
    const { redis: r, jobs: j } = resources();
    if (schedule.kind === 'once' && schedule.enabled) await j.add(schedule);
    await publishChange(r, app.prefix, schedule.id);
  }

  function describe(s: Schedule): string {
    return `${s.kind} ${s.kind === 'once' ? (s.at?.toISOString() ?? '') : (s.cron ?? '')} ${s.timezone}`;
  }

  return {
    create(input, actor) {
      return audited(actor, 'schedule.create', null, async () => {
        const timezone = resolveTimezone(input.timezone ?? app.config.SCHEDULE_TIMEZONE);
        const when = resolveWhen(input, timezone, actor);
        const account = await resolveAccountName(app.store, input.account);
        const draft: CampaignDraftSpec = {
          title: input.title,
          template: input.template,
          media: input.media ?? null,
          ...(input.whatsappTemplate ? { whatsappTemplate: input.whatsappTemplate } : {}),
          audience: input.audience,
          account,
        };
        const preview = await checkDraft(draft);
        const name = (input.name ?? input.title).trim();
        if (!name) throw new ValidationError('empty_name', 'schedule.error.empty_name');
        const schedule = await app.store.schedules.create({
          name,
          draft: { ...draft, title: draft.title.trim(), audience: await storedAudience(app.store, draft.audience) },
          kind: when.kind,
          at: when.kind === 'once' ? when.at : null,
          cron: when.kind === 'cron' ? when.cron : null,
          timezone,
          enabled: true,
          createdBy: actor,
          lastRunAt: null,
          lastCampaignId: null,
          lastOutcome: null,
          nextRunAt: upcomingRuns(when, timezone, 1)[0] ?? null,
        });
        // Asked before it is armed: a firing never finds it armed but not yet waiting for approval.
        const asked = await approvals.onSaved(schedule, preview, actor);
        await arm(schedule);
        app.logger.info({ scheduleId: schedule.id, kind: schedule.kind, surface: actor.surface, approval: asked }, 'schedule created');
        return saved(schedule, preview.total, actor, asked);
      }, (r) => `${r.schedule.id} ${describe(r.schedule)}`);
    },

    update(id, changes, actor) {
      return audited(actor, 'schedule.update', id, async () => {
        const before = await load(id);
        const timezone = resolveTimezone(changes.timezone ?? before.timezone);
        const whenInput =
          changes.at !== undefined || changes.cron !== undefined
            ? { at: changes.at, cron: changes.cron }
            : before.kind === 'once'
              ? { at: before.at ?? undefined }
              : { cron: before.cron ?? undefined };
        const when = resolveWhen(whenInput, timezone, actor);
        const draft: CampaignDraftSpec = {
          title: (changes.title ?? before.draft.title).trim(),
          template: changes.template ?? before.draft.template,
          media: changes.media !== undefined ? changes.media : before.draft.media,
          ...((changes.whatsappTemplate ?? before.draft.whatsappTemplate)
            ? { whatsappTemplate: changes.whatsappTemplate ?? before.draft.whatsappTemplate }
            : {}),
          audience: changes.audience ?? before.draft.audience,
          account: before.draft.account ?? 'default',
        };
        const preview = await checkDraft(draft);
        const name = (changes.name ?? before.name).trim();
        if (!name) throw new ValidationError('empty_name', 'schedule.error.empty_name');
        await resources().jobs.remove(before.id, before.kind === 'once' ? before.at : null);
        const after = await app.store.schedules.update(before.id, {
          name,
          draft,
          kind: when.kind,
          at: when.kind === 'once' ? when.at : null,
          cron: when.kind === 'cron' ? when.cron : null,
          timezone,
          nextRunAt: before.enabled ? (upcomingRuns(when, timezone, 1)[0] ?? null) : null,
        });
        if (!after) throw new ScheduleNotFoundError(before.id);
        // Every edit asks again (when the rules apply): the new content has its own version.
        const asked = await approvals.onSaved(after, preview, actor);
        await arm(after);
        return saved(after, preview.total, actor, asked);
      }, (r) => describe(r.schedule));
    },

    list: () => app.store.schedules.list(),

    get: (id) => load(id),

    pause(id, actor) {
      return audited(actor, 'schedule.pause', id, async () => {
        return disable(await load(id));
      }, () => null);
    },

    resume(id, actor) {
      return audited(actor, 'schedule.resume', id, async () => {
        const before = await load(id);
        let when: ScheduleWhen;
        if (before.kind === 'once') {
          if (before.lastRunAt) throw new ValidationError('already_ran', 'schedule.error.already_ran', { id: before.id });
          when = resolveWhen({ at: before.at ?? undefined }, before.timezone, actor);
        } else {
          when = resolveWhen({ cron: before.cron ?? undefined }, before.timezone, actor);
        }
        const preview = await checkDraft(before.draft);
        // A rejected schedule resumed is saved again: it asks again when the rules apply.
        const rejected = (await readScheduleApproval(app, before.id))?.state === 'rejected';
        const asked = rejected ? await approvals.onSaved(before, preview, actor) : false;
        // The next run is computed afresh, so time spent paused is never reported as missed runs.
        const after = await app.store.schedules.update(before.id, {
          enabled: true,
          nextRunAt: upcomingRuns(when, before.timezone, 1)[0] ?? null,
        });
        if (!after) throw new ScheduleNotFoundError(before.id);
        await arm(after);
        return saved(after, preview.total, actor, asked);
      }, () => null);
    },

    delete(id, actor) {
      return audited(actor, 'schedule.delete', id, async () => {
        const before = await load(id);
        await resources().jobs.remove(before.id, before.kind === 'once' ? before.at : null);
        await app.store.schedules.delete(before.id);
        await publishChange(resources().redis, app.prefix, before.id);
        app.logger.info({ scheduleId: before.id, surface: actor.surface }, 'schedule deleted');
      }, () => null);
    },

    // Audited by ScheduleApprovals (request / approve / reject, refusals included).
    async approve(id, actor, options = {}) {
      const schedule = await load(id);
      await approvals.approve(schedule, actor, options.version ?? null, options.key);
      return schedule;
    },

    async reject(id, actor, reason, options = {}) {
      const schedule = await load(id);
      await approvals.reject(schedule, actor, options.version ?? null, reason, options.key);
      return (await app.store.schedules.get(schedule.id)) ?? schedule;
    },

    close,
  };
}
