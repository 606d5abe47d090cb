#include "classifiers/aup/spam_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "classifiers/base/hash.h"
#include "classifiers/crypto/digest.h"

namespace scrubline {
namespace {

constexpr char kMagic[8] = {'S', 'C', 'R', 'B', 'S', 'P', 'A', 'M'};
constexpr std::uint32_t kKnownFeatures =
    SpamModel::kWords | SpamModel::kWordBigrams | SpamModel::kCharTrigrams;
constexpr std::uint32_t kMinBits = 10, kMaxBits = 24;
constexpr std::size_t kHeaderBytes = 8 + 4 * 6 + 8 * 2 + 64;
constexpr std::size_t kNumberDigits = 5;  // a token with this many digits is a number shape


enum Kind : std::uint64_t { kWordKind = 1, kBigramKind = 2, kTrigramKind = 3, kNumberKind = 4 };

// Per byte: whether it belongs to a token (letters, digits, non-ASCII),
// whether it is a digit, and its ASCII lower case. One table read per byte
// instead of three comparisons.
struct TokenBytes {
  static constexpr std::uint8_t kToken = 1, kDigit = 2;
  std::uint8_t kind[256]{};
  std::uint8_t lower[256]{};
  constexpr TokenBytes() {
    for (int c = 0; c < 256; ++c) {
      const bool digit = c >= '0' && c <= '9';
      const bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
      kind[c] = static_cast<std::uint8_t>((digit || letter || c >= 0x80 ? kToken : 0) | (digit ? kDigit : 0));
      lower[c] = static_cast<std::uint8_t>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
  }
};
constexpr TokenBytes kTokenBytes;

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
}
void PutF64(std::string& out, double d) {
  std::uint64_t v;
  std::memcpy(&v, &d, 8);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
}
std::uint32_t GetU32(std::string_view in, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return v;
}
double GetF64(std::string_view in, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  double d;
  std::memcpy(&d, &v, 8);
  return d;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256Digest d;
  d.Update(bytes);
  return d.FinalHex();
}

}  // namespace

// Hashing is the model's cost (a lookup is one read of a table that fits
// in L2), so each byte is read once: a word is hashed 8 bytes at a time
// while its trigrams are rolled along, and a trigram (24 bits) is hashed by
// one multiplication by a seeded odd constant, keeping the product's top
// bits. Words and pairs are few and get the full mix.
template <typename F>
F SpamModel::ForEachBucket(std::string_view text, F f) const {
  const std::uint64_t basis = SplitMix64(kFnv64Offset ^ seed_);
  const std::uint64_t trigram_multiplier = SplitMix64(basis ^ kTrigramKind) | 1;
  const unsigned shift = 64 - bucket_bits_;
  const auto bucket = [&](std::uint64_t h, Kind kind) {
    return static_cast<std::uint32_t>(SplitMix64(h ^ (kind * 0x9e3779b97f4a7c15ull)) >> shift);
  };
  const bool trigrams = (feature_set_ & kCharTrigrams) != 0;
  std::uint64_t previous = 0;
  bool have_previous = false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (!(kTokenBytes.kind[bytes[i]] & TokenBytes::kToken)) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    std::size_t digits = 0;
    for (; i < n; ++i) {
      const std::uint8_t k = kTokenBytes.kind[bytes[i]];
      if (!(k & TokenBytes::kToken)) break;
      digits += k >> 1;
    }
    std::uint64_t h;
    Kind kind = kWordKind;
    if (digits >= kNumberDigits) {  // "09061701461" -> a number of 11 digits
      kind = kNumberKind;
      h = SplitMix64(basis ^ (kNumberKind << 32) ^ std::min<std::size_t>(digits, 20));
    } else {
      // The 3-byte windows of " token ", and the token 8 bytes at a time.
      std::uint64_t window = ' ';
      std::uint64_t chunk = 0;
      unsigned filled = 0;
      h = basis;
      for (std::size_t k = begin; k < i; ++k) {
        const std::uint64_t c = kTokenBytes.lower[bytes[k]];
        window = (window << 8 | c) & 0xFFFFFF;
        if (trigrams && k > begin) f(static_cast<std::uint32_t>((window * trigram_multiplier) >> shift));
        chunk |= c << (8 * filled);
        if (++filled == 8) {
          h = SplitMix64(h ^ chunk);
          chunk = 0;
          filled = 0;
        }
      }
      if (trigrams) {
        window = (window << 8 | ' ') & 0xFFFFFF;
        f(static_cast<std::uint32_t>((window * trigram_multiplier) >> shift));
      }
      h = SplitMix64(h ^ chunk ^ ((i - begin) * 0x9e3779b97f4a7c15ull));
    }
    if (feature_set_ & kWords) f(bucket(h, kind));
    if ((feature_set_ & kWordBigrams) && have_previous) {
      f(bucket((previous * kFnv64Prime) ^ SplitMix64(h), kBigramKind));
    }
    previous = h;
    have_previous = true;
  }
  return f;
}

SpamModel SpamModel::Train(std::span<const LabelledText> data, const SpamModelOptions& options) {
  SpamModel m;
  m.seed_ = options.seed;
  m.bucket_bits_ = std::clamp(options.bucket_bits, kMinBits, kMaxBits);
  m.feature_set_ = kWords | kWordBigrams | (options.char_trigrams ? kCharTrigrams : 0);
  if (options.data_sha256.size() == 64) m.data_sha256_ = options.data_sha256;
  const std::size_t buckets = std::size_t{1} << m.bucket_bits_;
  std::vector<double> spam(buckets, 0.0), ham(buckets, 0.0);
  double spam_total = 0, ham_total = 0;
  for (const LabelledText& t : data) {
    auto& counts = t.spam ? spam : ham;
    double& total = t.spam ? spam_total : ham_total;
    m.ForEachBucket(t.text, [&](std::uint32_t b) {
      counts[b] += 1;
      total += 1;
    });
    (t.spam ? m.spam_texts_ : m.ham_texts_) += 1;
  }
  // Smoothed log-likelihood ratios over the buckets training touched.
  std::size_t seen = 0;
  for (std::size_t b = 0; b < buckets; ++b) seen += spam[b] + ham[b] > 0;
  const double a = options.smoothing > 0 ? options.smoothing : 0.5;
  const double spam_denominator = spam_total + a * static_cast<double>(seen);
  const double ham_denominator = ham_total + a * static_cast<double>(seen);
  std::vector<double> ratio(buckets, 0.0);
  double largest = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    if (spam[b] + ham[b] == 0) continue;
    ratio[b] = std::log((spam[b] + a) / spam_denominator) - std::log((ham[b] + a) / ham_denominator);
    largest = std::max(largest, std::fabs(ratio[b]));
  }
  m.scale_ = largest > 0 ? largest / 32767.0 : 1.0;
  m.weights_.assign(buckets, 0);
  for (std::size_t b = 0; b < buckets; ++b) {
    m.weights_[b] = static_cast<std::int16_t>(std::lround(ratio[b] / m.scale_));
  }
  m.prior_ = std::log((m.spam_texts_ + 1.0) / (m.ham_texts_ + 1.0));
  return m;
}

double SpamModel::LogOdds(std::string_view text) const {
  // The visitor is passed by value and handed back, so its total can live
  // in a register of the hashing loop instead of behind a reference.
  struct Sum {
    const std::int16_t* weights;
    std::int64_t total = 0;
    void operator()(std::uint32_t b) { total += weights[b]; }
  };
  const Sum sum = ForEachBucket(text, Sum{weights_.data()});
  return prior_ + static_cast<double>(sum.total) * scale_;
}

std::string SpamModel::Serialize() const {
  std::string out(kMagic, sizeof kMagic);
  PutU32(out, kFormatVersion);
  PutU32(out, feature_set_);
  PutU32(out, seed_);
  PutU32(out, bucket_bits_);
  PutU32(out, spam_texts_);
  PutU32(out, ham_texts_);
  PutF64(out, prior_);
  PutF64(out, scale_);
  out += data_sha256_;
  out.reserve(out.size() + weights_.size() * 2 + 64);
  for (std::int16_t w : weights_) {
    const auto u = static_cast<std::uint16_t>(w);
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  out += Sha256Hex(out);
  return out;
}

StatusOr<SpamModel> SpamModel::Parse(std::string_view bytes, const std::string& source_name) {
  const auto refuse = [&](const std::string& why) {
    return InvalidArgumentError(source_name + ": not a usable spam model: " + why);
  };
  if (bytes.size() < kHeaderBytes + 64 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return refuse("no SCRBSPAM header (not a model file, or cut short)");
  }
  const std::uint32_t version = GetU32(bytes, 8);
  if (version != kFormatVersion) {
    return refuse("format version " + std::to_string(version) + ", this build reads version " +
                  std::to_string(kFormatVersion) + " (retrain with scrubline train-spam)");
  }
  SpamModel m;
  m.feature_set_ = GetU32(bytes, 12);
  if (m.feature_set_ == 0 || (m.feature_set_ & ~kKnownFeatures) != 0) {
    return refuse("feature set " + std::to_string(m.feature_set_) +
                  " is not one this build computes (retrain with scrubline train-spam)");
  }
  m.seed_ = GetU32(bytes, 16);
  m.bucket_bits_ = GetU32(bytes, 20);
  if (m.bucket_bits_ < kMinBits || m.bucket_bits_ > kMaxBits) {
    return refuse("bucket bits " + std::to_string(m.bucket_bits_) + " outside 10-24");
  }
  const std::size_t buckets = std::size_t{1} << m.bucket_bits_;
  if (bytes.size() != kHeaderBytes + 2 * buckets + 64) {
    return refuse(std::to_string(bytes.size()) + " bytes where the header promises " +
                  std::to_string(kHeaderBytes + 2 * buckets + 64) + " (cut or padded)");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - 64);
  if (Sha256Hex(body) != bytes.substr(bytes.size() - 64)) {
    return refuse("checksum mismatch (the file was changed or damaged)");
  }
  m.spam_texts_ = GetU32(bytes, 24);
  m.ham_texts_ = GetU32(bytes, 28);
  m.prior_ = GetF64(bytes, 32);
  m.scale_ = GetF64(bytes, 40);
  if (!std::isfinite(m.prior_) || !std::isfinite(m.scale_) || m.scale_ <= 0) {
    return refuse("prior or scale is not a finite number");
  }
  m.data_sha256_ = std::string(bytes.substr(48, 64));
  m.weights_.resize(buckets);
  for (std::size_t b = 0; b < buckets; ++b) {
    const auto lo = static_cast<unsigned char>(bytes[kHeaderBytes + 2 * b]);
    const auto hi = static_cast<unsigned char>(bytes[kHeaderBytes + 2 * b + 1]);
    m.weights_[b] = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | hi << 8));
  }
  return m;
}

StatusOr<SpamModel> SpamModel::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read the spam model " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return Parse(bytes.str(), path);
}

}  // namespace scrubline
