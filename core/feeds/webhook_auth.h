#pragma once

#include "core/util/clock.h"

#include <QByteArray>

#include <functional>
#include <string>

namespace cordon::feeds {

/// How a feed proves who is sending.
struct WebhookAuth {
    enum class Kind {
        None,     ///< loopback-only feeds the operator trusts
        Bearer,   ///< "Authorization: Bearer <token>" (Alertmanager) or "Splunk <token>" (HEC clients)
        Hmac,     ///< HMAC-SHA256 over the raw body: Standard Webhooks or GitHub's X-Hub-Signature-256
    } kind = Kind::None;
    std::string secret;   ///< the token or key, read from env:/file: (never stored in the case)
    core::TimeUs replayWindow = 5 * 60 * 1'000'000LL;
};

struct AuthVerdict {
    bool ok = false;
    std::string reason;   ///< why not, for the 401 body
};

/// Checks a request. `header` returns a header's value by lower-case name (empty when
/// absent). Standard Webhooks signs "id.timestamp.body" and the timestamp must be within the
/// replay window; GitHub signs the body alone (a replay within the window then only
/// repeats records the case already has: they are skipped as duplicates). Comparisons are
/// constant-time.
AuthVerdict verifyRequest(const WebhookAuth &auth, const std::function<QByteArray(const char *)> &header,
                          const QByteArray &body, core::TimeUs now);

} // namespace cordon::feeds
