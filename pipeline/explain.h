// `scrubline explain`: why the PII classifier did or did not report what it
// saw in a text, without ever printing the text.
//
// Input: one text per line (a message body, a field value; not a record).
// Output: one JSON object per line,
//   {"line":1,"bytes":42,"findings":1,"candidates":[
//     {"rule":"phone_nanp","type":"PHONE","begin":10,"end":22,"validator":"phone",
//      "verdict":"reported","score":0.85,"context_word":"call"}, ...]}
// with byte offsets into the line, the catalog rule and its validator, the
// verdict (CandidateExplanation::Verdict names), and the catalog context
// words involved. Everything printed comes from the catalog or is a number,
// so the output can be shared while debugging a false positive or negative;
// the person holding the input looks the offsets up in their own copy.
// A line over the scan budget prints {"line":N,"bytes":B,"over_budget":true}.
#pragma once

#include <istream>
#include <ostream>
#include <string_view>

#include "classifiers/base/status.h"
#include "classifiers/pii/pii_classifier.h"
#include "pipeline/transform.h"

namespace scrubline {

// Explains every line of `in` to `out`. `field_name` is passed as the field
// hint (empty: none). Errors only on an engine failure.
Status ExplainStream(std::istream& in, std::ostream& out, const PiiClassifier& classifier,
                     std::string_view field_name);

// Record mode: one record (a JSON object) per line, explained under the
// policy `transformer` was built with. Prints per line
//   {"line":1,"policy":"cdp_event@1","fields":[
//     {"path":"$.context.ip","selector":"$.context.ip","output":"usage",
//      "action":"generalize","detected":""}, ...]}
// ("detected" lists entity types with counts, as scrubline.detections does),
// or {"line":N,"dead_letter":CODE,"reason":R} for a record the worker would
// dead-letter. Paths show member names a selector named; any other name is
// "*" (it may be data). Values never appear.
void ExplainRecords(std::istream& in, std::ostream& out, Transformer& transformer);

}  // namespace scrubline
