#include "classifiers/pii/match_engine.h"

#include <hs/hs.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <limits>
#include <map>
#include <mutex>

#include "classifiers/pii/pattern_byte_needs.h"

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
// Memory budget of the RE2::Set (most of it is its DFA cache). When a text
// drives the DFA past it, that scan falls back to the Hyperscan prefilter.
constexpr std::int64_t kSetMaxMem = 32 << 20;

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

// The prefilter strategy's patterns are split into tiers, one Hyperscan
// database each, by what their matches need (pattern_byte_needs.h): a tier
// is scanned only when the text has at least `at_least` bytes of class
// `need` and `min_length` bytes in all, and, for a tier of conditional
// patterns, when the sink wants one of them. Each pattern lands in the
// first tier key of kTierKeys it satisfies (else in the tier that needs
// nothing), so the order puts the classes rarest in message text first.
// The order only decides speed; which patterns can match never depends on
// it.
//
// A key marked `exact_only` takes only whole patterns and alternatives,
// never a literal factor: a factor can match where its pattern cannot, and
// such a match still costs an RE2 search, so each factor stays scanned for
// exactly the texts it was scanned for before the key was added (and its
// tier's length gate counts the expressions the key took; see Create).
// Then the budget a text spends never changes with the keys.
struct TierKey {
  ByteClass need;
  std::uint32_t at_least;
  bool exact_only = false;
};
constexpr TierKey kTierKeys[] = {
    {ByteClass::kAt, 1},
    {ByteClass::kUnderscore, 1},
    {ByteClass::kPercent, 1},
    {ByteClass::kPlus, 1},
    {ByteClass::kNonAscii, 1},
    {ByteClass::kDigit, 7},
    // Wallets, SIDs, key pairs and PEM bodies need runs of 26-64 bytes;
    // tracking numbers ("1Z999AA10123456784") and long words have 16-23.
    {ByteClass::kLongestRun, 24, true},
    {ByteClass::kLongestRun, 16},
    {ByteClass::kColon, 1},
    {ByteClass::kLongestRun, 12},
    {ByteClass::kDigit, 4},
    {ByteClass::kDigit, 2},
    {ByteClass::kDash, 4},
    {ByteClass::kSlash, 2},
    {ByteClass::kUpper, 6},
    {ByteClass::kLongestDottedRun, 14},
};
constexpr std::size_t kTierKeyCount = std::size(kTierKeys);

// Window tiers: an expression whose every match lies inside one maximal
// run of a digit-run alphabet (pattern_byte_needs.h: [0-9], [0-9 -], or
// the phone alphabet) and holds at least `at_least` of its digits goes to
// the first of these keys it meets, and its tier is scanned not over the
// text but over each run of the text in that alphabet that holds as many
// digits, with one byte of context on each side, so \b reads the text's
// own neighbours (that byte is outside the alphabet, so no match can
// include it). Hyperscan's cost grows with the bytes scanned times the
// expressions scanned (~0.8 ns per byte per digit pattern), and the runs
// that could hold a card or phone number are a small part of a message:
// "Call 09061701461 to claim your £900 prize, valid 12hrs" has one. Only
// whole patterns and alternatives go here, never literal factors: a window
// scan finds exactly the matches a scan of the text finds (every match
// lies in such a run, and every match in a run is one in the text), so a
// pattern is reported exactly when it was, with the same first end. A
// factor's matches need not lie in the pattern's runs.
constexpr TierKey kWindowKeys[] = {
    {ByteClass::kLongestDigitRun, 9},    {ByteClass::kDigitsInDashedRun, 11},
    {ByteClass::kDigitsInDashedRun, 9},  {ByteClass::kDigitsInPhoneRun, 9},
    {ByteClass::kLongestDigitRun, 7},    {ByteClass::kDigitsInDashedRun, 4},
    {ByteClass::kDigitsInPhoneRun, 4},   {ByteClass::kDigitsInPhoneRun, 2},
};
constexpr std::size_t kWindowKeyCount = std::size(kWindowKeys);
// An expression that meets one of the first five whole-text keys (a byte
// class rare in message text: '@', '_', '%', '+', non-ASCII) stays in that
// key's tier, which most texts skip altogether.
constexpr std::size_t kRareKeys = 5;

struct Tier {
  TierKey key{ByteClass::kDigit, 0};  // at_least 0: every text
  bool conditional = false;
  bool windowed = false;               // a window tier (kWindowKeys)
  std::uint8_t chain = 0;  // 1, 2: in that chain of nested tiers (Create), scanned first met only
  std::uint32_t min_length = std::numeric_limits<std::uint32_t>::max();  // the shortest match of any member
  std::vector<std::uint16_t> members;  // pattern index of each expression
  std::vector<const char*> expressions;  // while building only
  std::shared_ptr<const hs_database_t> db;
};

// What is left of one text's ScanBudget.
struct WorkLeft {
  std::size_t searches;
  std::size_t candidates;
};

}  // namespace

struct MatchEngine::Impl {
  MatchStrategy strategy;
  ScanBudget budget;
  // kHyperscanSom: one database of every pattern. Shared through
  // CompiledDatabase.
  std::shared_ptr<const hs_database_t> db;
  // kPrefilterRe2: the tiers (see Tier), in scan order; whether a pattern
  // was split into its alternatives (then one pattern can hit twice).
  std::vector<Tier> tiers;
  std::vector<Tier> window_tiers;  // kWindowKeys, in that order
  bool split_patterns = false;
  // Per digit-run class (index: class - kFirstDigitRun), the fewest digits
  // any window tier of the class asks of a run.
  std::array<std::uint32_t, kDigitRunCount> least_window_digits{};
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
  DigitRuns runs;  // of the text being scanned, for the window tiers
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

// Compiling the shipped catalog into a Hyperscan database takes ~1 s, and a
// process builds several engines from the same patterns (one classifier per
// policy with `pii:` additions shares most of them; tests build many). The
// databases are immutable, so engines compiled from identical patterns and
// flags in one process share one: the cache holds weak references and a
// database is freed with its last engine.
static StatusOr<std::shared_ptr<const hs_database_t>> CompiledDatabase(
    const std::vector<PatternSpec>& patterns, const std::vector<const char*>& expressions,
    const std::vector<unsigned>& flags, const std::vector<unsigned>& ids) {
  std::string key;
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    key += std::to_string(ids[i]);
    key += '/';
    key += std::to_string(flags[i]);
    key += ':';
    key += expressions[i];
    key += '\n';  // patterns are one line each (the catalog loader checks)
  }
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const hs_database_t>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(key);
  if (it != cache.end()) {
    if (auto db = it->second.lock()) return db;
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                       &err) != HS_SUCCESS) {
    std::string where = "match engine";
    if (err && err->expression >= 0 && static_cast<std::size_t>(err->expression) < ids.size() &&
        ids[err->expression] < patterns.size()) {
      where = patterns[ids[err->expression]].where;
    }
    return InvalidArgumentError(where + ": Hyperscan cannot compile the pattern: " + HsError(err));
  }
  std::shared_ptr<const hs_database_t> shared(
      db, [](const hs_database_t* d) { hs_free_database(const_cast<hs_database_t*>(d)); });
  for (auto i = cache.begin(); i != cache.end();) {  // forget freed databases
    i = i->second.expired() ? cache.erase(i) : std::next(i);
  }
  cache[key] = shared;
  return shared;
}

StatusOr<std::unique_ptr<const MatchEngine>> MatchEngine::Create(
    const std::vector<PatternSpec>& patterns, MatchStrategy strategy, const ScanBudget& budget) {
  if (budget.max_text_bytes >= std::numeric_limits<std::uint32_t>::max()) {
    return InvalidArgumentError("match engine: max_text_bytes must be below 4 GiB");
  }
  if (patterns.empty()) return InvalidArgumentError("match engine: no patterns");
  if (patterns.size() > kMaxPatterns)
    return InvalidArgumentError("match engine: too many patterns");
  auto impl = std::make_unique<Impl>();
  impl->strategy = strategy;
  impl->budget = budget;
  impl->pattern_count = patterns.size();

  const unsigned mode_flag =
      strategy == MatchStrategy::kHyperscanSom ? HS_FLAG_SOM_LEFTMOST : HS_FLAG_SINGLEMATCH;
  std::vector<const char*> expressions;
  std::vector<unsigned> flags(patterns.size(), mode_flag);
  std::vector<unsigned> ids;
  std::vector<unsigned> min_width;
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
    min_width.push_back(info->min_width);
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
  if (strategy == MatchStrategy::kHyperscanSom) {
    auto db = CompiledDatabase(patterns, expressions, flags, ids);
    if (!db.ok()) return db.status();
    impl->db = std::move(*db);
  }
  if (strategy == MatchStrategy::kPrefilterRe2) {
    // What Hyperscan runs for a pattern (pattern_byte_needs.h): each of its
    // top-level alternatives on its own, all under the pattern's id (a
    // text matches the pattern iff it matches one of them), and of each,
    // its literal factor when it has one. RE2 extracts with the whole
    // pattern, from the first end Hyperscan reports minus the pattern's
    // widest match: every match holds a match of an alternative, and of
    // its factor, that ends no earlier than that first end.
    // What a scan costs is mostly its expressions' own cost (30-110 ns per
    // 70-byte text for one without literals; a call on a trivial database
    // ~16 ns), so an expression goes to the tier that keeps it away from
    // the most texts that cannot match it, and only what meets no key is
    // scanned for every text, in one database. A conditional entry with a
    // literal factor stays in that one: its literal is cheaper to scan
    // than its context words are to look up.
    std::deque<std::string> parts;  // stable storage for c_str()
    std::vector<Tier> by_index((kTierKeyCount + 2) * 2);
    const std::size_t every_text_tier = (kTierKeyCount + 1) * 2;
    std::vector<Tier> windows(kWindowKeyCount * 2);
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      const PatternByteNeeds whole = AnalysePatternByteNeeds(patterns[i].pattern);
      std::vector<PatternByteNeeds> pieces;
      if (whole.alternatives.empty()) {
        pieces.push_back(whole);
      } else {
        impl->split_patterns = true;
        for (std::string_view alternative : whole.alternatives) {
          pieces.push_back(AnalysePatternByteNeeds(alternative));
          if (!pieces.back().parsed) {  // cannot happen for a parsed whole; stay safe
            pieces.assign(1, whole);
            pieces.back().alternatives.clear();
            break;
          }
        }
      }
      for (std::size_t a = 0; a < pieces.size(); ++a) {
        const PatternByteNeeds& needs = pieces[a];
        const std::string_view source =
            pieces.size() > 1 ? whole.alternatives[a] : std::string_view(patterns[i].pattern);
        // A factor or a pattern whose needs meet a key goes to that key's
        // tier (conditional ones to their own); what meets no key is
        // scanned for every text, in one tier with the literal factors
        // that meet none either.
        parts.emplace_back(needs.literal_factor.empty() ? source : needs.literal_factor);
        const bool factor = !needs.literal_factor.empty();
        const bool conditional = patterns[i].conditional;
        // The first key met, counting the exact_only ones or not.
        const auto first_key = [&](bool exact) {
          std::size_t k = 0;
          while (k < kTierKeyCount && ((kTierKeys[k].exact_only && !exact) ||
                                       needs.least[kTierKeys[k].need] < kTierKeys[k].at_least)) {
            ++k;
          }
          return k;
        };
        const auto index_of = [&](std::size_t k) {
          if (k == kTierKeyCount && (!conditional || factor)) return every_text_tier;
          const std::size_t index = k * 2 + (conditional ? 1 : 0);
          if (k < kTierKeyCount) by_index[index].key = kTierKeys[k];
          by_index[index].conditional = conditional;
          return index;
        };
        const std::size_t k = first_key(/*exact=*/!factor);
        const std::size_t index = index_of(k);
        // The length gate of a tier is set as if every expression that
        // meets its key but no exact_only one before it were in it, so the
        // texts a literal factor is scanned for do not depend on which
        // expressions go to exact_only keys or to window tiers instead.
        by_index[index].min_length = std::min<std::uint32_t>(by_index[index].min_length, min_width[i]);
        std::uint32_t& without_exact = by_index[index_of(first_key(/*exact=*/false))].min_length;
        without_exact = std::min<std::uint32_t>(without_exact, min_width[i]);
        std::size_t w = kWindowKeyCount;
        if (!factor && k >= kRareKeys) {
          w = 0;
          while (w < kWindowKeyCount) {
            const TierKey& key = kWindowKeys[w];
            const std::size_t run = static_cast<std::size_t>(key.need) - kFirstDigitRun;
            if ((needs.inside_digit_runs >> run & 1) && needs.least[key.need] >= key.at_least) break;
            ++w;
          }
        }
        Tier* t = &by_index[index];
        if (w < kWindowKeyCount) {
          t = &windows[w * 2 + (patterns[i].conditional ? 1 : 0)];
          t->key = kWindowKeys[w];
          t->conditional = patterns[i].conditional;
          t->windowed = true;
          t->min_length = std::min<std::uint32_t>(t->min_length, min_width[i]);
        }
        t->members.push_back(static_cast<std::uint16_t>(i));
        t->expressions.push_back(parts.back().c_str());
      }
    }
    // Chains of nested tiers. The tiers keyed by a digit count (7, 4, 2)
    // and the tier every text meets are nested: a text that meets one
    // meets those after it, and digit-rich text meets them all; so are the
    // tiers keyed by the longest run (24, 16, 12). Scanning one database of
    // all their expressions costs ~60 % of scanning each (Hyperscan shares
    // work between the expressions of a database), so each tier of a chain
    // also takes the expressions of those after it, and a text is scanned
    // with the first of the chain it meets only (Scan). An expression may
    // so be scanned for a text that its own tier's length gate would have
    // skipped: it cannot match there, but a literal factor can, and then
    // its RE2 search (which finds nothing) is charged to the budget.
    std::uint8_t chain_id = 0;
    const auto chain_of = [&](ByteClass need, bool with_every_text) {
      std::vector<std::size_t> chain;
      for (std::size_t k = 0; k < kTierKeyCount; ++k) {
        if (kTierKeys[k].need == need) chain.push_back(k * 2);
      }
      std::sort(chain.begin(), chain.end(), [&](std::size_t a, std::size_t b) {
        return kTierKeys[a / 2].at_least > kTierKeys[b / 2].at_least;
      });
      if (with_every_text) chain.push_back(every_text_tier);
      ++chain_id;
      for (std::size_t c = chain.size() - 1; c-- > 0;) {
        Tier& first = by_index[chain[c]];
        const Tier& rest = by_index[chain[c + 1]];
        first.key = kTierKeys[chain[c] / 2];
        first.members.insert(first.members.end(), rest.members.begin(), rest.members.end());
        first.expressions.insert(first.expressions.end(), rest.expressions.begin(), rest.expressions.end());
        first.min_length = std::min(first.min_length, rest.min_length);
      }
      for (std::size_t index : chain) by_index[index].chain = chain_id;
    };
    chain_of(ByteClass::kDigit, /*with_every_text=*/true);
    chain_of(ByteClass::kLongestRun, /*with_every_text=*/false);
    by_index.insert(by_index.end(), std::make_move_iterator(windows.begin()),
                    std::make_move_iterator(windows.end()));
    for (Tier& t : by_index) {
      if (t.members.empty()) continue;
      if (t.windowed) {
        std::uint32_t& least =
            impl->least_window_digits[static_cast<std::size_t>(t.key.need) - kFirstDigitRun];
        least = least == 0 ? t.key.at_least : std::min(least, t.key.at_least);
      }
      std::vector<unsigned> tier_flags(t.members.size(), mode_flag);
      std::vector<unsigned> tier_ids(t.members.begin(), t.members.end());
      auto db = CompiledDatabase(patterns, t.expressions, tier_flags, tier_ids);
      if (!db.ok()) return db.status();
      t.db = std::move(*db);
      t.expressions.clear();  // they pointed into `parts`
      (t.windowed ? impl->window_tiers : impl->tiers).push_back(std::move(t));
    }
  }

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
  // One Hyperscan scratch serves every database of the engine: each
  // hs_alloc_scratch grows it to fit one more.
  hs_scratch_t* hs = nullptr;
  std::vector<const hs_database_t*> databases;
  if (impl_->db) databases.push_back(impl_->db.get());
  for (const Tier& t : impl_->tiers) databases.push_back(t.db.get());
  for (const Tier& t : impl_->window_tiers) databases.push_back(t.db.get());
  for (const hs_database_t* db : databases) {
    if (hs_alloc_scratch(db, &hs) != HS_SUCCESS) {
      if (hs) hs_free_scratch(hs);
      return InternalError("match engine: hs_alloc_scratch failed");
    }
  }
  s->hs.reset(hs);
  s->matches.reserve(kInitialMatches);
  s->hits.reserve(impl_->pattern_count);
  for (auto& runs : s->runs.runs) runs.reserve(kInitialMatches);
  s->runs.masks.reserve(kDigitRunCount * 4);
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

// A window tier's scans: offsets are the window's, and a pattern keeps the
// first end it got in the tier (windows are scanned in text order).
struct WindowScan {
  std::vector<Hit>* hits;
  std::size_t tier_first_hit;  // the tier's hits start here
  std::uint32_t offset;        // the window's begin in the text
};

int OnWindowMatch(unsigned int id, unsigned long long, unsigned long long to, unsigned int,
                  void* ctx) {
  auto* scan = static_cast<WindowScan*>(ctx);
  std::vector<Hit>& hits = *scan->hits;
  for (std::size_t h = scan->tier_first_hit; h < hits.size(); ++h) {
    if (hits[h].pattern == id) return 0;
  }
  hits.push_back(Hit{id, scan->offset + static_cast<std::uint32_t>(to)});
  return 0;
}

// SOM mode: group the reports by (pattern, start) and offer ends longest
// first until one is kept.
// Returns false when the candidate budget is spent.
bool OfferSomMatches(std::vector<RawMatch>& matches, CandidateSink& sink, WorkLeft& left) {
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
        if (left.candidates == 0) return false;
        --left.candidates;
        kept = sink.Offer(static_cast<std::uint16_t>(matches[j].pattern), matches[j].begin,
                          matches[j].end);
      }
    }
    i = j;
  }
  return true;
}

constexpr bool IsAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool IsWordByte(unsigned char c) { return IsAlnum(c) || c == '_'; }

// The word-edge rule of CandidateSink (match_engine.h): a span may not start
// at an alphanumeric byte that follows a word byte, nor end at an
// alphanumeric byte that precedes one.
bool StartsInsideWord(std::string_view text, std::size_t begin) {
  return begin > 0 && IsAlnum(static_cast<unsigned char>(text[begin])) &&
         IsWordByte(static_cast<unsigned char>(text[begin - 1]));
}
bool EndsInsideWord(std::string_view text, std::size_t end) {
  return end > 0 && end < text.size() && IsAlnum(static_cast<unsigned char>(text[end - 1])) &&
         IsWordByte(static_cast<unsigned char>(text[end]));
}

// Prefilter modes: RE2 extracts the spans of one pattern known to match.
//
// Only spans with word edges are offered. A match that starts inside a word
// is skipped together with every later start inside the same word (none of
// them could be offered), and shorter ends are looked for only up to the
// last word edge: on digit-heavy text ("order #100234587") this saves most
// of the RE2 calls, since every start inside a rejected run of digits would
// otherwise be searched again with each of its shorter ends.
//
// Work is kept linear in the text: searches look at most 2 * kMaxSpan bytes
// ahead (a match starting in the first half fits entirely; none there means
// skip kMaxSpan bytes), at most kMaxShorterEnds shorter ends are tried per
// start, and every RE2 call and every offered candidate is charged to
// `left`. Returns false when either is spent.
bool OfferRe2Matches(const RE2& re, std::uint32_t pattern, std::uint32_t max_width,
                     std::uint32_t first_end, std::string_view text, CandidateSink& sink,
                     WorkLeft& left) {
  const std::size_t n = text.size();
  // No match can start before the first match's end minus the widest match.
  std::size_t pos = (max_width != std::numeric_limits<unsigned>::max() && first_end > max_width)
                        ? first_end - max_width
                        : 0;
  const re2::StringPiece whole(text.data(), n);
  re2::StringPiece m;
  while (pos < n) {
    if (left.searches == 0) return false;
    --left.searches;
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
    if (StartsInsideWord(text, begin)) {
      pos = begin + 1;
      while (pos < n && StartsInsideWord(text, pos)) ++pos;
      continue;
    }
    bool out_of_candidates = false;
    const auto offer = [&] {
      if (end - begin > kMaxSpan || EndsInsideWord(text, end)) return false;
      if (left.candidates == 0) {
        out_of_candidates = true;
        return false;
      }
      --left.candidates;
      return sink.Offer(static_cast<std::uint16_t>(pattern), static_cast<std::uint32_t>(begin),
                        static_cast<std::uint32_t>(end));
    };
    bool kept = offer();
    // Rejected: offer the next shorter matches at the same start that end
    // at a word edge.
    for (int tries = 0; !kept && !out_of_candidates && tries < kMaxShorterEnds; ++tries) {
      std::size_t limit = end - 1;
      while (limit > begin && EndsInsideWord(text, limit)) --limit;
      if (limit <= begin) break;
      if (left.searches == 0) return false;
      --left.searches;
      if (!re.Match(whole, begin, limit, RE2::ANCHOR_START, &m, 1) || m.empty()) break;
      end = begin + m.size();
      kept = offer();
    }
    if (out_of_candidates) return false;
    pos = kept ? end : begin + 1;
  }
  return true;
}

}  // namespace

Status MatchEngine::Scan(std::string_view text, Scratch& scratch, CandidateSink& sink) const {
  Scratch::Impl& s = scratch.impl();
  if (s.engine != this) return InternalError("match engine: scratch of another engine");
  if (text.size() > impl_->budget.max_text_bytes) {
    return ResourceExhaustedError("pii scan over budget: text longer than " +
                                  std::to_string(impl_->budget.max_text_bytes) + " bytes");
  }
  const unsigned len = static_cast<unsigned>(text.size());
  const ScanBudget& b = impl_->budget;
  WorkLeft left{b.min_searches + b.searches_per_byte * text.size(),
                b.min_candidates + b.candidates_per_byte * text.size()};
  const auto exhausted = [&] {  // built only on failure: Scan must not allocate
    return ResourceExhaustedError(
        left.searches == 0 ? "pii scan over budget: more than " +
                                 std::to_string(b.searches_per_byte) + " searches per byte"
                           : "pii scan over budget: more than " +
                                 std::to_string(b.candidates_per_byte) +
                                 " candidates per byte");
  };
  if (impl_->strategy == MatchStrategy::kHyperscanSom) {
    s.matches.clear();
    hs_error_t rc =
        hs_scan(impl_->db.get(), text.data(), len, 0, s.hs.get(), OnSomMatch, &s.matches);
    if (rc != HS_SUCCESS)
      return InternalError("match engine: hs_scan failed, code " + std::to_string(rc));
    return OfferSomMatches(s.matches, sink, left) ? Status::Ok() : exhausted();
  }
  if (impl_->strategy == MatchStrategy::kRe2Set) {
    // A first pass without the output vector: RE2::Set allocates its match
    // set only when asked which patterns matched, and most texts match none.
    RE2::Set::ErrorInfo info{};
    const re2::StringPiece piece(text.data(), text.size());
    if (!impl_->set->Match(piece, nullptr, &info) && info.kind == RE2::Set::kNoError) {
      return Status::Ok();
    }
    s.set_hits.clear();
    if (info.kind != RE2::Set::kNoError || !impl_->set->Match(piece, &s.set_hits, &info) ||
        info.kind != RE2::Set::kNoError) {
      // The set's DFA ran out of memory on this text: every pattern is
      // searched on its own (still within the budget).
      s.set_hits.clear();
      for (std::size_t p = 0; p < impl_->pattern_count; ++p) s.set_hits.push_back(static_cast<int>(p));
    }
    for (int p : s.set_hits) {
      if (!sink.Wants(static_cast<std::uint16_t>(p))) continue;
      if (!OfferRe2Matches(*impl_->re2[p], static_cast<std::uint32_t>(p),
                           std::numeric_limits<unsigned>::max(), 0, text, sink, left)) {
        return exhausted();
      }
    }
    return Status::Ok();
  }
  s.hits.clear();
  ByteClassCounts counts;
  CountByteClasses(text, counts, /*digit_runs=*/false);
  const auto wanted = [&](const Tier& t) {
    return !t.conditional || std::any_of(t.members.begin(), t.members.end(),
                                         [&](std::uint16_t p) { return sink.Wants(p); });
  };
  std::uint32_t chains_scanned = 0;  // bit per chain; a chain's tiers come first met first
  for (const Tier& t : impl_->tiers) {
    if (chains_scanned >> t.chain & 1) continue;
    if (counts[t.key.need] < t.key.at_least || len < t.min_length || !wanted(t)) continue;
    if (t.chain != 0) chains_scanned |= 1u << t.chain;
    const hs_error_t rc = hs_scan(t.db.get(), text.data(), len, 0, s.hs.get(), OnFirstMatch, &s.hits);
    if (rc != HS_SUCCESS)
      return InternalError("match engine: hs_scan failed, code " + std::to_string(rc));
  }
  bool marked = false;
  std::uint32_t found = 0;  // bit per digit-run class whose runs are found
  for (const Tier& t : impl_->window_tiers) {
    // A window tier's runs hold its digits, so the text holds as many.
    if (counts[ByteClass::kDigit] < t.key.at_least || len < t.min_length) continue;
    if (!marked) {
      MarkDigitRuns(text, s.runs);
      marked = true;
    }
    const std::size_t run_class = static_cast<std::size_t>(t.key.need) - kFirstDigitRun;
    if (!(found >> run_class & 1)) {
      FindDigitRuns(t.key.need, impl_->least_window_digits[run_class], s.runs);
      found |= 1u << run_class;
    }
    if (s.runs.most[run_class] < t.key.at_least || !wanted(t)) continue;
    WindowScan scan{&s.hits, s.hits.size(), 0};
    for (const DigitRun& r : s.runs.runs[run_class]) {
      if (r.digits < t.key.at_least || r.end - r.begin < t.min_length) continue;
      scan.offset = r.begin > 0 ? r.begin - 1 : 0;
      const std::uint32_t end = std::min<std::uint32_t>(len, r.end + 1);
      const hs_error_t rc = hs_scan(t.db.get(), text.data() + scan.offset, end - scan.offset, 0,
                                    s.hs.get(), OnWindowMatch, &scan);
      if (rc != HS_SUCCESS)
        return InternalError("match engine: hs_scan failed, code " + std::to_string(rc));
    }
  }
  // One hit per pattern, its first end; patterns in catalog order.
  if (s.hits.size() > 1) {
    std::sort(s.hits.begin(), s.hits.end(), [](const Hit& a, const Hit& b) {
      return a.pattern != b.pattern ? a.pattern < b.pattern : a.first_end < b.first_end;
    });
    s.hits.erase(std::unique(s.hits.begin(), s.hits.end(),
                             [](const Hit& a, const Hit& b) { return a.pattern == b.pattern; }),
                 s.hits.end());
  }
  for (const Hit& h : s.hits) {
    if (!sink.Wants(static_cast<std::uint16_t>(h.pattern))) continue;
    if (!OfferRe2Matches(*impl_->re2[h.pattern], h.pattern, impl_->max_width[h.pattern],
                         h.first_end, text, sink, left)) {
      return exhausted();
    }
  }
  return Status::Ok();
}

}  // namespace scrubline
