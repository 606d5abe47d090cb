#include "classifiers/pii/match_engine.h"

#include <hs/hs.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace scrubline {
namespace {

constexpr std::size_t kMaxPatterns = 65535;
// Initial capacity of the per-scratch buffers: enough for a dense SMS, so a
// warm scratch rarely grows.
constexpr std::size_t kInitialMatches = 64;
// No entity is longer than this many bytes; longer candidates are dropped.
// It bounds every RE2 search to a window, so work stays linear in the text.
constexpr std::size_t kMaxSpan = 1024;
// Shorter ends tried at one start after the longest failed validation.
constexpr int kMaxShorterEnds = 16;
// RE2 calls allowed per Classify: kCallsPerByte per text byte, plus a floor.
// Ordinary text uses a small fraction; adversarial text that would need more
// is an error (the caller fails closed) instead of a stall.
constexpr std::size_t kCallsPerByte = 16;
constexpr std::size_t kMinCalls = 4096;
// Memory budget of the RE2::Set (most of it is its DFA cache). When a text
// drives the DFA past it, that scan falls back to the Hyperscan prefilter.
constexpr std::int64_t kSetMaxMem = 32 << 20;

struct HsDatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};

// One Hyperscan report in SOM mode.
struct RawMatch {
  std::uint32_t pattern;
  std::uint32_t begin;
  std::uint32_t end;
};

// One pattern that matched somewhere (prefilter mode) and its first end.
struct Hit {
  std::uint32_t pattern;
  std::uint32_t first_end;
};

}  // namespace

struct MatchEngine::Impl {
  MatchStrategy strategy;
  std::unique_ptr<hs_database_t, HsDatabaseDeleter> db;
  // Prefilter modes only: one RE2 per pattern, and its maximum match width
  // (UINT32_MAX when unbounded).
  std::vector<std::unique_ptr<const RE2>> re2;
  std::vector<std::uint32_t> max_width;
  // kRe2Set only: every pattern in one RE2::Set (one DFA).
  std::unique_ptr<RE2::Set> set;
  std::size_t pattern_count = 0;
};

struct MatchEngine::Scratch::Impl {
  const MatchEngine* engine = nullptr;
  std::unique_ptr<hs_scratch_t, HsScratchDeleter> hs;
  std::vector<RawMatch> matches;
  std::vector<Hit> hits;
  std::vector<int> set_hits;
};

MatchEngine::Scratch::Scratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MatchEngine::Scratch::~Scratch() = default;

MatchEngine::MatchEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MatchEngine::~MatchEngine() = default;

MatchStrategy MatchEngine::strategy() const { return impl_->strategy; }
std::size_t MatchEngine::pattern_count() const { return impl_->pattern_count; }

namespace {

RE2::Options Re2Options() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);  // bytes, like Hyperscan without HS_FLAG_UTF8
  o.set_longest_match(true);                     // leftmost-longest: the whole entity
  o.set_never_capture(true);                     // only the overall span is needed
  o.set_log_errors(false);
  return o;
}

std::string HsError(hs_compile_error_t* e) {
  std::string m = e && e->message ? e->message : "unknown Hyperscan error";
  hs_free_compile_error(e);
  return m;
}

}  // namespace

StatusOr<std::unique_ptr<const MatchEngine>> MatchEngine::Create(
    const std::vector<PatternSpec>& patterns, MatchStrategy strategy) {
  if (patterns.empty()) return InvalidArgumentError("match engine: no patterns");
  if (patterns.size() > kMaxPatterns)
    return InvalidArgumentError("match engine: too many patterns");
  auto impl = std::make_unique<Impl>();
  impl->strategy = strategy;
  impl->pattern_count = patterns.size();

  const unsigned mode_flag =
      strategy == MatchStrategy::kHyperscanSom ? HS_FLAG_SOM_LEFTMOST : HS_FLAG_SINGLEMATCH;
  std::vector<const char*> expressions;
  std::vector<unsigned> flags(patterns.size(), mode_flag);
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const PatternSpec& p = patterns[i];
    // RE2 first: its messages are the clearer ones for syntax errors, and
    // every pattern must stay usable by both strategies.
    auto re = std::make_unique<const RE2>(p.pattern, Re2Options());
    if (!re->ok()) {
      return InvalidArgumentError(p.where + ": pattern rejected by RE2: " + re->error());
    }
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_expression_info(p.pattern.c_str(), mode_flag, &info, &err) != HS_SUCCESS) {
      return InvalidArgumentError(p.where + ": pattern rejected by Hyperscan: " + HsError(err));
    }
    const bool empty_ok = info->min_width == 0;
    const std::size_t info_min_width = info->min_width;
    const unsigned max_width = info->max_width;
    std::free(info);  // allocated by Hyperscan's default allocator (malloc)
    if (empty_ok) return InvalidArgumentError(p.where + ": pattern can match the empty string");
    if (info_min_width > kMaxSpan) {
      return InvalidArgumentError(p.where + ": pattern only matches spans longer than " +
                                  std::to_string(kMaxSpan) + " bytes");
    }
    if (strategy != MatchStrategy::kHyperscanSom) {
      impl->re2.push_back(std::move(re));
      impl->max_width.push_back(max_width);
    }
    expressions.push_back(p.pattern.c_str());
    ids.push_back(static_cast<unsigned>(i));
  }

  // The RE2::Set strategy never runs Hyperscan: every pattern was checked
  // above to be Hyperscan-compatible (hs_expression_info), but compiling the
  // database would cost ~0.5 s of start-up for nothing.
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (strategy != MatchStrategy::kRe2Set && hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                       &err) != HS_SUCCESS) {
    std::string where = "match engine";
    if (err && err->expression >= 0 &&
        static_cast<std::size_t>(err->expression) < patterns.size()) {
      where = patterns[err->expression].where;
    }
    return InvalidArgumentError(where + ": Hyperscan cannot compile the pattern: " + HsError(err));
  }
  impl->db.reset(db);

  if (strategy == MatchStrategy::kRe2Set) {
    RE2::Options o = Re2Options();
    o.set_max_mem(kSetMaxMem);
    impl->set = std::make_unique<RE2::Set>(o, RE2::UNANCHORED);
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      std::string error;
      if (impl->set->Add(patterns[i].pattern, &error) != static_cast<int>(i)) {
        return InvalidArgumentError(patterns[i].where + ": pattern rejected by RE2::Set: " + error);
      }
    }
    if (!impl->set->Compile()) return InternalError("match engine: RE2::Set does not compile");
  }
  return std::unique_ptr<const MatchEngine>(new MatchEngine(std::move(impl)));
}

StatusOr<std::unique_ptr<MatchEngine::Scratch>> MatchEngine::NewScratch() const {
  auto s = std::make_unique<Scratch::Impl>();
  s->engine = this;
  if (impl_->db) {
    hs_scratch_t* hs = nullptr;
    if (hs_alloc_scratch(impl_->db.get(), &hs) != HS_SUCCESS) {
      return InternalError("match engine: hs_alloc_scratch failed");
    }
    s->hs.reset(hs);
  }
  s->matches.reserve(kInitialMatches);
  s->hits.reserve(impl_->pattern_count);
  s->set_hits.reserve(impl_->pattern_count);
  return std::make_unique<Scratch>(std::move(s));
}

namespace {

int OnSomMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
               void* ctx) {
  auto* matches = static_cast<std::vector<RawMatch>*>(ctx);
  matches->push_back(
      RawMatch{id, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)});
  return 0;
}

int OnFirstMatch(unsigned int id, unsigned long long, unsigned long long to, unsigned int,
                 void* ctx) {
  auto* hits = static_cast<std::vector<Hit>*>(ctx);
  hits->push_back(Hit{id, static_cast<std::uint32_t>(to)});
  return 0;
}

// SOM mode: group the reports by (pattern, start) and offer ends longest
// first until one is kept.
void OfferSomMatches(std::vector<RawMatch>& matches, CandidateSink& sink) {
  std::sort(matches.begin(), matches.end(), [](const RawMatch& a, const RawMatch& b) {
    if (a.pattern != b.pattern) return a.pattern < b.pattern;
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end > b.end;
  });
  for (std::size_t i = 0; i < matches.size();) {
    std::size_t j = i;
    bool kept = false;
    for (; j < matches.size() && matches[j].pattern == matches[i].pattern &&
           matches[j].begin == matches[i].begin;
         ++j) {
      if (!kept && matches[j].end > matches[j].begin &&
          matches[j].end - matches[j].begin <= kMaxSpan) {
        kept = sink.Offer(static_cast<std::uint16_t>(matches[j].pattern), matches[j].begin,
                          matches[j].end);
      }
    }
    i = j;
  }
}

// Prefilter modes: RE2 extracts the spans of one pattern known to match.
//
// Work is kept linear in the text: searches look at most 2 * kMaxSpan bytes
// ahead (a match starting in the first half fits entirely; none there means
// skip kMaxSpan bytes), at most kMaxShorterEnds shorter ends are tried per
// start, and every RE2 call is charged to `budget`. Returns false when the
// budget is spent.
bool OfferRe2Matches(const RE2& re, std::uint32_t pattern, std::uint32_t max_width,
                     std::uint32_t first_end, std::string_view text, CandidateSink& sink,
                     std::size_t& budget) {
  const std::size_t n = text.size();
  // No match can start before the first match's end minus the widest match.
  std::size_t pos = (max_width != std::numeric_limits<unsigned>::max() && first_end > max_width)
                        ? first_end - max_width
                        : 0;
  const re2::StringPiece whole(text.data(), n);
  re2::StringPiece m;
  while (pos < n) {
    if (budget == 0) return false;
    --budget;
    const std::size_t window_end = std::min(n, pos + 2 * kMaxSpan);
    if (!re.Match(whole, pos, window_end, RE2::UNANCHORED, &m, 1)) {
      if (window_end == n) break;
      pos += kMaxSpan;  // no match starts in [pos, pos + kMaxSpan)
      continue;
    }
    const std::size_t begin = static_cast<std::size_t>(m.data() - text.data());
    std::size_t end = begin + m.size();
    if (begin >= pos + kMaxSpan && window_end < n) {
      pos = begin;  // the window may have cut this match short: look again from it
      continue;
    }
    if (end == begin) {  // cannot happen (Create rejects empty matches); stay safe
      pos = begin + 1;
      continue;
    }
    bool kept = end - begin <= kMaxSpan &&
                sink.Offer(static_cast<std::uint16_t>(pattern), static_cast<std::uint32_t>(begin),
                           static_cast<std::uint32_t>(end));
    // Rejected: offer the next shorter matches at the same start.
    for (int tries = 0; !kept && tries < kMaxShorterEnds && end - begin > 1; ++tries) {
      if (budget == 0) return false;
      --budget;
      if (!re.Match(whole, begin, end - 1, RE2::ANCHOR_START, &m, 1) || m.empty()) break;
      end = begin + m.size();
      kept = end - begin <= kMaxSpan &&
             sink.Offer(static_cast<std::uint16_t>(pattern), static_cast<std::uint32_t>(begin),
                        static_cast<std::uint32_t>(end));
    }
    pos = kept ? end : begin + 1;
  }
  return true;
}

}  // namespace

Status MatchEngine::Scan(std::string_view text, Scratch& scratch, CandidateSink& sink) const {
  Scratch::Impl& s = scratch.impl();
  if (s.engine != this) return InternalError("match engine: scratch of another engine");
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    return InvalidArgumentError("match engine: text of 4 GiB or more");
  }
  const unsigned len = static_cast<unsigned>(text.size());
  if (impl_->strategy == MatchStrategy::kHyperscanSom) {
    s.matches.clear();
    hs_error_t rc =
        hs_scan(impl_->db.get(), text.data(), len, 0, s.hs.get(), OnSomMatch, &s.matches);
    if (rc != HS_SUCCESS)
      return InternalError("match engine: hs_scan failed, code " + std::to_string(rc));
    OfferSomMatches(s.matches, sink);
    return Status::Ok();
  }
  std::size_t budget = kMinCalls + kCallsPerByte * text.size();
  const auto exhausted = [] {  // built only on failure: Scan must not allocate
    return ResourceExhaustedError("match engine: text needs more than " +
                                  std::to_string(kCallsPerByte) +
                                  " RE2 searches per byte; left unclassified");
  };
  if (impl_->strategy == MatchStrategy::kRe2Set) {
    // A first pass without the output vector: RE2::Set allocates its match
    // set only when asked which patterns matched, and most texts match none.
    RE2::Set::ErrorInfo info{};
    const re2::StringPiece piece(text.data(), text.size());
    if (!impl_->set->Match(piece, nullptr, &info) && info.kind == RE2::Set::kNoError) {
      return Status::Ok();
    }
    if (info.kind == RE2::Set::kNoError && impl_->set->Match(piece, &s.set_hits, &info) &&
        info.kind == RE2::Set::kNoError) {
      for (int p : s.set_hits) {
        if (!OfferRe2Matches(*impl_->re2[p], static_cast<std::uint32_t>(p),
                             std::numeric_limits<unsigned>::max(), 0, text, sink, budget)) {
          return exhausted();
        }
      }
      return Status::Ok();
    }
    // The set's DFA ran out of memory on this text: Hyperscan decides.
  }
  s.hits.clear();
  hs_error_t rc = hs_scan(impl_->db.get(), text.data(), len, 0, s.hs.get(), OnFirstMatch, &s.hits);
  if (rc != HS_SUCCESS)
    return InternalError("match engine: hs_scan failed, code " + std::to_string(rc));
  for (const Hit& h : s.hits) {
    if (!OfferRe2Matches(*impl_->re2[h.pattern], h.pattern, impl_->max_width[h.pattern],
                         h.first_end, text, sink, budget)) {
      return exhausted();
    }
  }
  return Status::Ok();
}

}  // namespace scrubline
