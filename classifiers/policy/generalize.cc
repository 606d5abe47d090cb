#include "classifiers/policy/generalize.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace scrubline {
namespace {

void MaskBits(unsigned char* bytes, int size_bytes, int bits) {
  for (int i = 0; i < size_bytes; ++i) {
    const int keep = std::clamp(bits - i * 8, 0, 8);
    bytes[i] &= static_cast<unsigned char>(keep == 8 ? 0xFF : (0xFF << (8 - keep)) & 0xFF);
  }
}

}  // namespace

bool AppendIpPrefix(std::string_view ip, int ipv4_bits, int ipv6_bits, std::string& out) {
  char text[INET6_ADDRSTRLEN + 1];
  if (ip.empty() || ip.size() >= sizeof text) return false;
  std::memcpy(text, ip.data(), ip.size());
  text[ip.size()] = '\0';
  unsigned char bytes[16];
  char printed[INET6_ADDRSTRLEN];
  int bits;
  if (inet_pton(AF_INET, text, bytes) == 1) {
    bits = std::clamp(ipv4_bits, 0, 32);
    MaskBits(bytes, 4, bits);
    if (!inet_ntop(AF_INET, bytes, printed, sizeof printed)) return false;
  } else if (inet_pton(AF_INET6, text, bytes) == 1) {
    bits = std::clamp(ipv6_bits, 0, 128);
    MaskBits(bytes, 16, bits);
    if (!inet_ntop(AF_INET6, bytes, printed, sizeof printed)) return false;
  } else {
    return false;
  }
  out += printed;
  out += '/';
  char num[4];
  auto [end, ec] = std::to_chars(num, num + sizeof num, bits);
  (void)ec;
  out.append(num, static_cast<std::size_t>(end - num));
  return true;
}

}  // namespace scrubline
