/** Audit events and stored notifications in MongoDB: append-only, listed most recent first. */
import { Types, type Model } from 'mongoose';
import { REFUSAL_THROTTLE_MS, type AuditRepository, type NotificationRepository } from '../../campaigns/ports.js';
import { auditEventToDoc, notificationToDoc, toAuditEvent, toNotification } from './mappers.js';
import type { AuditDoc, NotificationDoc } from './schemas.js';

/** Rows a list returns when the caller gives no limit. */
export const DEFAULT_LIST_LIMIT = 100;

/** The AuditRepository on the `audit_events` collection. */
export function createAuditRepository(audit: Model<AuditDoc>): AuditRepository {
  return {
    async record(event) {
      const at = event.at ?? new Date();
      if (event.outcome === 'refused') {
        const earlier = await audit
          .findOne({
            at: { $gt: new Date(at.getTime() - REFUSAL_THROTTLE_MS) },
            outcome: 'refused',
            detail: event.detail,
            'actor.surface': event.actor.surface,
            'actor.userId': event.actor.userId,
          })
          .sort({ at: -1 })
          .lean<AuditDoc>();
        if (earlier) return toAuditEvent(earlier);
      }
      const doc = auditEventToDoc({ ...event, id: new Types.ObjectId().toHexString(), at });
      await audit.insertOne(doc);
      return toAuditEvent(doc);
    },

    async prune(before) {
      const result = await audit.deleteMany({ at: { $lt: before } });
      return result.deletedCount;
    },

    async list(query = {}) {
      const filter: Record<string, unknown> = {};
      if (query.action !== undefined) filter.action = query.action;
      if (query.outcome !== undefined) filter.outcome = query.outcome;
      const docs = await audit
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .limit(query.limit ?? DEFAULT_LIST_LIMIT)
        .lean<AuditDoc[]>();
      return docs.map(toAuditEvent);
    },
  };
}

/** The NotificationRepository on the `notifications` collection. */
export function createNotificationRepository(notifications: Model<NotificationDoc>): NotificationRepository {
  return {
    async add(notification) {
      const doc = notificationToDoc({ ...notification, id: new Types.ObjectId().toHexString(), at: notification.at ?? new Date() });
      await notifications.insertOne(doc);
      return toNotification(doc);
    },

    async list(query = {}) {
      const filter: Record<string, unknown> = {};
      if (query.campaignId !== undefined) filter.campaignId = query.campaignId;
      const docs = await notifications
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .limit(query.limit ?? DEFAULT_LIST_LIMIT)
        .lean<NotificationDoc[]>();
      return docs.map(toNotification);
    },
  };
}
