/**
 * Drafts between the modal's preview and Send (or Schedule): kept in the store, because a view's
 * private_metadata holds only 3,000 characters and pasted numbers can be many more.
 */
import { randomUUID } from 'node:crypto';
import type { CampaignDraft } from '../../campaigns/use-cases.js';
import type { SlackDeps } from './deps.js';

const DRAFTS = 'slack:drafts';
const DRAFT_TTL_MS = 60 * 60_000;

export interface StoredDraft {
  draft: CampaignDraft;
  /** The channel where /broadcast ran (the progress message goes there). */
  channel: string;
}

/** Stores a draft for an hour; returns its id (the preview's private_metadata). */
export async function saveDraft(deps: SlackDeps, stored: StoredDraft): Promise<string> {
  const id = randomUUID();
  await deps.app.store.kv.set(DRAFTS, id, JSON.stringify(stored), DRAFT_TTL_MS);
  return id;
}

/** The draft, or null when it expired or was already used. */
export async function loadDraft(deps: SlackDeps, id: string): Promise<StoredDraft | null> {
  const stored = id ? await deps.app.store.kv.get(DRAFTS, id) : null;
  return stored ? (JSON.parse(stored) as StoredDraft) : null;
}

/** Forgets a draft once it became a campaign or a schedule (a second submit then finds nothing). */
export async function deleteDraft(deps: SlackDeps, id: string): Promise<void> {
  await deps.app.store.kv.delete(DRAFTS, id);
}
