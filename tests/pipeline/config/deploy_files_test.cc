// deploy/ files agree with the example config and with each other, and the
// Prometheus rules pass promtool (when the `prometheus` package is installed).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "pipeline/config/config.h"

namespace scrubline {
namespace {

using ::testing::HasSubstr;

const std::string kDeploy = std::string(SCRUBLINE_SOURCE_DIR) + "/deploy";

std::string Read(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Config ExampleConfig() {
  StatusOr<Config> config =
      ParseConfig(Read(kDeploy + "/scrubline.example.yaml"), {"SCRUBLINE_KAFKA_SASL_PASSWORD=x"});
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? *config : Config{};
}

TEST(DeployFilesTest, KubernetesDeploymentMatchesTheExampleConfig) {
  const Config config = ExampleConfig();
  const YAML::Node deployment = YAML::LoadFile(kDeploy + "/k8s/deployment.yaml");
  ASSERT_EQ(deployment["kind"].as<std::string>(), "Deployment");
  const YAML::Node pod = deployment["spec"]["template"]["spec"];

  // SIGKILL must not cut the drain short.
  const int grace = pod["terminationGracePeriodSeconds"].as<int>();
  EXPECT_GT(grace * 1000, static_cast<int>(config.limits.shutdown_deadline_ms));

  const YAML::Node container = pod["containers"][0];
  // The container port is the one metrics.listen binds.
  const std::string port = config.metrics_listen.substr(config.metrics_listen.rfind(':') + 1);
  EXPECT_EQ(container["ports"][0]["name"].as<std::string>(), "metrics");
  EXPECT_EQ(container["ports"][0]["containerPort"].as<std::string>(), port);

  // The probes ask the endpoints the metrics server answers.
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/healthz");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/readyz");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["port"].as<std::string>(), "metrics");

  // Secrets arrive as the environment variables the loader reads.
  std::string env_names;
  for (const YAML::Node& env : container["env"]) {
    env_names += env["name"].as<std::string>() + " ";
    EXPECT_TRUE(env["valueFrom"]["secretKeyRef"]) << env["name"].as<std::string>();
  }
  EXPECT_THAT(env_names, HasSubstr("SCRUBLINE_KEY "));
  EXPECT_THAT(env_names, HasSubstr("SCRUBLINE_KAFKA_SASL_PASSWORD "));

  // The config file is mounted where the container's --config points.
  std::string args;
  for (const YAML::Node& arg : container["args"]) args += arg.as<std::string>() + " ";
  EXPECT_THAT(args, HasSubstr("--config /etc/scrubline/config/scrubline.yaml"));
  bool config_mounted = false;
  for (const YAML::Node& mount : container["volumeMounts"]) {
    config_mounted |= mount["mountPath"].as<std::string>() == "/etc/scrubline/config";
  }
  EXPECT_TRUE(config_mounted);
}

TEST(DeployFilesTest, DockerfileRunsTheSameConfigPathAsNonRoot) {
  const std::string dockerfile = Read(kDeploy + "/docker/Dockerfile");
  EXPECT_THAT(dockerfile, HasSubstr("FROM debian:12 AS build"));
  EXPECT_THAT(dockerfile, HasSubstr("USER 10001:10001"));
  EXPECT_THAT(dockerfile,
              HasSubstr(R"(CMD ["run", "--config", "/etc/scrubline/config/scrubline.yaml"])"));
  EXPECT_THAT(dockerfile, HasSubstr("EXPOSE 9464"));
}

// promtool ships with Debian's `prometheus` package (see DEPENDENCIES.md).
TEST(DeployFilesTest, PrometheusRulesPassPromtool) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "promtool not installed (apt-get install prometheus)";
  }
  const std::string dir = kDeploy + "/prometheus";
  EXPECT_EQ(std::system(("promtool check rules " + dir + "/scrubline-alerts.yaml").c_str()), 0);
  EXPECT_EQ(std::system(("promtool check config " + dir + "/prometheus.yml").c_str()), 0);
  // The alert unit tests: each rule fires on a broken worker, stays quiet on a healthy one.
  EXPECT_EQ(
      std::system(("cd " + dir + " && promtool test rules scrubline-alerts.test.yaml").c_str()), 0);
}

}  // namespace
}  // namespace scrubline
