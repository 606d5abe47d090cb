// KeywordMatcher: is a message body one of the opt-out, help or opt-in
// keywords (STOP, HELP, START ...)? Carriers and the CTIA handbook require
// such replies to be honoured, and they are no spam however short and
// shouty they are.
//
// A body *is* a keyword when, after trimming blanks, dropping every ASCII
// punctuation character and folding ASCII case, it equals one ("Stop.",
// " stop! ", "S.T.O.P" are STOP). Anything else is not: "Reply STOP to opt
// out" contains the word but is a sentence, and gets no exemption; "stop it"
// is two words; a non-ASCII byte ("STOP 🙏") makes it no keyword.
//
// Built once from the catalog's lists (patterns/aup/keywords.yaml);
// immutable, thread-safe; Match allocates nothing. Copyable.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classifiers/aup/aup_vocabulary.h"

namespace scrubline {

class KeywordMatcher {
 public:
  // Bodies longer than this are never a keyword (no keyword is that long,
  // even with punctuation and blanks around it).
  static constexpr std::size_t kMaxBodyBytes = 64;

  KeywordMatcher() = default;
  // `lists[k]`: upper-case ASCII words of keyword kind k (kNone's is ignored).
  explicit KeywordMatcher(const std::array<std::vector<std::string>, kMessageKeywordCount>& lists);

  MessageKeyword Match(std::string_view body) const;

 private:
  std::vector<std::pair<std::string, MessageKeyword>> words_;  // sorted by word
};

}  // namespace scrubline
