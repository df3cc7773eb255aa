#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace cordon::feeds {

/// One JSON POST that is worth retrying: actions to a gateway's admin API, notifications to
/// chat and paging services.
struct HttpPost {
    std::string url;
    std::map<std::string, std::string> headers;   ///< besides Content-Type: application/json
    std::string body;
    int timeoutMs = 10'000;   ///< per attempt, connection to last byte
    int retries = 2;          ///< further attempts after a retryable failure
    int backoffMs = 500;      ///< before the first retry; doubled each time, Retry-After wins (≤ 30 s)
};

/// A post with the timeout, retries and backoff a connector's or channel's config sets
/// (timeout_ms, retries, backoff_ms), Cordon's User-Agent and `body`; the url is the caller's.
HttpPost configuredPost(const nlohmann::json &config, std::string body);

/// What the last attempt got, and how many there were.
struct HttpPostResult {
    bool ok = false;          ///< a 2xx answer
    int status = 0;           ///< 0 when no answer came (refused, timed out)
    int attempts = 0;
    std::string error;        ///< why it did not succeed
    std::string body;         ///< the answer, at most 16 KiB
    nlohmann::json trail = nlohmann::json::array();   ///< one entry per attempt: status or error, ms

    /// status, body (as JSON when it parses), attempts and trail, for the case's records.
    nlohmann::json toJson() const;
};

/// Sends `post`, retrying connection failures, timeouts, 408, 429 and 5xx; any other 4xx is
/// final. Blocks the calling thread, which must not be the UI thread: it runs a local
/// event loop for Qt Network (any thread will do while a QCoreApplication exists).
HttpPostResult postJson(const HttpPost &post);

} // namespace cordon::feeds
