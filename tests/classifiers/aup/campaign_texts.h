// Test material shared by the body-signature and velocity tests: names and
// link hosts that vary per recipient of a synthetic campaign, and a
// signature of plain text (no entity tags).
#pragma once

#include <string_view>

#include "classifiers/aup/body_signature.h"

namespace scrubline::testing_campaign {

inline BodySignature Sign(std::string_view text) {
  BodySignatureBuilder builder;
  builder.AddText(text);
  return builder.Finish();
}

// Names and hosts that vary per recipient, of varied lengths.
inline constexpr const char* kNames[20] = {"Ann",        "Mohammed", "Li",     "Jo",       "Priya",
                                           "Oluwaseun",  "Marta",    "Kevin",  "Sofia",    "Chen",
                                           "Aleksandra", "Tom",      "Fatima", "Jean-Luc", "Sam",
                                           "Ingrid",     "Diego",    "Yuki",   "Beatriz",  "Noah"};
inline constexpr const char* kHosts[20] = {
    "xk2-verify.com", "acct-check.net", "secure-login.co", "bnk-safe.info",  "verify-now.io",
    "card-help.org",  "id-confirm.com", "safe-pay.net",    "check-acct.biz", "alert-bank.co",
    "my-verify.com",  "quick-id.net",   "trust-pay.info",  "login-fix.com",  "sec-check.org",
    "card-safe.io",   "fast-id.co",     "acct-ok.net",     "pay-verify.biz", "id-now.com"};

}  // namespace scrubline::testing_campaign
