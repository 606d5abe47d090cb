// Generalisation of quasi-identifiers: coarser values that still serve
// analytics (an IP's network, not the host).
// Pure functions; no allocation beyond appending to `out`.
#pragma once

#include <string>
#include <string_view>

namespace scrubline {

// "203.0.113.77" -> "203.0.113.0/24"; "2001:db8:1:2::7" -> "2001:db8:1::/48".
// Returns false (and leaves `out` unchanged) if `ip` is not a textual IPv4 or
// IPv6 address. Bits are clamped to the address size.
bool AppendIpPrefix(std::string_view ip, int ipv4_bits, int ipv6_bits, std::string& out);

}  // namespace scrubline
