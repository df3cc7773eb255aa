#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::response {

/// What a channel is told about.
enum class Trigger { Escalation, SlaBreach, ApprovalRequest, ActionExecuted };
std::string_view toString(Trigger t);   ///< escalation, sla_breach, approval_request, action_executed
std::optional<Trigger> triggerFromString(std::string_view s);
const std::vector<Trigger> &allTriggers();

/// Where notifications go, configured per case (setting "notifications"):
///  - slack: a Slack-compatible incoming webhook. config.url is the webhook address or, since
///    the address is itself the secret, a reference to it ("env:NAME" | "file:PATH").
///  - pagerduty: PagerDuty Events API v2. config.routing_key is a secret reference;
///    config.url defaults to https://events.pagerduty.com/v2/enqueue.
///  - webhook: a generic JSON webhook. config.url; config.secret (optional) is a reference to
///    a bearer token.
struct NotificationChannel {
    enum class Kind { Slack, PagerDuty, Webhook } kind = Kind::Webhook;
    std::string name;
    nlohmann::json config = nlohmann::json::object();
    std::vector<Trigger> triggers = allTriggers();
    bool enabled = true;

    bool wants(Trigger t) const;
    nlohmann::json toJson() const;
    static Expected<NotificationChannel> fromJson(const nlohmann::json &j);
};
std::string_view toString(NotificationChannel::Kind k);
std::optional<NotificationChannel::Kind> channelKindFromString(std::string_view s);

/// The case's channels (none when it has no setting); an unreadable setting is an error.
Expected<std::vector<NotificationChannel>> notificationChannels(Database &db);
/// Replaces the case's channels after checking each (audited setting.change).
Status storeNotificationChannels(Database &db, const Clock &clock, const std::string &actor,
                                 const std::vector<NotificationChannel> &channels);

/// Looks at the case for what the channels have not been told yet: alerts escalated, alerts
/// past their SLA and still open, proposals waiting for approval, actions executed. For each
/// channel and trigger with news, one message listing the new facts is queued in the
/// communications log (audited communication.queue) and the facts are marked as told, all in
/// one transaction: each fact reaches each channel once, across restarts. Returns how many
/// messages were queued.
Expected<int> queueNotifications(Database &db, const Clock &clock);

/// A message queued for a channel (a notification, or a statement sent through one), ready to
/// send off the writer thread.
struct OutgoingMessage {
    std::int64_t id = 0;
    NotificationChannel channel;
    nlohmann::json payload;   ///< the body to POST, without the channel's secret
    int attempts = 0;
};
/// Messages still to send: pending ones, and failed ones with fewer than `maxAttempts`
/// attempts. A message whose channel was removed since is left as it is.
std::vector<OutgoingMessage> messagesToSend(Database &db, int maxAttempts = 3);

/// What sending one message came to.
struct SendOutcome {
    bool ok = false;
    int attempts = 1;
    nlohmann::json response = nlohmann::json::object();
    std::string error;
};
/// Records a send: sent, or failed with the error (audited communication.send / .fail).
Status recordSend(Database &db, const Clock &clock, std::int64_t messageId, const SendOutcome &outcome);

/// One entry of the communications log.
struct Communication {
    std::int64_t id = 0;
    TimeUs createdAt = 0;
    std::string kind, trigger, audience, channel, subject, body, status, author;
    int attempts = 0;
    std::optional<TimeUs> sentAt;
    nlohmann::json payload, response;
};
/// The log, newest first.
std::vector<Communication> listCommunications(Database &db, int limit = 1000);

} // namespace cordon::core::response
