#include "classifiers/pii/value_lists.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <set>

#include "classifiers/pii/phone_numbers.h"

namespace scrubline {
namespace {

static_assert(kEntityTypeCount <= 64, "type masks are 64 bits");

// Room for the type byte, a phone marker and a listed value's canonical form.
constexpr std::size_t kMaxKeyBytes = kMaxListValueBytes + 2;

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAlnum(char c) { return IsDigit(c) || IsUpper(c) || IsLower(c); }
constexpr char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
constexpr bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

enum class Canon : unsigned char { kPhone, kDigits, kUpperAlnum, kLower, kExact };

Canon CanonFor(EntityType type) {
  switch (type) {
    case EntityType::kPhone:
      return Canon::kPhone;
    case EntityType::kCreditCard:
    case EntityType::kUsSsn:
    case EntityType::kUsItin:
    case EntityType::kUsBankNumber:
    case EntityType::kAbaRoutingNumber:
    case EntityType::kUkNhs:
    case EntityType::kImei:
    case EntityType::kIccid:
    case EntityType::kInAadhaar:
      return Canon::kDigits;
    case EntityType::kIban:
    case EntityType::kSwiftBic:
    case EntityType::kUkNino:
    case EntityType::kUkPostcode:
    case EntityType::kUsPassport:
    case EntityType::kUsDriverLicense:
    case EntityType::kEsNif:
    case EntityType::kEsNie:
    case EntityType::kItFiscalCode:
    case EntityType::kMacAddress:
    case EntityType::kAdvertisingId:
      return Canon::kUpperAlnum;
    case EntityType::kEmail:
    case EntityType::kIpAddress:
    case EntityType::kSipUri:
      return Canon::kLower;
    default:
      return Canon::kExact;
  }
}

// Appends to buf[n..capacity); false when it does not fit.
struct KeyWriter {
  char* buf;
  std::size_t capacity;
  std::size_t n = 0;
  bool Put(char c) {
    if (n == capacity) return false;
    buf[n++] = c;
    return true;
  }
};

// 'I' + digits for a number written internationally ("+", or "00"), else
// 'N' + digits. Digits after the first letter (an extension) are ignored,
// and so is "(0)" in an international number ("+44 (0)20 ...").
bool PhoneKey(std::string_view s, KeyWriter& w) {
  s = Trim(s);
  bool international = false;
  if (!s.empty() && s.front() == '+') {
    international = true;
    s.remove_prefix(1);
  } else if (s.size() >= 2 && s[0] == '0' && s[1] == '0') {
    international = true;
    s.remove_prefix(2);
  }
  if (!w.Put(international ? 'I' : 'N')) return false;
  const std::size_t start = w.n;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (IsUpper(c) || IsLower(c)) break;  // "x23", "ext. 23"
    if (international && c == '(' && s.substr(i, 3) == "(0)") {
      i += 2;
      continue;
    }
    if (IsDigit(c) && !w.Put(c)) return false;
  }
  return w.n > start;
}

// The national written forms of an international phone key ('I' + E.164
// digits) in the regions of the phone table; none for other countries.
std::vector<std::string> NationalPhoneKeys(std::string_view e164) {
  std::vector<std::string> out;
  for (const PhoneRegion& r : PhoneRegions()) {
    const std::string code = std::to_string(r.calling_code);
    if (!e164.starts_with(code) || e164.size() <= code.size()) continue;
    const std::string nsn(e164.substr(code.size()));
    if (r.trunk_prefix == 0 || r.trunk_prefix == '1') out.push_back("N" + nsn);
    if (r.trunk_prefix != 0) out.push_back(std::string("N") + r.trunk_prefix + nsn);
  }
  return out;
}

Status ListError(std::string_view prefix, std::string_view key, std::size_t index,
                 const YAML::Node& node, std::string_view problem) {
  std::string m(prefix);
  m += ": ";
  m += key;
  m += " #" + std::to_string(index + 1);
  const YAML::Mark mark = node.Mark();
  if (!mark.is_null()) m += " (line " + std::to_string(mark.line + 1) + ")";
  m += ": ";
  m += problem;
  return InvalidArgumentError(std::move(m));
}

std::string Quote(std::string_view s) {
  std::string out = "\"";  // not "\"" + std::string(s): GCC 12's -Wrestrict false positive
  out += s;
  out += '"';
  return out;
}

// Checks that `item` is a mapping with only `allowed` keys, each a scalar.
// Returns the problem, or "" when it is fine.
std::string KeyProblem(const YAML::Node& item, std::initializer_list<std::string_view> allowed) {
  if (!item.IsMap()) return "must be a mapping";
  std::set<std::string> seen;
  for (const auto& kv : item) {
    if (!kv.first.IsScalar()) return "has a non-scalar key";
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string m = "unknown key " + Quote(key);
      const YAML::Mark mark = kv.first.Mark();
      if (!mark.is_null()) m += " (line " + std::to_string(mark.line + 1) + ")";
      m += "; allowed: ";
      bool first = true;
      for (std::string_view a : allowed) {
        if (!first) m += ", ";
        m += a;
        first = false;
      }
      return m;
    }
    if (!seen.insert(key).second) return "duplicate key " + Quote(key);
    if (!kv.second.IsScalar()) return Quote(key) + " must be a string";
  }
  return "";
}

// The text of item[key], trimmed; "" when absent.
std::string Field(const YAML::Node& item, const char* key) {
  const YAML::Node n = item[key];
  return n ? std::string(Trim(n.Scalar())) : std::string();
}

// Control bytes would make a value that no text shows; refuse them.
bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

std::size_t CanonicalAllowKey(EntityType type, std::string_view value, char* buf,
                              std::size_t capacity) {
  KeyWriter w{buf, capacity};
  if (!w.Put(static_cast<char>(static_cast<unsigned char>(type) + 1))) return 0;
  const std::size_t start = w.n;
  switch (CanonFor(type)) {
    case Canon::kPhone:
      return PhoneKey(value, w) ? w.n : 0;
    case Canon::kDigits:
      for (char c : value) {
        if (IsDigit(c) && !w.Put(c)) return 0;
      }
      break;
    case Canon::kUpperAlnum:
      for (char c : value) {
        if (IsAlnum(c) && !w.Put(ToUpper(c))) return 0;
      }
      break;
    case Canon::kLower:
      for (char c : Trim(value)) {
        if (!w.Put(ToLower(c))) return 0;
      }
      break;
    case Canon::kExact:
      for (char c : Trim(value)) {
        if (!w.Put(c)) return 0;
      }
      break;
  }
  return w.n > start ? w.n : 0;
}

Status ParseAllowEntries(const YAML::Node& list, std::string_view prefix, std::string_view key,
                         std::vector<AllowEntry>& out) {
  if (!list.IsSequence()) {
    return InvalidArgumentError(std::string(prefix) + ": " + std::string(key) +
                                " must be a list of {type, value, note}");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    if (std::string p = KeyProblem(item, {"type", "value", "note"}); !p.empty()) {
      return ListError(prefix, key, i, item, p);
    }
    AllowEntry e;
    const std::string type = Field(item, "type");
    if (type.empty()) return ListError(prefix, key, i, item, "missing \"type\"");
    const auto parsed = ParseEntityType(type);
    if (!parsed) {
      return ListError(prefix, key, i, item,
                       "unknown type " + Quote(type) +
                           " (entity type names are listed in classifiers/base/entity_type.h)");
    }
    if (*parsed == EntityType::kCustomTerm) {
      return ListError(prefix, key, i, item, "CUSTOM_TERM comes from deny lists; it cannot be allowed");
    }
    e.type = *parsed;
    e.value = Field(item, "value");
    if (e.value.empty()) return ListError(prefix, key, i, item, "missing or empty \"value\"");
    if (e.value.size() > kMaxListValueBytes || HasControl(e.value)) {
      return ListError(prefix, key, i, item,
                       "\"value\" must be one line of at most " +
                           std::to_string(kMaxListValueBytes) + " bytes");
    }
    e.note = Field(item, "note");
    e.where = std::string(prefix) + ": " + std::string(key) + " #" + std::to_string(i + 1);
    // The same checks AllowList::Create makes, reported with the line.
    std::array<char, kMaxKeyBytes> buf;
    const std::size_t n = CanonicalAllowKey(e.type, e.value, buf.data(), buf.size());
    if (n == 0) {
      return ListError(prefix, key, i, item,
                       "\"value\" has no canonical form as " + type +
                           " (no digits or letters where the type needs them)");
    }
    if (e.type == EntityType::kPhone && buf[1] != 'I') {
      return ListError(prefix, key, i, item,
                       "a PHONE value must be written internationally (\"+<country code> "
                       "...\"), so that its national forms can be derived");
    }
    out.push_back(std::move(e));
  }
  return Status::Ok();
}

Status ParseDenyEntries(const YAML::Node& list, std::string_view prefix, std::string_view key,
                        std::string_view id_prefix, std::vector<DenyEntry>& out) {
  if (!list.IsSequence()) {
    return InvalidArgumentError(std::string(prefix) + ": " + std::string(key) +
                                " must be a list of {term, type, note}");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    if (std::string p = KeyProblem(item, {"term", "type", "note"}); !p.empty()) {
      return ListError(prefix, key, i, item, p);
    }
    DenyEntry e;
    e.term = Field(item, "term");
    if (e.term.empty()) return ListError(prefix, key, i, item, "missing or empty \"term\"");
    if (e.term.size() > kMaxListValueBytes || HasControl(e.term)) {
      return ListError(prefix, key, i, item,
                       "\"term\" must be one line of at most " +
                           std::to_string(kMaxListValueBytes) + " bytes");
    }
    if (std::none_of(e.term.begin(), e.term.end(), IsAlnum)) {
      return ListError(prefix, key, i, item, "\"term\" needs at least one ASCII letter or digit");
    }
    if (const std::string type = Field(item, "type"); !type.empty()) {
      const auto parsed = ParseEntityType(type);
      if (!parsed) {
        return ListError(prefix, key, i, item,
                         "unknown type " + Quote(type) +
                             " (entity type names are listed in classifiers/base/entity_type.h)");
      }
      e.type = *parsed;
    }
    e.note = Field(item, "note");
    e.where = std::string(prefix) + ": " + std::string(key) + " #" + std::to_string(i + 1);
    e.id = std::string(id_prefix) + "_deny_" + std::to_string(i + 1);
    out.push_back(std::move(e));
  }
  return Status::Ok();
}

std::string DenyTermPattern(std::string_view term) {
  term = Trim(term);
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto is_word = [](char c) { return IsAlnum(c) || c == '_'; };
  std::string p;
  if (!term.empty() && is_word(term.front())) p += "\\b";
  for (std::size_t i = 0; i < term.size(); ++i) {
    const char c = term[i];
    const auto u = static_cast<unsigned char>(c);
    if (IsSpace(c)) {
      while (i + 1 < term.size() && IsSpace(term[i + 1])) ++i;
      p += "[ \\t\\r\\n]+";
    } else if (IsUpper(c) || IsLower(c)) {
      p += '[';
      p += ToLower(c);
      p += ToUpper(c);
      p += ']';
    } else if (IsDigit(c) || c == '_') {
      p += c;
    } else if (u >= 0x80) {
      p += "\\x";
      p += kHex[u >> 4];
      p += kHex[u & 0xF];
    } else {
      p += '\\';  // ASCII punctuation: escaped, literal in both engines
      p += c;
    }
  }
  if (!term.empty() && is_word(term.back())) p += "\\b";
  return p;
}

StatusOr<AllowList> AllowList::Create(const std::vector<AllowEntry>& entries) {
  AllowList list;
  std::array<char, kMaxKeyBytes> buf;
  for (const AllowEntry& e : entries) {
    const std::size_t n = CanonicalAllowKey(e.type, e.value, buf.data(), buf.size());
    if (n == 0) return InvalidArgumentError(e.where + ": the value has no canonical form");
    const std::string key(buf.data(), n);
    list.keys_.push_back(key);
    if (e.type == EntityType::kPhone) {
      if (key[1] != 'I') {
        return InvalidArgumentError(e.where + ": a PHONE value must be written internationally");
      }
      for (std::string& national : NationalPhoneKeys(std::string_view(key).substr(2))) {
        list.keys_.push_back(key.substr(0, 1) + national);
      }
    }
    list.types_ |= std::uint64_t{1} << static_cast<unsigned>(e.type);
  }
  std::sort(list.keys_.begin(), list.keys_.end());
  list.keys_.erase(std::unique(list.keys_.begin(), list.keys_.end()), list.keys_.end());
  return list;
}

bool AllowList::Contains(EntityType type, std::string_view written) const {
  if (!(types_ & (std::uint64_t{1} << static_cast<unsigned>(type)))) return false;
  char buf[kMaxKeyBytes];
  const std::size_t n = CanonicalAllowKey(type, written, buf, sizeof buf);
  if (n == 0) return false;
  return std::binary_search(keys_.begin(), keys_.end(), std::string_view(buf, n),
                            [](std::string_view a, std::string_view b) { return a < b; });
}

}  // namespace scrubline
