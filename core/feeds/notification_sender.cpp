#include "core/feeds/notification_sender.h"

#include "core/feeds/http_post.h"
#include "core/util/secret_source.h"

namespace cordon::feeds {
namespace {

constexpr const char *kPagerDutyEnqueue = "https://events.pagerduty.com/v2/enqueue";

/// A value that is either written out or a reference to a secret (env:NAME, file:PATH).
core::Expected<std::string> valueOrSecret(const std::string &value)
{
    if (value.starts_with("env:") || value.starts_with("file:"))
        return core::readSecret(value);
    return value;
}

} // namespace

core::response::SendOutcome sendMessage(const core::response::OutgoingMessage &message)
{
    using Kind = core::response::NotificationChannel::Kind;
    const auto &channel = message.channel;
    const nlohmann::json &c = channel.config;
    core::response::SendOutcome out;
    auto failed = [&](const std::string &why) {
        out.attempts = 1;   // counts towards giving up: a missing secret does not fix itself
        out.error = "channel " + channel.name + ": " + why;
        return out;
    };
    nlohmann::json payload = message.payload;
    auto url = valueOrSecret(c.value("url", std::string(channel.kind == Kind::PagerDuty ? kPagerDutyEnqueue : "")));
    if (!url)
        return failed(url.error().message);
    HttpPost post = configuredPost(c, {});
    post.url = *url;
    if (channel.kind == Kind::PagerDuty) {
        auto key = core::readSecret(c.value("routing_key", std::string()));
        if (!key)
            return failed(key.error().message);
        payload["routing_key"] = *key;
    } else if (channel.kind == Kind::Webhook && c.contains("secret")) {
        auto token = core::readSecret(c.value("secret", std::string()));
        if (!token)
            return failed(token.error().message);
        post.headers["Authorization"] = "Bearer " + *token;
    }
    // The same message resent after a crash carries the same key, so a receiver can drop it.
    post.headers["Idempotency-Key"] = "cordon-message-" + std::to_string(message.id);
    post.body = payload.dump();
    const HttpPostResult r = postJson(post);
    out.ok = r.ok;
    out.attempts = r.attempts;
    out.error = r.ok ? std::string() : "channel " + channel.name + ": " + r.error;
    out.response = r.toJson();
    return out;
}

core::Expected<NotifyRound> notifyRound(core::Database &db, const core::Clock &clock)
{
    NotifyRound round;
    auto queued = core::response::queueNotifications(db, clock);
    if (!queued)
        return queued.error();
    round.queued = *queued;
    for (const auto &m : core::response::messagesToSend(db)) {
        const auto outcome = sendMessage(m);
        if (auto s = core::response::recordSend(db, clock, m.id, outcome); !s)
            return s.error();
        if (outcome.ok) {
            ++round.sent;
        } else {
            ++round.failed;
            round.errors.push_back(outcome.error);
        }
    }
    return round;
}

} // namespace cordon::feeds
