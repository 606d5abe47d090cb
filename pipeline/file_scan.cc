#include "pipeline/file_scan.h"

#include <iterator>

#include "classifiers/crypto/encoding.h"
#include "pipeline/json_writer.h"

namespace scrubline {

void AppendScanLine(const Output& output, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("topic");
  w.String(output.topic);
  w.Key("partition");
  w.Null();
  w.Key("key");
  if (output.has_key) {
    w.String(output.key);
  } else {
    w.Null();
  }
  w.Key("headers");
  w.BeginObject();
  for (const OutputHeader& h : output.headers()) {
    w.Key(h.name);
    w.String(h.value);
  }
  w.EndObject();
  if (output.value_is_json) {
    w.Key("value");
    w.Raw(output.value);
  } else {
    w.Key("value_b64");
    std::string encoded;
    AppendBase64(output.value, encoded);
    w.String(encoded);
  }
  w.EndObject();
  out += '\n';
}

namespace {

// Reads every line of `in` as one record (offsets from 0) and prints what
// process(record, outputs) produced for each.
template <typename ProcessFn>
StatusOr<ScanSummary> ScanLines(std::istream& in, std::ostream& out, std::string_view topic,
                                ProcessFn process) {
  // Read everything: scan is for files, and views into one buffer avoid a
  // copy per line.
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return UnavailableError("cannot read the input");
  ScanSummary summary;
  std::string line_out;
  std::size_t pos = 0;
  std::int64_t offset = 0;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    const std::size_t end = nl == std::string::npos ? data.size() : nl;
    InputRecord record{topic, 0, offset, std::string_view(data).substr(pos, end - pos)};
    line_out.clear();
    process(record, [&](const OutputBatch& batch) {
      for (const Output& o : batch) {
        AppendScanLine(o, line_out);
        ++summary.outputs;
        summary.dead_letters += o.kind == OutputKind::kDeadLetter;
      }
    });
    out.write(line_out.data(), static_cast<std::streamsize>(line_out.size()));
    ++summary.records;
    ++offset;
    pos = nl == std::string::npos ? data.size() : nl + 1;
  }
  out.flush();
  if (!out) return UnavailableError("cannot write the output");
  return summary;
}

}  // namespace

StatusOr<ScanSummary> ScanStream(std::istream& in, std::ostream& out, std::string_view topic,
                                 Transformer& transformer) {
  OutputBatch batch;
  return ScanLines(in, out, topic, [&](const InputRecord& record, const auto& emit) {
    transformer.Process(record, batch);
    emit(batch);
  });
}

StatusOr<ScanSummary> ScanStreamWithShadow(std::istream& in, std::ostream& out,
                                           std::string_view topic, ShadowRunner& shadow) {
  OutputBatch batch;
  OutputBatch review;
  return ScanLines(in, out, topic, [&](const InputRecord& record, const auto& emit) {
    shadow.Process(record, batch, review);
    emit(batch);
    emit(review);
  });
}

}  // namespace scrubline
