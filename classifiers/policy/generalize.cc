#include "classifiers/policy/generalize.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "classifiers/base/ascii.h"
#include "classifiers/crypto/tokenizer.h"
#include "classifiers/pii/phone_numbers.h"

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

namespace {

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The number in `s` (all digits), or -1.
int Number(std::string_view s) {
  if (!IsDigits(s)) return -1;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool ValidDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  const int y = Number(d.substr(0, 4)), m = Number(d.substr(5, 2)), day = Number(d.substr(8, 2));
  if (y < 0 || m < 1 || m > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= (m == 2 && !leap ? 28 : kDays[m - 1]);
}

// "Z", "+HH:MM", "+HHMM", "-..." or empty.
bool ValidZone(std::string_view z) {
  if (z.empty() || z == "Z" || z == "z") return true;
  if (z[0] != '+' && z[0] != '-') return false;
  z.remove_prefix(1);
  std::string_view hh, mm;
  if (z.size() == 5 && z[2] == ':') {
    hh = z.substr(0, 2);
    mm = z.substr(3, 2);
  } else if (z.size() == 4) {
    hh = z.substr(0, 2);
    mm = z.substr(2, 2);
  } else {
    return false;
  }
  const int h = Number(hh), m = Number(mm);
  return h >= 0 && h <= 23 && m >= 0 && m <= 59;
}

// What follows the date of an RFC 3339 date-time: 'T' or ' ', "HH:MM",
// optional ":SS" and ".fraction", then a zone (returned in `zone`).
bool ValidTimeSuffix(std::string_view suffix, std::string_view& zone) {
  if (suffix.empty() || (suffix[0] != 'T' && suffix[0] != 't' && suffix[0] != ' ')) return false;
  std::string_view rest = suffix.substr(1);
  if (rest.size() < 5 || rest[2] != ':') return false;
  const int hour = Number(rest.substr(0, 2));
  const int minute = Number(rest.substr(3, 2));
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  rest.remove_prefix(5);
  if (!rest.empty() && rest[0] == ':') {
    if (rest.size() < 3) return false;
    const int second = Number(rest.substr(1, 2));
    if (second < 0 || second > 60) return false;  // 60: a leap second
    rest.remove_prefix(3);
    if (!rest.empty() && (rest[0] == '.' || rest[0] == ',')) {
      std::size_t digits = 1;
      while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
      if (digits == 1) return false;
      rest.remove_prefix(digits);
    }
  }
  if (!ValidZone(rest)) return false;
  zone = rest;
  return true;
}

// Bytes of the UTF-8 sequence at value[i]; 1 for a byte that starts none.
std::size_t CodePointLength(std::string_view value, std::size_t i) {
  const auto c = static_cast<unsigned char>(value[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > value.size()) return 1;
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(value[i + k]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

}  // namespace

bool AppendTimeBucket(std::string_view value, TimeUnit unit, std::string& out) {
  // Epoch seconds or milliseconds.
  if (IsDigits(value)) {
    const std::size_t n = value.size();
    const bool seconds = n == 9 || n == 10;
    const bool millis = n == 12 || n == 13;
    if (!seconds && !millis) return false;
    std::uint64_t t = 0;
    std::from_chars(value.data(), value.data() + n, t);
    std::uint64_t bucket = unit == TimeUnit::kHour ? 3600 : 86400;
    if (millis) bucket *= 1000;
    out += std::to_string(t - t % bucket);
    return true;
  }
  if (value.size() < 10 || !ValidDate(value.substr(0, 10))) return false;
  const std::string_view date = value.substr(0, 10);
  if (value.size() == 10) {  // a date: already a day
    out += date;
    return true;
  }
  std::string_view rest;
  if (!ValidTimeSuffix(value.substr(10), rest)) return false;
  out += date;
  if (unit == TimeUnit::kDay) return true;
  out += 'T';
  out += value.substr(11, 2);
  out += ":00:00";
  out += rest;
  return true;
}

bool ParseTimeSeconds(std::string_view value, std::int64_t& seconds) {
  if (IsDigits(value)) {  // epoch seconds or milliseconds
    const std::size_t n = value.size();
    if (n != 9 && n != 10 && n != 12 && n != 13) return false;
    std::int64_t t = 0;
    std::from_chars(value.data(), value.data() + n, t);
    seconds = n >= 12 ? t / 1000 : t;
    return true;
  }
  if (value.size() < 10 || !ValidDate(value.substr(0, 10))) return false;
  std::string_view zone;
  if (value.size() > 10 && !ValidTimeSuffix(value.substr(10), zone)) return false;
  using namespace std::chrono;
  const year_month_day date{year{Number(value.substr(0, 4))},
                            month{static_cast<unsigned>(Number(value.substr(5, 2)))},
                            day{static_cast<unsigned>(Number(value.substr(8, 2)))}};
  std::int64_t t = static_cast<std::int64_t>(sys_days{date}.time_since_epoch().count()) * 86400;
  if (value.size() > 10) {
    const std::string_view time = value.substr(11);
    t += Number(time.substr(0, 2)) * 3600 + Number(time.substr(3, 2)) * 60;
    if (time.size() >= 8 && time[5] == ':') t += Number(time.substr(6, 2));
    if (zone.size() >= 5) {  // "+HH:MM" or "+HHMM": local time = UTC + offset
      const int hh = Number(zone.substr(1, 2));
      const int mm = Number(zone.substr(zone[3] == ':' ? 4 : 3, 2));
      t -= (zone[0] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
    }
  }
  seconds = t;
  return true;
}

bool AppendShiftedTime(std::string_view value, int days, std::string& out) {
  if (IsDigits(value)) {  // epoch seconds or milliseconds
    const std::size_t n = value.size();
    const bool seconds = n == 9 || n == 10;
    const bool millis = n == 12 || n == 13;
    if (!seconds && !millis) return false;
    std::int64_t t = 0;
    std::from_chars(value.data(), value.data() + n, t);
    t += static_cast<std::int64_t>(days) * 86400 * (millis ? 1000 : 1);
    if (t < 0) return false;
    out += std::to_string(t);
    return true;
  }
  if (value.size() < 10 || !ValidDate(value.substr(0, 10))) return false;
  std::string_view zone;
  if (value.size() > 10 && !ValidTimeSuffix(value.substr(10), zone)) return false;
  // Whole days on the civil calendar: the time of day and the zone stay.
  using namespace std::chrono;
  const year_month_day date{year{Number(value.substr(0, 4))},
                            month{static_cast<unsigned>(Number(value.substr(5, 2)))},
                            day{static_cast<unsigned>(Number(value.substr(8, 2)))}};
  const year_month_day shifted{sys_days{date} + std::chrono::days{days}};
  const int y = static_cast<int>(shifted.year());
  if (y < 0 || y > 9999) return false;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, static_cast<unsigned>(shifted.month()),
                static_cast<unsigned>(shifted.day()));
  out += buf;
  out += value.substr(10);
  return true;
}

bool AppendRounded(std::string_view number, int decimals, std::string& out) {
  if (decimals < 0 || decimals > 8) return false;
  std::string_view s = number;
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  const std::size_t dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  std::string_view frac_part = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (!IsDigits(int_part) || (dot != std::string_view::npos && !IsDigits(frac_part))) return false;
  // The kept digits, then round on the first dropped one.
  std::string digits(int_part);
  const std::size_t kept_frac = std::min<std::size_t>(frac_part.size(), static_cast<std::size_t>(decimals));
  digits.append(frac_part.substr(0, kept_frac));
  digits.append(static_cast<std::size_t>(decimals) - kept_frac, '0');
  if (frac_part.size() > kept_frac && frac_part[kept_frac] >= '5') {
    std::size_t i = digits.size();
    while (i > 0) {
      --i;
      if (digits[i] == '9') {
        digits[i] = '0';
        continue;
      }
      ++digits[i];
      break;
    }
    if (digits[0] == '0' && std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; })) {
      digits.insert(digits.begin(), '1');  // 9.99 -> 10.0: the carry ran out of digits
    }
  }
  const std::size_t int_len = digits.size() - static_cast<std::size_t>(decimals);
  const bool zero = std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; });
  if (negative && !zero) out += '-';
  out.append(digits, 0, int_len);
  if (decimals > 0) {
    out += '.';
    out.append(digits, int_len, std::string::npos);
  }
  return true;
}

void AppendTruncated(std::string_view value, int keep, std::string& out) {
  std::size_t i = 0;
  for (int kept = 0; kept < keep && i < value.size(); ++kept) i += CodePointLength(value, i);
  out.append(value.substr(0, i));
}

void AppendMasked(std::string_view value, int keep_last, std::string& out) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < value.size(); i += CodePointLength(value, i)) ++count;
  // A value no longer than what would be kept is masked whole.
  const std::size_t masked = count > static_cast<std::size_t>(std::max(keep_last, 0))
                                 ? count - static_cast<std::size_t>(keep_last)
                                 : count;
  std::size_t i = 0;
  for (std::size_t n = 0; n < masked; ++n) {
    i += CodePointLength(value, i);
    out += '*';
  }
  out.append(value.substr(i));
}

bool AppendPhoneCountry(std::string_view value, std::string_view default_calling_code,
                        std::string& scratch, std::string& out) {
  // A channel prefix ("whatsapp:", "sms:"): lower-case letters and a colon.
  std::size_t prefix = 0;
  while (prefix < value.size() && value[prefix] >= 'a' && value[prefix] <= 'z') ++prefix;
  if (prefix == 0 || prefix > 16 || prefix >= value.size() || value[prefix] != ':') {
    prefix = 0;
  } else {
    ++prefix;
  }
  Canonicalize(EntityType::kPhone, value.substr(prefix), default_calling_code, scratch);
  const auto what = ClassifyPhoneNumber(scratch);
  if (!what) return false;
  out.append(value.substr(0, prefix));
  out += '+';
  out += std::to_string(what->calling_code);
  out += ' ';
  out += PhoneLineTypeName(what->line);
  return true;
}

bool SplitUrl(std::string_view url, UrlParts& parts) {
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  const std::size_t colon = url.find("://");
  if (colon == 0 || colon == std::string_view::npos) return false;
  const std::string_view scheme = url.substr(0, colon);
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(scheme[0])) return false;
  for (const char c : scheme) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') return false;
  }
  std::string_view rest = url.substr(colon + 3);
  const std::size_t fragment = rest.find('#');
  if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
  const std::size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // user:password@ is never kept
  }
  if (authority.empty() || authority[0] == ':') return false;
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  const std::size_t question = rest.find('?');
  parts.scheme = scheme;
  parts.authority = authority;
  parts.path = rest.substr(0, question);
  parts.query = question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
  return true;
}

void AppendPercentDecoded(std::string_view text, bool plus_is_space, std::string& out) {
  const auto hex = [](char c) { return HexDigitValue(static_cast<unsigned char>(c)); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
}

}  // namespace scrubline
