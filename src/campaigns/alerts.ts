/**
 * The one renderer of admin alerts (auto-pause, campaign failed, schedule skipped / missed / failed,
 * WhatsApp disconnected / logged out / replaced / connected). Every surface calls it with its own name, so
 * the words are the same everywhere and only the command syntax differs (`/resume ID` in Telegram,
 * `/broadcast resume ID` in Slack, `broadcast-bot campaigns resume ID` in a terminal). Raw codes never show:
 * reasons go through the reason table.
 */
import { t } from '../i18n/index.js';
import '../i18n/rulebook.js';
// Schedule and WhatsApp alert texts live in their areas' catalogues.
import '../i18n/schedules.js';
import '../i18n/whatsapp.js';
import { allowedActions, type ControlAction } from './actions.js';
import { isCapReason, isDailyCapReason, pausedAtCap } from './daily-cap.js';
import type { AdminAlert } from './ports.js';
import { reasonText } from './progress-view.js';
import type { Campaign, Locale, Surface } from './types.js';

/** Renders `alert` for one surface in one language. */
export function renderAlert(alert: AdminAlert, campaign: Campaign | null, locale: Locale, surface: Surface): string {
  return render(alert, campaign, locale, syntaxOf(surface));
}

/**
 * The alert's text as the notifications table keeps it: read by any surface later, so surface-neutral (no
 * command syntax such as `/resume ID`; each surface says how to resume in its own alert).
 */
export function storedAlertText(alert: AdminAlert, campaign: Campaign | null, locale: Locale): string {
  return render(alert, campaign, locale, null);
}

function render(alert: AdminAlert, campaign: Campaign | null, locale: Locale, syntax: Syntax | null): string {
  const reason = reasonText(locale, alert.reason);
  const params: Record<string, string | number> = {
    ...alert.params,
    // A schedule failure brings its reason already in words (the use case's error); codes go through the table.
    reason: alert.params?.reason ?? reason,
    id: alert.scheduleId ?? alert.campaignId ?? '',
    title: campaign?.title ?? alert.campaignId ?? '',
  };
  switch (alert.kind) {
    case 'campaign_paused': {
      const id = campaign?.id ?? alert.campaignId ?? '';
      const lines = [t(locale, 'alert.paused', { ...params, id })];
      const stillPaused = !campaign || campaign.status === 'paused';
      if (isCapReason(alert.reason)) {
        // At the cap the campaign continues by itself at the reset; resuming by hand would only wait for it too.
        if (stillPaused) lines.push(capResetLine(alert, locale));
      } else if (syntax && stillPaused) {
        // Only when resuming is still possible does the alert say how.
        lines.push(t(locale, `alert.howToResume.${syntax}`, { id }));
      }
      return lines.join(' ');
    }
    case 'campaign_failed':
      return t(locale, 'alert.campaign_failed', params);
    case 'schedule_skipped':
      return t(locale, 'alert.schedule_skipped', {
        ...params,
        campaignId: String(alert.params?.campaignId ?? alert.campaignId ?? ''),
        status: t(locale, `status.${String(alert.params?.status ?? 'processing')}`),
      });
    case 'schedule_missed':
    case 'schedule_failed':
      return t(locale, `alert.${alert.kind}`, params);
    default: {
      // WhatsApp alerts may carry the connection's own words; campaign alerts keep machine details
      // (such as the cap's number) out of the text.
      const line = t(locale, `alert.${alert.kind}`, params);
      return alert.detail ? `${line}\n${alert.detail}` : line;
    }
  }
}

/**
 * The buttons an alert about this campaign carries now: the allowed Resume / Cancel (none once it ended). A campaign
 * paused at the daily cap gets no Resume: it continues by itself when the cap resets.
 */
export function alertActions(alert: AdminAlert, campaign: Campaign | null): ControlAction[] {
  if (!campaign || alert.kind !== 'campaign_paused') return [];
  return allowedActions(campaign).filter((a) => a === 'cancel' || (a === 'resume' && !pausedAtCap(campaign)));
}

/**
 * "Sending continues automatically at 00:00 (Asia/Jakarta)." (without the time when the alert does not carry it);
 * at a Cloud number's 24-hour limit there is no fixed time: it continues as soon as the window frees up.
 */
function capResetLine(alert: AdminAlert, locale: Locale): string {
  if (!isDailyCapReason(alert.reason)) return t(locale, 'alert.continuesWhenTierFrees');
  const time = alert.params?.time;
  const zone = alert.params?.zone;
  return time !== undefined && zone !== undefined
    ? t(locale, 'alert.continuesAtCapReset', { time, zone })
    : t(locale, 'alert.continuesWhenCapResets');
}

type Syntax = 'telegram' | 'slack' | 'cli';

function syntaxOf(surface: Surface): Syntax {
  return surface === 'telegram' || surface === 'slack' ? surface : 'cli';
}
