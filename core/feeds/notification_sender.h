#pragma once

#include "core/response/notifications.h"

namespace cordon::feeds {

/// Posts a queued message to its channel: the channel's secret (a Slack webhook address, a
/// PagerDuty routing key, a webhook's bearer token) is read from where the channel points only
/// now, so it never reaches the case file. Blocks; call off the UI and writer threads.
core::response::SendOutcome sendMessage(const core::response::OutgoingMessage &message);

/// What one notification round did.
struct NotifyRound {
    int queued = 0, sent = 0, failed = 0;
    std::vector<std::string> errors;   ///< "<channel>: why", one per failed message
};
/// Queues what the channels have not been told, sends every message due and records each
/// outcome, on one connection (the CLI, tests). The GUI splits the three across its threads.
core::Expected<NotifyRound> notifyRound(core::Database &db, const core::Clock &clock);

} // namespace cordon::feeds
