// HKDF-SHA256 (RFC 5869, extract-then-expand) through OpenSSL's EVP_KDF.
//
// Used by KeyRing to derive one subkey per purpose from a key's material.
// Pure function; thread-safe. Cost: one EVP_KDF fetch and context per call
// (a few microseconds): meant for start-up and reload, not per record.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"

namespace scrubline {

// `length` output bytes; 1 <= length <= 255 * 32 (RFC 5869 §2.3). `ikm` must
// not be empty. An empty `salt` means HashLen zero bytes, as in the RFC.
// Errors never contain any of the inputs.
StatusOr<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                                 std::size_t length);

}  // namespace scrubline
