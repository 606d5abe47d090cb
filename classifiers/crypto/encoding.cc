#include "classifiers/crypto/encoding.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace scrubline {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kHexDigits[] = "0123456789abcdef";

constexpr std::uint8_t kInvalid = 0xff;

// Reverse table for one alphabet: kInvalid for every byte outside it (including
// '=', which the decoders handle separately).
constexpr std::array<std::uint8_t, 256> MakeDecodeTable(const char* alphabet) {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (std::uint8_t i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(alphabet[i])] = i;
  }
  return table;
}

constexpr std::array<std::uint8_t, 256> kBase64Decode = MakeDecodeTable(kBase64Alphabet);
constexpr std::array<std::uint8_t, 256> kBase64UrlDecode = MakeDecodeTable(kBase64UrlAlphabet);

// Encodes into the tail of `out`, growing it once, so a warmed-up `out` costs
// no allocation.
void AppendEncoded(std::string_view bytes, const char* alphabet, bool pad, std::string& out) {
  const std::size_t full_groups = bytes.size() / 3;
  const std::size_t rest = bytes.size() % 3;
  std::size_t encoded = full_groups * 4;
  if (rest != 0) encoded += pad ? 4 : rest + 1;

  const std::size_t start = out.size();
  out.resize(start + encoded);
  char* dst = out.data() + start;
  const auto* src = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t g = 0; g < full_groups; ++g, src += 3) {
    const std::uint32_t v = (std::uint32_t{src[0]} << 16) | (std::uint32_t{src[1]} << 8) | src[2];
    *dst++ = alphabet[(v >> 18) & 63];
    *dst++ = alphabet[(v >> 12) & 63];
    *dst++ = alphabet[(v >> 6) & 63];
    *dst++ = alphabet[v & 63];
  }
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{src[0]} << 16;
    *dst++ = alphabet[(v >> 18) & 63];
    *dst++ = alphabet[(v >> 12) & 63];
    if (pad) {
      *dst++ = '=';
      *dst++ = '=';
    }
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{src[0]} << 16) | (std::uint32_t{src[1]} << 8);
    *dst++ = alphabet[(v >> 18) & 63];
    *dst++ = alphabet[(v >> 12) & 63];
    *dst++ = alphabet[(v >> 6) & 63];
    if (pad) *dst++ = '=';
  }
}

// Decodes unpadded symbols (`text` has had its '=' padding removed by the
// caller), handing each byte to `emit`. Strict: a length of 1 mod 4 is
// impossible, and the unused low bits of the last symbol must be zero, so
// every byte string has exactly one accepted encoding (no "QR==" aliasing
// "QQ==").
template <typename Emit>
bool DecodeSymbolsTo(std::string_view text, const std::array<std::uint8_t, 256>& table,
                     Emit&& emit) {
  if (text.size() % 4 == 1) return false;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const std::uint8_t v = table[static_cast<unsigned char>(c)];
    if (v == kInvalid) return false;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      emit(static_cast<unsigned char>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits (2 or 4) are padding bits of the final symbol.
  return (acc & ((1u << bits) - 1)) == 0;
}

std::optional<std::string> DecodeSymbols(std::string_view text,
                                         const std::array<std::uint8_t, 256>& table) {
  const std::size_t rest = text.size() % 4;
  std::string out;
  out.reserve(text.size() / 4 * 3 + (rest == 0 ? 0 : rest - 1));
  if (!DecodeSymbolsTo(text, table,
                       [&out](unsigned char b) { out.push_back(static_cast<char>(b)); })) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

void AppendBase64(std::string_view bytes, std::string& out) {
  AppendEncoded(bytes, kBase64Alphabet, /*pad=*/true, out);
}

void AppendBase64UrlNoPad(std::string_view bytes, std::string& out) {
  AppendEncoded(bytes, kBase64UrlAlphabet, /*pad=*/false, out);
}

void AppendHex(std::string_view bytes, std::string& out) {
  const std::size_t start = out.size();
  out.resize(start + bytes.size() * 2);
  char* dst = out.data() + start;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    *dst++ = kHexDigits[b >> 4];
    *dst++ = kHexDigits[b & 0x0f];
  }
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  // Padded form only: whole groups of four, at most two trailing '='.
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  return DecodeSymbols(text.substr(0, text.size() - pad), kBase64Decode);
}

std::optional<std::string> DecodeBase64Url(std::string_view text) {
  // Unpadded, or padded exactly as §4 would pad it (length a multiple of four).
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  // With a whole number of groups the pad count matches the symbol count, so
  // "AA==" passes and "AAA==" does not.
  if (pad != 0 && text.size() % 4 != 0) return std::nullopt;
  return DecodeSymbols(text.substr(0, text.size() - pad), kBase64UrlDecode);
}

bool DecodeBase64UrlNoPadInto(std::string_view text, unsigned char* out, std::size_t size) {
  // Exactly the symbol count AppendBase64UrlNoPad writes for `size` bytes, so
  // the decoder below can never write past `out`.
  const std::size_t symbols = size / 3 * 4 + (size % 3 == 0 ? 0 : size % 3 + 1);
  if (text.size() != symbols) return false;
  return DecodeSymbolsTo(text, kBase64UrlDecode, [&out](unsigned char b) { *out++ = b; });
}

}  // namespace scrubline
