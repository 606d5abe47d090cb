#include "pipeline/kafka/mock_cluster.h"

// rdkafka_mock.h uses rdkafka.h's macros without including it (sorted first).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "pipeline/kafka/rdkafka_util.h"

namespace scrubline {

using kafka_internal::ConfPtr;

struct MockCluster::Impl {
  rd_kafka_t* host = nullptr;
  rd_kafka_mock_cluster_t* cluster = nullptr;
  int num_brokers = 0;
  std::string bootstrap;

  ~Impl() {
    // The cluster keeps a pointer to the host: cluster first, then host.
    if (cluster != nullptr) rd_kafka_mock_cluster_destroy(cluster);
    if (host != nullptr) rd_kafka_destroy(host);
  }
};

StatusOr<std::unique_ptr<MockCluster>> MockCluster::Start(int num_brokers) {
  if (num_brokers < 1) return InvalidArgumentError("mock cluster needs at least one broker");
  auto impl = std::make_unique<Impl>();
  impl->num_brokers = num_brokers;

  // The host client only carries the cluster's bookkeeping; it never
  // connects anywhere, so it needs no bootstrap.servers.
  ConfPtr conf(rd_kafka_conf_new());
  SCRUBLINE_RETURN_IF_ERROR(
      kafka_internal::SetProperty(conf.get(), "client.id", "scrubline-mock-host"));
  // Silences the notice that this client has no bootstrap.servers.
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::SetProperty(conf.get(), "log_level", "4"));
  auto host = kafka_internal::NewClient(RD_KAFKA_PRODUCER, std::move(conf));
  if (!host.ok()) return host.status();
  impl->host = *host;

  impl->cluster = rd_kafka_mock_cluster_new(impl->host, num_brokers);
  if (impl->cluster == nullptr) {
    return InternalError("cannot start the librdkafka mock cluster (listener setup failed)");
  }
  impl->bootstrap = rd_kafka_mock_cluster_bootstraps(impl->cluster);
  return std::unique_ptr<MockCluster>(new MockCluster(std::move(impl)));
}

MockCluster::MockCluster(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MockCluster::~MockCluster() = default;

const std::string& MockCluster::bootstrap() const { return impl_->bootstrap; }

Status MockCluster::CreateTopic(const std::string& name, int partitions, int replication_factor) {
  if (name.empty()) return InvalidArgumentError("mock topic name is empty");
  if (partitions < 1) return InvalidArgumentError("mock topic needs at least one partition");
  if (replication_factor < 1 || replication_factor > impl_->num_brokers) {
    return InvalidArgumentError("mock topic replication factor must be within [1, " +
                                std::to_string(impl_->num_brokers) + "]");
  }
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(impl_->cluster, name.c_str(), partitions, replication_factor);
  return kafka_internal::ErrorStatus(err, "create mock topic '" + name + "'");
}

Status MockCluster::SetBrokerUp(int broker_id, bool up) {
  const rd_kafka_resp_err_t err =
      up ? rd_kafka_mock_broker_set_up(impl_->cluster, broker_id)
         : rd_kafka_mock_broker_set_down(impl_->cluster, broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return InvalidArgumentError("mock broker " + std::to_string(broker_id) + ": " +
                                rd_kafka_err2str(err));
  }
  return Status::Ok();
}

Status MockCluster::SetBrokerRtt(int broker_id, int rtt_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_rtt(impl_->cluster, broker_id, rtt_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return InvalidArgumentError("mock broker " + std::to_string(broker_id) + ": " +
                                rd_kafka_err2str(err));
  }
  return Status::Ok();
}

void MockCluster::FailNextRequests(Request request, const std::vector<int>& error_codes) {
  std::vector<rd_kafka_resp_err_t> errors;
  for (const int code : error_codes) errors.push_back(static_cast<rd_kafka_resp_err_t>(code));
  rd_kafka_mock_push_request_errors_array(impl_->cluster, static_cast<std::int16_t>(request),
                                          errors.size(), errors.data());
}

Status MockCluster::SetPartitionLeader(const std::string& topic, int partition, int broker_id) {
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_partition_set_leader(impl_->cluster, topic.c_str(), partition, broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return InvalidArgumentError("mock leader of " + topic + "[" + std::to_string(partition) +
                                "]: " + rd_kafka_err2str(err));
  }
  return Status::Ok();
}

}  // namespace scrubline
