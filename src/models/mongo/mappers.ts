/**
 * Mapping between the stored MongoDB documents (schemas.ts) and the domain records (campaigns/types.ts).
 * Every read goes through `lean()` and one of the `to…` functions, so no mongoose document leaves src/models.
 */
import { Types } from 'mongoose';
import type {
  AuditEvent,
  Campaign,
  CampaignRecipient,
  CampaignStatus,
  Customer,
  NewRecipient,
  RecipientStatus,
  Schedule,
  ScheduleKind,
  StoredNotification,
} from '../../campaigns/types.js';
import type {
  AuditDoc,
  CampaignDoc,
  CustomerDoc,
  NotificationDoc,
  PairDoc,
  RecipientDoc,
  ScheduleDoc,
} from './schemas.js';

/** Digits of the sequence part of a recipient id: room for 10^12 recipients per campaign. */
const SEQ_DIGITS = 12;

/**
 * A recipient's id: the campaign id and its insertion sequence, zero-padded so that string order is insertion
 * order. An ObjectId would sort by (second, process, counter): not insertion order across processes or when
 * its counter wraps, and keyset paging (`afterId`) and claim order rely on insertion order.
 */
export function recipientId(campaignId: string, seq: number): string {
  return `${campaignId}-${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/** Free-form string map → stored pairs (insertion order kept). */
export function toPairs(map: Record<string, string> | undefined): PairDoc[] {
  return Object.entries(map ?? {}).map(([k, v]) => ({ k, v }));
}

/** Stored pairs → free-form string map. */
export function fromPairs(pairs: PairDoc[] | undefined | null): Record<string, string> {
  // fromEntries defines own properties: a key named `__proto__` stays an attribute (assignment would drop it).
  return Object.fromEntries((pairs ?? []).map(({ k, v }) => [k, v])) as Record<string, string>;
}

/**
 * A deep copy without `undefined` members, for Mixed paths: the driver would store `undefined` as null,
 * and `{ userName: undefined }` must come back as `{}`, not `{ userName: null }`.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutUndefined(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
    return out as T;
  }
  return value;
}

/** A stored customer → the domain record. */
export function toCustomer(doc: CustomerDoc): Customer {
  return {
    id: doc._id.toHexString(),
    phone: doc.phone,
    name: doc.name ?? null,
    tags: [...(doc.tags ?? [])],
    attributes: fromPairs(doc.attributes),
    optedOut: doc.optedOut ?? false,
    optedOutAt: doc.optedOutAt ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The domain customer → the stored document. */
export function customerToDoc(customer: Customer): CustomerDoc {
  return {
    _id: new Types.ObjectId(customer.id),
    phone: customer.phone,
    name: customer.name,
    tags: [...customer.tags],
    attributes: toPairs(customer.attributes),
    optedOut: customer.optedOut,
    optedOutAt: customer.optedOutAt,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

/** A stored campaign → the domain record. */
export function toCampaign(doc: CampaignDoc): Campaign {
  const counts = doc.counts ?? {};
  return {
    id: doc._id,
    title: doc.title,
    template: doc.template,
    media: doc.media ?? null,
    whatsappTemplate: doc.whatsappTemplate ?? null,
    audience: doc.audience,
    status: doc.status as CampaignStatus,
    counts: {
      total: counts.total ?? 0,
      sent: counts.sent ?? 0,
      failed: counts.failed ?? 0,
      skipped: counts.skipped ?? 0,
      unknown: counts.unknown ?? 0,
      delivered: counts.delivered ?? 0,
      read: counts.read ?? 0,
      replied: counts.replied ?? 0,
    },
    origin: doc.origin,
    progressMessages: [...(doc.progressMessages ?? [])],
    statusReason: doc.statusReason ?? null,
    retryOf: doc.retryOf ?? null,
    scheduleId: doc.scheduleId ?? null,
    idempotencyKey: doc.idempotencyKey ?? null,
    account: doc.account ?? 'default',
    createdAt: doc.createdAt,
    startedAt: doc.startedAt ?? null,
    sentAt: doc.sentAt ?? null,
    updatedAt: doc.updatedAt,
  };
}

/** The domain campaign → the stored document; `recipientSeq` is the store's own bookkeeping. */
export function campaignToDoc(campaign: Campaign, recipientSeq = 0): CampaignDoc {
  const doc: CampaignDoc = {
    _id: campaign.id,
    title: campaign.title,
    template: campaign.template,
    media: withoutUndefined(campaign.media),
    whatsappTemplate: campaign.whatsappTemplate ? withoutUndefined(campaign.whatsappTemplate) : null,
    audience: withoutUndefined(campaign.audience),
    status: campaign.status,
    statusReason: campaign.statusReason,
    counts: { ...campaign.counts },
    origin: withoutUndefined(campaign.origin),
    progressMessages: campaign.progressMessages.map(({ surface, chatId, messageId }) => ({ surface, chatId, messageId })),
    retryOf: campaign.retryOf,
    scheduleId: campaign.scheduleId,
    account: campaign.account,
    recipientSeq,
    createdAt: campaign.createdAt,
    startedAt: campaign.startedAt,
    sentAt: campaign.sentAt,
    updatedAt: campaign.updatedAt,
  };
  // Left out rather than null: only real keys take part in the unique index.
  if (campaign.idempotencyKey !== null) doc.idempotencyKey = campaign.idempotencyKey;
  return doc;
}

/** A stored recipient → the domain record (the claim fields stay in the store). */
export function toRecipient(doc: RecipientDoc): CampaignRecipient {
  return {
    id: doc._id,
    campaignId: doc.campaignId,
    customerId: doc.customerId ?? null,
    phone: doc.phone,
    variables: fromPairs(doc.variables),
    status: doc.status as RecipientStatus,
    attempts: doc.attempts ?? 0,
    errorCode: doc.errorCode ?? null,
    errorText: doc.errorText ?? null,
    messageId: doc.messageId ?? null,
    nextAttemptAt: doc.nextAttemptAt ?? null,
    sentAt: doc.sentAt ?? null,
    deliveredAt: doc.deliveredAt ?? null,
    readAt: doc.readAt ?? null,
    repliedAt: doc.repliedAt ?? null,
    updatedAt: doc.updatedAt,
  };
}

/** The domain recipient → the stored document, unclaimed unless a claim is given. */
export function recipientToDoc(
  recipient: CampaignRecipient,
  claim: { token: string | null; inFlight: boolean } = { token: null, inFlight: false },
): RecipientDoc {
  return {
    _id: recipient.id,
    campaignId: recipient.campaignId,
    customerId: recipient.customerId,
    phone: recipient.phone,
    variables: toPairs(recipient.variables),
    status: recipient.status,
    attempts: recipient.attempts,
    errorCode: recipient.errorCode,
    errorText: recipient.errorText,
    messageId: recipient.messageId,
    nextAttemptAt: recipient.nextAttemptAt,
    sentAt: recipient.sentAt,
    deliveredAt: recipient.deliveredAt,
    readAt: recipient.readAt,
    repliedAt: recipient.repliedAt ?? null,
    updatedAt: recipient.updatedAt,
    claim: claim.token,
    inFlight: claim.inFlight,
  };
}

/** A new pending recipient with sequence number `seq` in its campaign. */
export function newRecipientDoc(campaignId: string, seq: number, input: NewRecipient, now: Date): RecipientDoc {
  return recipientToDoc({
    id: recipientId(campaignId, seq),
    campaignId,
    customerId: input.customerId,
    phone: input.phone,
    variables: input.variables,
    status: 'pending',
    attempts: 0,
    errorCode: null,
    errorText: null,
    messageId: null,
    nextAttemptAt: null,
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    updatedAt: now,
  });
}

/** A stored audit event → the domain record. */
export function toAuditEvent(doc: AuditDoc): AuditEvent {
  return {
    id: doc._id.toHexString(),
    at: doc.at,
    actor: doc.actor,
    action: doc.action,
    target: doc.target ?? null,
    outcome: doc.outcome as AuditEvent['outcome'],
    detail: doc.detail ?? null,
  };
}

/** The domain audit event → the stored document. */
export function auditEventToDoc(event: AuditEvent): AuditDoc {
  return {
    _id: new Types.ObjectId(event.id),
    at: event.at,
    actor: withoutUndefined(event.actor),
    action: event.action,
    target: event.target,
    outcome: event.outcome,
    detail: event.detail,
  };
}

/** A stored notification → the domain record. */
export function toNotification(doc: NotificationDoc): StoredNotification {
  return {
    id: doc._id.toHexString(),
    at: doc.at,
    campaignId: doc.campaignId ?? null,
    kind: doc.kind,
    text: doc.text,
  };
}

/** The domain notification → the stored document. */
export function notificationToDoc(notification: StoredNotification): NotificationDoc {
  return {
    _id: new Types.ObjectId(notification.id),
    at: notification.at,
    campaignId: notification.campaignId,
    kind: notification.kind,
    text: notification.text,
  };
}

/** A stored schedule → the domain record. */
export function toSchedule(doc: ScheduleDoc): Schedule {
  return {
    id: doc._id,
    name: doc.name,
    draft: { ...doc.draft, account: doc.account ?? doc.draft.account ?? 'default' },
    kind: doc.kind as ScheduleKind,
    at: doc.at ?? null,
    cron: doc.cron ?? null,
    timezone: doc.timezone,
    enabled: doc.enabled ?? true,
    createdBy: doc.createdBy,
    lastRunAt: doc.lastRunAt ?? null,
    lastCampaignId: doc.lastCampaignId ?? null,
    lastOutcome: doc.lastOutcome ?? null,
    nextRunAt: doc.nextRunAt ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The domain schedule → the stored document. */
export function scheduleToDoc(schedule: Schedule): ScheduleDoc {
  return {
    _id: schedule.id,
    name: schedule.name,
    draft: withoutUndefined(schedule.draft),
    account: schedule.draft.account ?? 'default',
    kind: schedule.kind,
    at: schedule.at,
    cron: schedule.cron,
    timezone: schedule.timezone,
    enabled: schedule.enabled,
    createdBy: withoutUndefined(schedule.createdBy),
    lastRunAt: schedule.lastRunAt,
    lastCampaignId: schedule.lastCampaignId,
    lastOutcome: schedule.lastOutcome,
    nextRunAt: schedule.nextRunAt,
    createdAt: schedule.createdAt,
    updatedAt: schedule.updatedAt,
  };
}
