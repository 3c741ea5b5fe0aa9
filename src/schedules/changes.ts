/**
 * How schedulers learn that schedules changed: the use cases publish the schedule id on a Redis pub/sub
 * channel and every scheduler reloads at once. Pub/sub drops messages while a subscriber is away, so the
 * scheduler also polls the store every few seconds; the channel only makes changes take effect sooner.
 */
import type { Redis } from 'ioredis';

/** The channel of a deployment's schedule changes. */
export function changesChannel(prefix: string): string {
  return `${prefix}:schedule-changes`;
}

/** Tells every running scheduler that `scheduleId` changed. */
export async function publishChange(redis: Redis, prefix: string, scheduleId: string): Promise<void> {
  await redis.publish(changesChannel(prefix), scheduleId);
}

/** Calls `onChange` for every published change; returns a function that unsubscribes. */
export async function subscribeChanges(subscriber: Redis, prefix: string, onChange: (scheduleId: string) => void): Promise<() => Promise<void>> {
  const channel = changesChannel(prefix);
  const listener = (from: string, message: string) => {
    if (from === channel) onChange(message);
  };
  subscriber.on('message', listener);
  await subscriber.subscribe(channel);
  return async () => {
    subscriber.off('message', listener);
    await subscriber.unsubscribe(channel);
  };
}
