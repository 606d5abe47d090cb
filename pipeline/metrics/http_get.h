// HttpGet: a tiny blocking HTTP/1.0 GET client over POSIX sockets, for tests
// and the demo to read the metrics endpoint. Not a general HTTP client: no
// TLS, no redirects, no chunked encoding (an HTTP/1.0 request rules it out),
// bodies up to 64 MiB.
//
// Thread-safe (no shared state). Blocks the caller for at most about
// `timeout_ms` in total (name resolution aside).
#pragma once

#include <string>

#include "classifiers/base/status.h"

namespace scrubline {

// GETs http://host:port/path and returns the body of a 200 response.
// Errors: kUnavailable for resolve / connect / I/O failures and timeouts,
// kFailedPrecondition for a non-200 status (the message names the status
// code), kInvalidArgument for a malformed response.
StatusOr<std::string> HttpGet(const std::string& host, int port, const std::string& path,
                              int timeout_ms);

}  // namespace scrubline
