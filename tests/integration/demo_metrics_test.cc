// `scrubline demo` as a user runs it: the embedded cluster, the generated
// stream, the worker, the live summary and the real metrics endpoint.
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/metrics/http_get.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

using testing::Background;

TEST(Demo, RunsServesMetricsAndStopsCleanly) {
  const std::string dir = testing::TempDir();
  Background demo({SCRUBLINE_BINARY, "demo", "--duration", "6", "--rate", "500"},
                  dir + "/demo.log", {"SCRUBLINE_PATTERNS=" SCRUBLINE_SOURCE_DIR "/patterns"});
  ASSERT_TRUE(demo.WaitFor("/metrics", 30)) << demo.Output();
  std::string out = demo.Output();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)/metrics")));
  const int port = std::stoi(m[1]);
  EXPECT_TRUE(std::regex_search(out, std::regex("kcat -b 127\\.0\\.0\\.1:\\d+ -L")));
  EXPECT_NE(out.find("throw-away key"), std::string::npos);

  // The endpoint answers while the demo runs, and the counters move (the mock
  // cluster delays the first group join by ~3 s).
  ASSERT_TRUE(demo.WaitFor("--- after", 30)) << demo.Output();
  auto metrics = HttpGet("127.0.0.1", port, "/metrics", 5000);
  ASSERT_TRUE(metrics.ok()) << metrics.status().ToString();
  EXPECT_NE(metrics->find("# TYPE scrubline_records_out_total counter"), std::string::npos);
  ASSERT_TRUE(std::regex_search(*metrics, m, std::regex("\\nscrubline_records_in_total (\\d+)")))
      << *metrics;
  EXPECT_GT(std::stoll(m[1]), 0);
  EXPECT_NE(metrics->find("scrubline_detections_total{type=\"EMAIL\"}"), std::string::npos);

  // It stops by itself after --duration, with exit code 0.
  EXPECT_EQ(demo.Stop(0, 60), 0) << demo.Output();  // signal 0: just wait
  out = demo.Output();
  EXPECT_NE(out.find("--- before"), std::string::npos) << out;
  EXPECT_NE(out.find("--- after"), std::string::npos);
  EXPECT_NE(out.find("\"scrubline.kind\":\"usage\""), std::string::npos);
  EXPECT_TRUE(std::regex_search(out, std::regex("\\[\\d+s\\] in \\d+/s out \\d+/s")));
  EXPECT_NE(out.find("demo: done."), std::string::npos);
}

TEST(Demo, CtrlCStopsIt) {
  const std::string dir = testing::TempDir();
  Background demo({SCRUBLINE_BINARY, "demo", "--rate", "200"}, dir + "/demo.log");
  ASSERT_TRUE(demo.WaitFor("[1s]", 30)) << demo.Output();
  EXPECT_EQ(demo.Stop(SIGINT, 30), 0) << demo.Output();
  EXPECT_NE(demo.Output().find("demo: done."), std::string::npos);
}

}  // namespace
}  // namespace scrubline
