// `scrubline reidentify`: gives an authorised operator back the values the
// `encrypt` policy action wrote (classifiers/crypto/value_cipher.h).
//
// Input: one encrypted value per line ("enc_<key id>_<data>"; surrounding
// blanks and a trailing '\r' ignored, blank lines skipped). Output: per value,
// one line holding the original as a JSON string (quoted and escaped, so a
// value with a line break or quote stays one unambiguous line). The first
// value that is malformed, under a key the ring lacks, or does not
// authenticate stops the run with an error naming its line number and the
// reason, never the value: a tampered value is rejected, not guessed at.
#pragma once

#include <istream>
#include <ostream>

#include "classifiers/base/status.h"
#include "classifiers/crypto/value_cipher.h"

namespace scrubline {

// Returns the number of values written.
StatusOr<std::size_t> ReidentifyStream(std::istream& in, std::ostream& out, ValueCipher& cipher);

}  // namespace scrubline
