/**
 * Slack reads `&`, `<` and `>` in message text (fallback `text`, mrkdwn, `initial_comment`) as markup: `<!channel>`
 * pings a whole channel, `<https://x|y>` disguises a link. Titles and customer values come from admins on every
 * surface and from customers, so they are escaped wherever they reach Slack text.
 */

/** Escapes `&`, `<` and `>` the way Slack documents, so the text shows literally. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
