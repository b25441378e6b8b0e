// USER_IP_ADDRESS -> an address the geo table can match (ipaddr.js). Only plain dotted-quad IPv4 and
// IPv6 are read: ipaddr's lenient IPv4 forms ("1", "0x7f.1") would turn typos into real addresses.
// IPv4-mapped IPv6 (::ffff:203.0.113.5) is read as the IPv4 address.
import ipaddr from 'ipaddr.js'
import type { IpAddress } from '../fixtures/geo.js'

export function parseIp (text: string): IpAddress | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text)
  if (ipaddr.IPv6.isValid(text)) return ipaddr.process(text)
  return undefined
}
