// Byte encodings used in outputs: base64 (RFC 4648 §4, padded; `value_b64`),
// base64url (§5, unpadded; keys and tokens) and lower-case hex (digests).
// Pure functions; Append* never clear `out`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace scrubline {

void AppendBase64(std::string_view bytes, std::string& out);
void AppendBase64UrlNoPad(std::string_view bytes, std::string& out);
void AppendHex(std::string_view bytes, std::string& out);
// Decoders accept exactly what the encoders produce (base64url also accepts
// '=' padding); nullopt on any other character or a bad length.
std::optional<std::string> DecodeBase64(std::string_view text);
std::optional<std::string> DecodeBase64Url(std::string_view text);
// Unpadded base64url of exactly `size` bytes, decoded into `out[0..size)`
// without allocating (for fixed-size binary ids on hot paths); false for any
// other length or character, and then `out` may be partly written.
bool DecodeBase64UrlNoPadInto(std::string_view text, unsigned char* out, std::size_t size);

}  // namespace scrubline
