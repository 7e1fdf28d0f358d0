/**
 * Which SIP sources are trusted trunks (the carrier's SBC, an emergency-linkage trunk). Only their
 * P-Asserted-Identity and hint headers are believed. Addresses are IPs or CIDR blocks, v4 or v6.
 */
import net from 'node:net';

export interface TrunkSpec {
  name: string;
  addresses: string[];
}

export class TrustedTrunks {
  private readonly lists: Array<{ name: string; list: net.BlockList }>;

  constructor(trunks: TrunkSpec[]) {
    this.lists = trunks.map((t) => {
      const list = new net.BlockList();
      for (const a of t.addresses) addAddress(list, a, t.name);
      return { name: t.name, list };
    });
  }

  /** The trunk's name when `address` belongs to a trusted trunk, else null. */
  match(address: string | undefined): string | null {
    if (!address) return null;
    const addr = address.replace(/^\[|\]$/g, '');
    const family = net.isIPv4(addr) ? 'ipv4' : net.isIPv6(addr) ? 'ipv6' : undefined;
    if (!family) return null;
    return this.lists.find((t) => t.list.check(addr, family))?.name ?? null;
  }
}

function addAddress(list: net.BlockList, spec: string, trunk: string): void {
  const [ip = '', prefixText] = spec.trim().split('/');
  const family = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : undefined;
  if (!family) throw new Error(`trusted trunk ${trunk}: '${spec}' is not an IP address or CIDR block`);
  if (prefixText === undefined) {
    list.addAddress(ip, family);
    return;
  }
  const prefix = Number(prefixText);
  const max = family === 'ipv4' ? 32 : 128;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`trusted trunk ${trunk}: bad prefix in '${spec}'`);
  list.addSubnet(ip, prefix, family);
}
