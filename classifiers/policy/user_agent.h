// The `useragent` generalisation: a User-Agent string reduced to its browser
// (or client) family and operating system, "Chrome/Windows". The full string
// is a quasi-identifier: versions, build ids, device models and locale
// together fingerprint a person; the family and OS are shared by millions.
//
// Built for the clients seen in e-mail engagement events (opens and clicks:
// webmail image proxies, mail clients, browsers, link scanners) and in
// customer-data-platform events (browsers, in-app WebViews, mobile apps).
//
// Pure functions over bytes: no regex engine, no decoding, no allocation (the
// results view string literals; only appending to `out` may grow it). Each
// call scans the value a bounded number of times with fixed tokens, so the cost
// is linear in its length, and a value longer than any real user agent is not
// scanned at all. Thread-safe: no state.
#pragma once

#include <string>
#include <string_view>

namespace scrubline {

// A family and an OS, each one of a closed set of names that hold no digits
// (a version would make the output identifying again). Both view static
// strings, so they outlive the user agent they were read from.
struct UserAgentFamily {
  std::string_view family;  // "Chrome", "Safari", "Outlook", "Gmail Image Proxy", "Bot", "Other"
  std::string_view os;      // "Windows", "macOS", "iOS", "Android", "Linux", "Chrome OS", "Other"
};

// Never fails: what it does not recognise is "Other". Matching is
// case-sensitive, as the real tokens are written. The first rule that matches
// names the family:
//   1. mail image proxies (GoogleImageProxy, YahooMailProxy): their stated
//      platform is a disguise, so the OS is "Other";
//   2. HTTP libraries ("HTTP Library") and native app stacks ("Native App"),
//      known by their leading product token;
//   3. bots, crawlers and headless automation ("Bot", OS "Other": the platform
//      a crawler claims is the one it emulates);
//   4. mail clients (Outlook, Microsoft Office, Thunderbird);
//   5. apps and browsers that add their own token to a Chromium, WebKit or
//      Gecko user agent (Facebook, Instagram, Edge, Opera, Samsung Internet...);
//   6. Android WebView, then Chrome, Firefox and Internet Explorer;
//   7. Safari ("Version/" with "Safari/"), "Android Browser" on Android;
//   8. a bare WebKit: "WebView" on iOS, "Apple Mail" on macOS.
// The empty string, and one over 2 KiB, is Other/Other.
[[nodiscard]] UserAgentFamily ClassifyUserAgent(std::string_view user_agent);

// Appends "<family>/<os>" ("Chrome/Windows", "Safari/iOS", "Other/Other").
void AppendUserAgentFamily(std::string_view user_agent, std::string& out);

}  // namespace scrubline
