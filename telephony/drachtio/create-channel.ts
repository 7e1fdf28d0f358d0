/**
 * Making a FreeSWITCH channel: a SIP INVITE to the media server's `drachtio_mrf` profile through
 * drachtio-server, nothing else. The INVITE's Call-ID is a fresh uuid, and the profile makes it the
 * channel's uuid (`inbound-use-callid-as-uuid`): the bridge knows the channel's name before FreeSWITCH
 * answers, so every later command goes over the control connection by uuid (switch-channel.ts) — no
 * outbound event socket, no second round trip. With the caller's SDP FreeSWITCH answers that offer,
 * and the `mrf` dialplan echoes the uuid in the 200 OK (`X-Hotline-Channel`), which checks the
 * profile; without one (a seat leg) FreeSWITCH answers with its own offer before any dialplan runs,
 * and the phone's answer reaches it later in a re-INVITE.
 */
import { randomUUID } from 'node:crypto';
import type { EndpointLike, MediaServerLike, SrfDialog, SrfLike } from './library-types.js';
import { SwitchChannel, type SwitchAccess } from './switch-channel.js';

/** The 200 OK header in which the `mrf` dialplan names the channel it parked. */
export const CHANNEL_HEADER = 'X-Hotline-Channel';

export interface NewChannelOptions {
  /** The far end's offer (the caller's); none for a seat leg, whose offer FreeSWITCH makes. */
  remoteSdp?: string;
  /** X- headers FreeSWITCH keeps as channel variables (the call-id tag). */
  headers?: Record<string, string>;
}

/** Makes channels on one media server, while its control connection is the one it was made for. */
export interface ChannelMaker {
  createEndpoint(opts: NewChannelOptions): Promise<EndpointLike>;
}

/** FreeSWITCH named the channel otherwise than the INVITE's Call-ID: its profile is not this release's. */
export class MisnamedChannel extends Error {
  override readonly name = 'MisnamedChannel';
  constructor(asked: string, named: string) {
    super(
      `FreeSWITCH named channel ${asked} "${named}": set <param name="inbound-use-callid-as-uuid" value="true"/> in the drachtio_mrf profile (freeswitch.conf.d/sip_profiles/drachtio_mrf.xml)`,
    );
  }
}

export class SwitchMedia implements ChannelMaker {
  constructor(
    /** The media server it makes channels on (identity: a new control connection makes a new maker). */
    readonly ms: MediaServerLike,
    private readonly srf: SrfLike,
    private readonly access: () => SwitchAccess | undefined,
    /** A channel was made (the adapter learns its end from the control connection by uuid). */
    private readonly made: (ch: SwitchChannel) => void,
    /** A channel is over. */
    private readonly over: (ch: SwitchChannel) => void,
  ) {}

  async createEndpoint(opts: NewChannelOptions): Promise<EndpointLike> {
    const address = this.ms.sip.ipv4.udp.address;
    if (!address) throw new Error('too early: the media server has not said where its drachtio_mrf profile listens');
    const uuid = randomUUID();
    const dialog = await this.srf.createUAC(`sip:drachtio@${address}`, { headers: { ...opts.headers, 'Call-ID': uuid }, localSdp: opts.remoteSdp as string });
    const named = namedIn(dialog);
    if (named !== undefined && named !== uuid) {
      dialog.destroy().catch(() => undefined);
      throw new MisnamedChannel(uuid, named);
    }
    const ch = new SwitchChannel(uuid, this.access, dialog, this.over);
    this.made(ch);
    return ch;
  }
}

/** The uuid the `mrf` dialplan named the channel by in its 200 OK, if it did (not for a seat leg). */
export function namedIn(dialog: SrfDialog): string | undefined {
  return dialog.res?.get(CHANNEL_HEADER)?.trim() || undefined;
}
