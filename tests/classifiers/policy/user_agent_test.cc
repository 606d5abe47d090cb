// The `useragent` generalisation (user_agent.h): family and OS of user agents
// as e-mail engagement and customer-data-platform events carry them, the
// precedence between clients that embed each other's tokens, and bytes that
// are not a user agent at all.
#include "classifiers/policy/user_agent.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace scrubline {
namespace {

struct Case {
  const char* user_agent;
  const char* expected;  // "<family>/<os>"
};

// User agents as clients send them (versions vary; the shape does not).
constexpr Case kCases[] = {
    // Desktop browsers.
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36",
     "Chrome/Windows"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/123.0.0.0 Safari/537.36",
     "Chrome/macOS"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/122.0.0.0 Safari/537.36",
     "Chrome/Linux"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
     "Edge/Windows"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
     "Edge/macOS"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045",
     "Edge/Windows"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "Firefox/Windows"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:124.0) Gecko/20100101 Firefox/124.0",
     "Firefox/macOS"},
    {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "Firefox/Linux"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.4.1 Safari/605.1.15",
     "Safari/macOS"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
     "Opera/Windows"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
     "Opera/Linux"},
    {"Opera/9.80 (Windows NT 6.1; U; en) Presto/2.12.388 Version/12.18", "Opera/Windows"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/121.0.0.0 YaBrowser/24.1.0.0 Safari/537.36",
     "Yandex Browser/Linux"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu "
     "Chromium/85.0.4183.83 Chrome/85.0.4183.83 Safari/537.36",
     "Chromium/Linux"},
    {"Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", "IE/Windows"},
    {"Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)", "IE/Windows"},
    {"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36",
     "Chrome/Chrome OS"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Slack/4.36.140 Chrome/120.0.6099.56 Electron/28.1.0 Safari/537.36 Sonic "
     "Slack_SSB/4.36.140",
     "Electron/macOS"},
    // iOS: every browser is WebKit and says "Safari/".
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
     "Safari/iOS"},
    {"Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/16.6 Mobile/15E148 Safari/604.1",
     "Safari/iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
     "Chrome/iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15",
     "Firefox/iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/17.0 EdgiOS/124.2478.50 Mobile/15E148 Safari/605.1.15",
     "Edge/iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Mobile/15E148",
     "WebView/iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Mobile/21E219 [FBAN/FBIOS;FBAV/458.0.0.41.108;FBBV/580000000;FBDV/iPhone14,5;"
     "FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/581000000]",
     "Facebook/iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Mobile/15E148 Instagram 330.0.2.17.109 (iPhone14,5; iOS 17_4; en_US; en; "
     "scale=3.00; 1170x2532; 597350000)",
     "Instagram/iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) GSA/310.0.620283 Mobile/15E148 Safari/604.1",
     "Google App/iOS"},
    // Android.
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Mobile Safari/537.36",
     "Chrome/Android"},
    {"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
     "Samsung Internet/Android"},
    {"Mozilla/5.0 (Linux; Android 13; SM-G991B Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
     "(KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36",
     "WebView/Android"},
    {"Mozilla/5.0 (Linux; Android 4.4.2; Nexus 5 Build/KOT49H) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Version/4.0 Chrome/30.0.0.0 Mobile Safari/537.36",
     "WebView/Android"},
    {"Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UD1A.230803.041; wv) AppleWebKit/537.36 "
     "(KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 "
     "[FB_IAB/FB4A;FBAV/461.0.0.40.84;]",
     "Facebook/Android"},
    {"Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", "Firefox/Android"},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.2478.64",
     "Edge/Android"},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Mobile Safari/537.36 OPR/81.1.4292.78446",
     "Opera/Android"},
    {"Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebKit/534.30 "
     "(KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
     "Android Browser/Android"},
    {"Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Mobile Safari/537.36",
     "Chrome/Android"},  // "bot" in a device model is not a bot
    // Bots and crawlers: "Other" whatever platform they claim.
    {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Bot/Other"},
    {"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
     "+http://www.google.com/bot.html)",
     "Bot/Other"},
    {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
     "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
     "Bot/Other"},
    {"Googlebot-Image/1.0", "Bot/Other"},
    {"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
     "Bot/Other"},
    {"facebookexternalhit/1.1", "Bot/Other"},
    {"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Bot/Other"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "HeadlessChrome/124.0.6367.60 Safari/537.36",
     "Bot/Other"},
    // Mail clients and proxies.
    {"Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
     "Gmail Image Proxy/Other"},
    {"YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html",
     "Yahoo Mail Proxy/Other"},
    {"Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)",
     "Outlook/Windows"},
    {"Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; "
     ".NET4.0E; Microsoft Outlook 16.0.5422; ms-office; MSOffice 16)",
     "Outlook/Windows"},
    {"Microsoft Office/16.0 (Windows NT 10.0; Microsoft Word 16.0.17328; Pro)",
     "Microsoft Office/Windows"},
    {"Outlook-iOS/709.2189947.prod.iphone (3.24.0)", "Outlook/iOS"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.10.1",
     "Thunderbird/Windows"},
    {"Mozilla/5.0 (X11; Linux x86_64; rv:78.0) Gecko/20100101 Thunderbird/78.5.0",
     "Thunderbird/Linux"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)",
     "Apple Mail/macOS"},
    // HTTP libraries and native app stacks.
    {"curl/8.4.0", "HTTP Library/Other"},
    {"python-requests/2.31.0", "HTTP Library/Other"},
    {"Wget/1.21.4", "HTTP Library/Other"},
    {"okhttp/4.12.0", "HTTP Library/Other"},
    {"Go-http-client/1.1", "HTTP Library/Other"},
    {"node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "HTTP Library/Other"},
    {"Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230901.001)", "Native App/Android"},
    {"MyShop/5.2.1 CFNetwork/1494.0.7 Darwin/23.4.0", "Native App/Other"},
    // Not enough to tell, or not a user agent.
    {"Mozilla/5.0", "Other/Other"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Other/Windows"},
    {"", "Other/Other"},
    {"-", "Other/Other"},
    {"\xff\xfe\x01 \xc3( \xed\xa0\x80 \xc0\xaf", "Other/Other"},  // invalid UTF-8
    {"{\"$ne\": null}", "Other/Other"},
};

std::string Generalize(std::string_view user_agent) {
  std::string out;
  AppendUserAgentFamily(user_agent, out);
  return out;
}

TEST(UserAgent, FamilyAndSystemOfRealClients) {
  for (const Case& c : kCases) EXPECT_EQ(Generalize(c.user_agent), c.expected) << c.user_agent;
}

TEST(UserAgent, OutputNeverHoldsADigit) {
  // A version, build or device model in the output would make it a
  // fingerprint again.
  for (const Case& c : kCases) {
    const std::string out = Generalize(c.user_agent);
    EXPECT_EQ(out.find_first_of("0123456789"), std::string::npos) << out;
  }
}

TEST(UserAgent, ViewsStaticNamesNotTheInput) {
  std::string ua =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0";
  const UserAgentFamily result = ClassifyUserAgent(ua);
  ua.assign(ua.size(), 'x');  // the input changes; the result must not
  EXPECT_EQ(result.family, "Firefox");
  EXPECT_EQ(result.os, "Windows");
}

TEST(UserAgent, AppendsToWhatIsThere) {
  std::string out = "ua=";
  AppendUserAgentFamily("curl/8.4.0", out);
  EXPECT_EQ(out, "ua=HTTP Library/Other");
}

TEST(UserAgent, MatchingIsCaseSensitive) {
  // The real tokens have one spelling; another is not that client.
  EXPECT_EQ(Generalize("mozilla/5.0 (windows nt 10.0) chrome/124.0 safari/537.36"), "Other/Other");
  EXPECT_EQ(Generalize("CURL/8.4.0"), "Other/Other");
}

TEST(UserAgent, OversizedValueIsOtherAndNotScanned) {
  // 100 KB that would match as Chrome if it were read.
  std::string huge =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Safari/537.36";
  huge.append(100 * 1024, 'A');
  EXPECT_EQ(Generalize(huge), "Other/Other");
  // Just under the limit is still read.
  std::string padded = "curl/8.4.0 ";
  padded.append(2048 - padded.size(), ' ');
  EXPECT_EQ(Generalize(padded), "HTTP Library/Other");
  padded += ' ';
  EXPECT_EQ(Generalize(padded), "Other/Other");
}

TEST(UserAgent, ArbitraryBytesNeverFail) {
  // Every byte value, NULs included, in a deterministic pseudo-random mix
  // (a linear congruential generator: no seed to record when it fails).
  std::uint32_t state = 12345;
  std::string bytes;
  for (int round = 0; round < 2000; ++round) {
    bytes.clear();
    const int length = static_cast<int>(state % 300);
    for (int i = 0; i < length; ++i) {
      state = state * 1664525u + 1013904223u;
      bytes += static_cast<char>(state >> 24);
    }
    const UserAgentFamily result = ClassifyUserAgent(bytes);
    EXPECT_FALSE(result.family.empty());
    EXPECT_FALSE(result.os.empty());
  }
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  EXPECT_EQ(Generalize(all), "Other/Other");
}

}  // namespace
}  // namespace scrubline
