/**
 * The part of Baileys' WASocket the driver uses: the seam tests replace with a fake socket that has the same
 * event buffer (`ev`) and methods. A real WASocket satisfies it as is.
 */
import { makeWASocket, type UserFacingSocketConfig, type WASocket } from '@whiskeysockets/baileys';

export type SocketLike = Pick<
  WASocket,
  | 'ev'
  | 'user'
  | 'sendMessage'
  | 'onWhatsApp'
  | 'presenceSubscribe'
  | 'sendPresenceUpdate'
  | 'requestPairingCode'
  | 'logout'
  | 'end'
  | 'fetchNewChatMessageCap'
> & {
  /** Baileys' LID ↔ phone mapping, used to find who wrote from a LID-addressed chat. */
  signalRepository?: { lidMapping: { getPNForLID(lid: string): Promise<string | null> } };
};

export type MakeSocket = (config: UserFacingSocketConfig) => SocketLike;

/** Opens a real WhatsApp Web connection (network). */
export const makeRealSocket: MakeSocket = (config) => makeWASocket(config);
