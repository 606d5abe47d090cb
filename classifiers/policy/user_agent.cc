#include "classifiers/policy/user_agent.h"

#include <cstddef>
#include <span>

namespace scrubline {
namespace {

constexpr std::string_view kOther = "Other";

// Real user agents are a few hundred bytes (an in-app browser with all its
// tags is ~500). A longer value is not one, and refusing it bounds the cost of
// the scans below however large the field is.
constexpr std::size_t kMaxUserAgentBytes = 2048;

bool Has(std::string_view ua, std::string_view token) {
  return ua.find(token) != std::string_view::npos;
}

// A token that names a family or OS wherever it occurs, or only at the start
// (HTTP libraries put their product token first; elsewhere it could be a
// fragment of something else).
struct Marker {
  std::string_view token;
  std::string_view name;
  bool at_start = false;
};
constexpr bool kAtStart = true;

// The name of the first marker, in table order, found in `ua`; empty if none.
// Table order is precedence order.
std::string_view FirstMatch(std::string_view ua, std::span<const Marker> markers) {
  for (const Marker& m : markers) {
    if (m.at_start ? ua.starts_with(m.token) : Has(ua, m.token)) return m.name;
  }
  return {};
}

// Proxies fetch images on the reader's behalf behind a fixed, fake browser
// string ("Windows NT 5.1 ... Firefox/11.0 (via ggpht.com GoogleImageProxy)"),
// so they come before everything that string would otherwise match.
constexpr Marker kMailProxies[] = {
    {"GoogleImageProxy", "Gmail Image Proxy"},
    {"YahooMailProxy", "Yahoo Mail Proxy"},
};

// HTTP libraries, and the native stacks apps call directly. Libraries are
// one family: which one is of no use to analytics and only splits the counts.
// Checked before bots: their product token comes first (CFNetwork's after the
// app's), which no crawler's does, and some add a project URL
// ("node-fetch/1.0 (+https://github.com/...)") that the bot rule would take
// for a crawler's contact page.
constexpr std::string_view kHttpLibrary = "HTTP Library";
constexpr std::string_view kNativeApp = "Native App";
constexpr Marker kLibraries[] = {
    {"curl/", kHttpLibrary, kAtStart},
    {"Wget/", kHttpLibrary, kAtStart},
    {"python-requests/", kHttpLibrary, kAtStart},
    {"python-httpx/", kHttpLibrary, kAtStart},
    {"Python-urllib/", kHttpLibrary, kAtStart},
    {"Python/", kHttpLibrary, kAtStart},  // aiohttp: "Python/3.11 aiohttp/3.9.3"
    {"okhttp/", kHttpLibrary, kAtStart},
    {"Go-http-client/", kHttpLibrary, kAtStart},
    {"Java/", kHttpLibrary, kAtStart},
    {"Apache-HttpClient/", kHttpLibrary, kAtStart},
    {"axios/", kHttpLibrary, kAtStart},
    {"node-fetch", kHttpLibrary, kAtStart},
    {"undici", kHttpLibrary, kAtStart},
    {"libwww-perl/", kHttpLibrary, kAtStart},
    {"PostmanRuntime/", kHttpLibrary, kAtStart},
    {"Dart/", kHttpLibrary, kAtStart},
    {"Dalvik/", kNativeApp, kAtStart},  // Android's HttpURLConnection default
    {"CFNetwork/", kNativeApp},         // "MyApp/1.2 CFNetwork/1410 Darwin/22.6.0"
};

// Crawlers name themselves ("Googlebot/2.1", "AdsBot-Google", "Baiduspider")
// or give a contact URL; no browser or mail client puts a URL in its user
// agent. Checked before browsers because Googlebot's smartphone agent embeds
// a complete Chrome-on-Android one. "bot" only as "bot/" or "bot-": an Android
// device model may end in it ("Cubot"). Headless browsers are automation
// (link scanners behind e-mail clicks), not a reader.
constexpr std::string_view kBot = "Bot";
constexpr Marker kBots[] = {
    // Names: "Googlebot/2.1", "bingbot/2.0", "Googlebot-Image/1.0", "AdsBot-Google".
    {"bot/", kBot},
    {"Bot/", kBot},
    {"bot-", kBot},
    {"Bot-", kBot},
    // "Baiduspider/2.0", "Bytespider", "Screaming Frog SEO Spider/19.0".
    {"crawler", kBot},
    {"Crawler", kBot},
    {"spider", kBot},
    {"Spider", kBot},
    // A contact page: "+http://www.bing.com/bingbot.htm".
    {"http://", kBot},
    {"https://", kBot},
    // Fetchers without such a name, and headless automation.
    {"facebookexternalhit", kBot},
    {"Mediapartners-Google", kBot},
    {"HeadlessChrome", kBot},
    {"PhantomJS", kBot},
};

// Clients that name themselves whatever engine they are built on, in
// precedence order. Mail clients come first: Outlook's string also says
// "MSIE"/"Trident" (it renders with Word or the IE engine). Apps and browsers
// built on Chromium, WebKit or Gecko append their token to the engine's string
// ("... Chrome/124 Safari/537.36 Edg/124"), so they come before Chrome,
// Firefox and Safari.
constexpr Marker kNamedClients[] = {
    // Mail clients.
    {"Microsoft Outlook", "Outlook"},
    {"Outlook-", "Outlook"},                   // Outlook-iOS/, Outlook-Android/
    {"Microsoft Office", "Microsoft Office"},  // Word, Excel... fetching a link
    {"ms-office", "Microsoft Office"},
    {"MSOffice", "Microsoft Office"},
    {"Thunderbird/", "Thunderbird"},
    // In-app browsers: WebViews that tag themselves.
    {"FBAN/", "Facebook"},
    {"FB_IAB/", "Facebook"},
    {"FBAV/", "Facebook"},
    {"Instagram ", "Instagram"},
    {"GSA/", "Google App"},
    {"Electron/", "Electron"},  // desktop apps (Slack, Teams...) on Chromium
    // Browsers that add their token to Chromium's (or Safari's, on iOS).
    {"Edg/", "Edge"},
    {"EdgA/", "Edge"},
    {"EdgiOS/", "Edge"},
    {"Edge/", "Edge"},  // EdgeHTML, before Chromium
    {"OPR/", "Opera"},
    {"OPiOS/", "Opera"},
    {"Opera", "Opera"},  // Presto and Opera Mini: "Opera/9.80 (...)"
    {"SamsungBrowser/", "Samsung Internet"},
    {"YaBrowser/", "Yandex Browser"},
    {"Vivaldi/", "Vivaldi"},
    {"UCBrowser/", "UC Browser"},
    {"Chromium/", "Chromium"},
};

// Engines, after everything that builds on them. CriOS and FxiOS are Chrome
// and Firefox on iOS, where they must use WebKit and so also say "Safari/".
constexpr Marker kEngines[] = {
    {"Chrome/", "Chrome"}, {"CriOS/", "Chrome"}, {"Firefox/", "Firefox"},
    {"FxiOS/", "Firefox"}, {"MSIE ", "IE"},      {"Trident/", "IE"},
};

// Checked in order: Android and iOS strings also say "Linux" and "like Mac OS
// X"; Windows Phone's says "Android" and "iPhone". "iOS" alone comes last, for
// apps that say only that ("Outlook-iOS/", "FxiOS" already has "iPhone").
constexpr Marker kSystems[] = {
    {"Windows", "Windows"}, {"Win64", "Windows"},  {"Win32", "Windows"}, {"CrOS", "Chrome OS"},
    {"Android", "Android"}, {"iPhone", "iOS"},     {"iPad", "iOS"},      {"iPod", "iOS"},
    {"Macintosh", "macOS"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},   {"iOS", "iOS"},
};

std::string_view Family(std::string_view ua, std::string_view os) {
  if (const std::string_view named = FirstMatch(ua, kNamedClients); !named.empty()) return named;
  // Android's system WebView is Chrome plus "; wv)" (Lollipop on) or
  // "Version/4.0" (before): an app showing a page, not the Chrome browser.
  if (os == "Android" && Has(ua, "Chrome/") && (Has(ua, "; wv)") || Has(ua, "Version/"))) {
    return "WebView";
  }
  if (const std::string_view engine = FirstMatch(ua, kEngines); !engine.empty()) return engine;
  const bool version = Has(ua, "Version/");
  if (version && Has(ua, "Safari/")) {
    // Before Chrome, Android's own browser was WebKit with Safari's tokens.
    return os == "Android" ? "Android Browser" : "Safari";
  }
  // WebKit without Safari's "Version/": an app's embedded WebKit. On iOS any
  // app (Apple Mail among them); on a Mac, opening mail, it is Apple Mail.
  if (!version && Has(ua, "AppleWebKit/")) {
    if (os == "iOS") return "WebView";
    if (os == "macOS" && !Has(ua, "Safari")) return "Apple Mail";
  }
  return kOther;
}

}  // namespace

UserAgentFamily ClassifyUserAgent(std::string_view user_agent) {
  if (user_agent.empty() || user_agent.size() > kMaxUserAgentBytes) return {kOther, kOther};
  if (const std::string_view proxy = FirstMatch(user_agent, kMailProxies); !proxy.empty()) {
    return {proxy, kOther};
  }
  std::string_view os = FirstMatch(user_agent, kSystems);
  if (os.empty()) os = kOther;
  if (const std::string_view library = FirstMatch(user_agent, kLibraries); !library.empty()) {
    return {library, os};
  }
  if (const std::string_view bot = FirstMatch(user_agent, kBots); !bot.empty()) {
    return {bot, kOther};
  }
  return {Family(user_agent, os), os};
}

void AppendUserAgentFamily(std::string_view user_agent, std::string& out) {
  const UserAgentFamily ua = ClassifyUserAgent(user_agent);
  out += ua.family;
  out += '/';
  out += ua.os;
}

}  // namespace scrubline
