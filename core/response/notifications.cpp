#include "core/response/notifications.h"

#include "core/audit/audit_log.h"
#include "core/query/case_reader.h"
#include "core/response/actions.h"
#include "core/response/response_policy.h"
#include "core/store/setting_list.h"
#include "core/triage/alert_triage.h"
#include "core/util/enum_names.h"
#include "core/util/text.h"
#include "core/util/time_format.h"

#include <algorithm>
#include <array>

namespace cordon::core::response {
namespace {

constexpr const char *kChannelsKey = "notifications";
constexpr std::array<std::string_view, 4> kTriggers = {"escalation", "sla_breach", "approval_request",
                                                       "action_executed"};
constexpr std::array<std::string_view, 3> kKinds = {"slack", "pagerduty", "webhook"};
/// A message lists this many facts; the rest are counted ("… and 12 more").
constexpr std::size_t kListed = 20;

/// One thing a channel is told about: an alert or an action.
struct Fact {
    std::string subject;   ///< alert:12, action:7
    std::string line;      ///< how the message lists it
    std::optional<Severity> severity;
};

std::string severityTag(Severity s)
{
    return "[" + std::string(toString(s)) + "] ";
}

std::string minutes(TimeUs us)
{
    return std::to_string(us / 60'000'000) + " min";
}

std::vector<Fact> alertFacts(Database &db, Trigger trigger, TimeUs now)
{
    std::vector<Fact> out;
    for (const auto &a : listAlerts(db, now)) {
        const std::string head = severityTag(a.severity) + a.title + " (" + a.groupKey + ")";
        if (trigger == Trigger::Escalation && a.status == AlertStatus::Escalated) {
            std::string line = head + " escalated to " + (a.escalationTarget.empty() ? "-" : a.escalationTarget);
            if (!a.criteria.empty())
                line += ": " + a.criteria.front();
            out.push_back({"alert:" + std::to_string(a.id), line, a.severity});
        } else if (trigger == Trigger::SlaBreach && isOpen(a.status) && !a.acknowledgedAt &&
                   a.sla == AlertSummary::Sla::Breached) {
            out.push_back({"alert:" + std::to_string(a.id),
                           head + " has had no response; its SLA ran out " + minutes(-a.slaRemaining) + " ago (due " +
                               formatMinuteUtc(a.slaDueAt) + ")",
                           a.severity});
        }
    }
    return out;
}

std::vector<Fact> actionFacts(Database &db, Trigger trigger)
{
    std::vector<Fact> out;
    for (const auto &a : listActions(db)) {
        const std::string head = "#" + std::to_string(a.id) + " " + a.description();
        if (trigger == Trigger::ApprovalRequest && a.state == ActionState::Proposed) {
            out.push_back({"action:" + std::to_string(a.id),
                           head + ", proposed by " + a.proposedBy + (a.reason.empty() ? "" : ": " + a.reason), {}});
        } else if (trigger == Trigger::ActionExecuted && a.executedAt) {
            out.push_back({"action:" + std::to_string(a.id),
                           head + ", executed by " + a.executedBy.value_or("?") + " at " + formatMinuteUtc(*a.executedAt) +
                               " via " + (a.connector.empty() ? std::string("manual") : a.connector),
                           {}});
        }
    }
    return out;
}

std::vector<Fact> factsFor(Database &db, Trigger trigger, TimeUs now)
{
    return trigger == Trigger::Escalation || trigger == Trigger::SlaBreach ? alertFacts(db, trigger, now)
                                                                          : actionFacts(db, trigger);
}

bool alreadyTold(Database &db, Trigger trigger, const std::string &subject, const std::string &channel)
{
    Statement st = db.prepare("SELECT 1 FROM notified WHERE trigger = ? AND subject = ? AND channel = ?");
    st.bindText(1, toString(trigger)).bindText(2, subject).bindText(3, channel);
    return st.step();
}

std::string headline(Trigger trigger, std::size_t n)
{
    const std::string count = std::to_string(n);
    switch (trigger) {
    case Trigger::Escalation: return count + (n == 1 ? " alert escalated" : " alerts escalated");
    case Trigger::SlaBreach: return count + (n == 1 ? " alert breached its response SLA" : " alerts breached their response SLA");
    case Trigger::ApprovalRequest: return count + (n == 1 ? " action waits for approval" : " actions wait for approval");
    case Trigger::ActionExecuted: return count + (n == 1 ? " action executed" : " actions executed");
    }
    return count;
}

std::string names(const std::vector<Person> &people)
{
    std::string out;
    for (const auto &p : people) {
        if (!out.empty())
            out += ", ";
        out += p.name + (p.contact.empty() ? "" : " (" + p.contact + ")") + (p.onCall ? " on call" : "");
    }
    return out.empty() ? "nobody on the roster" : out;
}

/// Who the message asks to act: the roster is what escalation and approval use.
std::string whoToReach(Database &db, Trigger trigger)
{
    if (trigger == Trigger::Escalation || trigger == Trigger::SlaBreach)
        return "Incident commander: " + names(peopleInRole(db, Role::IncidentCommander));
    if (trigger == Trigger::ApprovalRequest) {
        const auto policy = responsePolicy(db);
        const Role role = policy ? policy->approverRole : Role::IncidentCommander;
        return "Approvers (" + std::string(roleTitle(role)) + "): " + names(peopleInRole(db, role));
    }
    return {};
}

std::string bodyText(const std::vector<Fact> &facts, const std::string &footer)
{
    std::string body;
    for (std::size_t i = 0; i < facts.size() && i < kListed; ++i)
        body += "- " + facts[i].line + "\n";
    if (facts.size() > kListed)
        body += "- … and " + std::to_string(facts.size() - kListed) + " more\n";
    if (!footer.empty())
        body += footer + "\n";
    return body;
}

std::string pagerDutySeverity(Trigger trigger, const std::vector<Fact> &facts)
{
    std::optional<Severity> worst;
    for (const auto &f : facts) {
        if (f.severity && (!worst || *f.severity < *worst))
            worst = f.severity;
    }
    if (!worst)
        return trigger == Trigger::ApprovalRequest ? "warning" : "info";
    switch (*worst) {
    case Severity::Critical: return "critical";
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low: return "info";
    }
    return "info";
}

std::string clip(const std::string &s, std::size_t max)
{
    return s.size() <= max ? s : s.substr(0, max - 3) + "...";
}

/// The body for the channel's service, without its secret (added when sending).
nlohmann::json payloadFor(const NotificationChannel &channel, const CaseInfo &info, Trigger trigger,
                          const std::vector<Fact> &facts, const std::string &subject, const std::string &body,
                          TimeUs now)
{
    switch (channel.kind) {
    case NotificationChannel::Kind::Slack:
        // Slack caps a header at 150 characters and a section's text at 3000.
        return {{"text", subject + "\n" + body},
                {"blocks",
                 {{{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", clip(subject, 150)}}}},
                  {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", clip(body, 3000)}}}}}}};
    case NotificationChannel::Kind::PagerDuty: {
        nlohmann::json items = nlohmann::json::array();
        for (const auto &f : facts)
            items.push_back(f.subject);
        return {{"event_action", "trigger"},
                {"dedup_key", "cordon:" + info.uuid + ":" + std::string(toString(trigger)) + ":" + facts.front().subject},
                {"client", "Cordon"},
                {"payload",
                 {{"summary", clip(subject, 1024)},
                  {"source", "cordon:" + info.uuid},
                  {"severity", pagerDutySeverity(trigger, facts)},
                  {"timestamp", formatRfc3339(now)},
                  {"component", info.incidentType},
                  {"group", info.title},
                  {"class", toString(trigger)},
                  {"custom_details", {{"case", info.title}, {"phase", toString(info.phase)}, {"items", items}, {"text", body}}}}}};
    }
    case NotificationChannel::Kind::Webhook: {
        nlohmann::json items = nlohmann::json::array();
        for (const auto &f : facts) {
            nlohmann::json item = {{"subject", f.subject}, {"text", f.line}};
            if (f.severity)
                item["severity"] = toString(*f.severity);
            items.push_back(std::move(item));
        }
        return {{"source", "cordon"},
                {"trigger", toString(trigger)},
                {"case", {{"id", info.uuid}, {"title", info.title}, {"incident_type", info.incidentType},
                          {"severity", toString(info.severity)}, {"phase", toString(info.phase)}, {"exercise", info.exercise}}},
                {"subject", subject},
                {"text", body},
                {"items", items},
                {"queued_at", formatRfc3339(now)}};
    }
    }
    return {};
}

nlohmann::json parsedOrNull(const std::optional<std::string> &text)
{
    if (!text)
        return nullptr;
    return nlohmann::json::parse(*text, nullptr, false);
}

} // namespace

std::string_view toString(Trigger t)
{
    return kTriggers[static_cast<std::size_t>(t)];
}

std::optional<Trigger> triggerFromString(std::string_view s)
{
    return enumFromName<Trigger>(kTriggers, s);
}

const std::vector<Trigger> &allTriggers()
{
    static const std::vector<Trigger> all = {Trigger::Escalation, Trigger::SlaBreach, Trigger::ApprovalRequest,
                                             Trigger::ActionExecuted};
    return all;
}

std::string_view toString(NotificationChannel::Kind k)
{
    return kKinds[static_cast<std::size_t>(k)];
}

std::optional<NotificationChannel::Kind> channelKindFromString(std::string_view s)
{
    return enumFromName<NotificationChannel::Kind>(kKinds, s);
}

bool NotificationChannel::wants(Trigger t) const
{
    return enabled && std::find(triggers.begin(), triggers.end(), t) != triggers.end();
}

nlohmann::json NotificationChannel::toJson() const
{
    nlohmann::json t = nlohmann::json::array();
    for (Trigger x : triggers)
        t.push_back(toString(x));
    return {{"name", name}, {"kind", toString(kind)}, {"config", config}, {"triggers", t}, {"enabled", enabled}};
}

Expected<NotificationChannel> NotificationChannel::fromJson(const nlohmann::json &j)
{
    if (!j.is_object())
        return Error{ErrorCode::Invalid, "a notification channel must be a JSON object"};
    NotificationChannel c;
    try {
        c.name = j.value("name", std::string());
        if (isBlank(c.name))
            return Error{ErrorCode::Invalid, "a notification channel needs a name"};
        const std::string kind = j.value("kind", std::string());
        const auto k = channelKindFromString(kind);
        if (!k)
            return Error{ErrorCode::Invalid, "channel " + c.name + ": unknown kind '" + kind +
                                                 "' (slack, pagerduty or webhook)"};
        c.kind = *k;
        c.config = j.value("config", nlohmann::json::object());
        c.enabled = j.value("enabled", true);
        if (auto t = j.find("triggers"); t != j.end()) {
            c.triggers.clear();
            for (const auto &x : *t) {
                const auto trigger = triggerFromString(x.get<std::string>());
                if (!trigger)
                    return Error{ErrorCode::Invalid, "channel " + c.name + ": unknown trigger '" + x.get<std::string>() + "'"};
                c.triggers.push_back(*trigger);
            }
        }
    } catch (const nlohmann::json::exception &e) {
        return Error{ErrorCode::Invalid, std::string("a notification channel is malformed: ") + e.what()};
    }
    const bool pagerDuty = c.kind == Kind::PagerDuty;
    if (!c.config.is_object() || (!pagerDuty && isBlank(c.config.value("url", std::string()))))
        return Error{ErrorCode::Invalid, "channel " + c.name + " needs a url"};
    if (pagerDuty && isBlank(c.config.value("routing_key", std::string())))
        return Error{ErrorCode::Invalid, "channel " + c.name + " needs a routing_key reference (env:NAME or file:PATH)"};
    return c;
}

Expected<std::vector<NotificationChannel>> notificationChannels(Database &db)
{
    auto stored = readSettingList<NotificationChannel>(db, kChannelsKey, "notification channels");
    if (!stored)
        return stored.error();
    return stored->value_or(std::vector<NotificationChannel>());
}

Status storeNotificationChannels(Database &db, const Clock &clock, const std::string &actor,
                                 const std::vector<NotificationChannel> &channels)
{
    if (auto s = requireName(actor, "changing notification channels"); !s)
        return s;
    return writeSettingList(db, clock.now(), actor, kChannelsKey, channels, [](const auto &c) { return c.name; },
                            "notification channels");
}

Expected<int> queueNotifications(Database &db, const Clock &clock)
{
    auto channels = notificationChannels(db);
    if (!channels)
        return channels.error();
    if (channels->empty())
        return 0;
    auto info = readCaseInfo(db);
    if (!info)
        return info.error();
    const TimeUs now = clock.now();
    int queued = 0;
    WriteTransaction txn(db);
    for (Trigger trigger : allTriggers()) {
        if (std::none_of(channels->begin(), channels->end(), [trigger](const auto &c) { return c.wants(trigger); }))
            continue;
        const std::vector<Fact> facts = factsFor(db, trigger, now);
        for (const auto &channel : *channels) {
            if (!channel.wants(trigger))
                continue;
            std::vector<Fact> news;
            std::copy_if(facts.begin(), facts.end(), std::back_inserter(news),
                         [&](const Fact &f) { return !alreadyTold(db, trigger, f.subject, channel.name); });
            if (news.empty())
                continue;
            const std::string subject = "Cordon · " + info->title + ": " + headline(trigger, news.size());
            const std::string body = bodyText(news, whoToReach(db, trigger));
            Statement ins = db.prepare(
                "INSERT INTO communications (created_at, kind, trigger, audience, channel, subject, body, payload,"
                " status, author) VALUES (?, 'notification', ?, 'responders', ?, ?, ?, ?, 'pending', 'cordon')");
            ins.bind(1, now).bindText(2, toString(trigger)).bindText(3, channel.name).bindText(4, subject);
            ins.bindText(5, body).bindText(6, payloadFor(channel, *info, trigger, news, subject, body, now).dump());
            ins.run();
            const std::int64_t id = db.lastInsertRowId();
            Statement mark = db.prepare("INSERT INTO notified (trigger, subject, channel, communication_id) VALUES (?, ?, ?, ?)");
            for (const auto &f : news) {
                mark.bindText(1, toString(trigger)).bindText(2, f.subject).bindText(3, channel.name).bind(4, id);
                mark.run();
                mark.reset();
            }
            AuditLog::record(db, now, {"cordon", "communication.queue", "communication", id,
                                       {{"channel", channel.name}, {"trigger", toString(trigger)}, {"facts", news.size()}}});
            ++queued;
        }
    }
    txn.commit();
    return queued;
}

std::vector<OutgoingMessage> messagesToSend(Database &db, int maxAttempts)
{
    std::vector<OutgoingMessage> out;
    const auto channels = notificationChannels(db);
    if (!channels)
        return out;
    Statement st = db.prepare("SELECT id, channel, payload, attempts FROM communications WHERE channel IS NOT NULL"
                              " AND (status = 'pending' OR (status = 'failed' AND attempts < ?)) ORDER BY id");
    st.bind(1, static_cast<std::int64_t>(maxAttempts));
    while (st.step()) {
        const std::string name = st.text(1);
        const auto channel = std::find_if(channels->begin(), channels->end(), [&](const auto &c) { return c.name == name; });
        if (channel == channels->end())
            continue;
        out.push_back({st.int64(0), *channel, parsedOrNull(st.optText(2)), static_cast<int>(st.int64(3))});
    }
    return out;
}

Status recordSend(Database &db, const Clock &clock, std::int64_t messageId, const SendOutcome &outcome)
{
    const TimeUs now = clock.now();
    WriteTransaction txn(db);
    Statement up = db.prepare("UPDATE communications SET status = ?, attempts = attempts + ?, response = ?,"
                              " sent_at = CASE WHEN ? THEN ? ELSE sent_at END WHERE id = ? AND channel IS NOT NULL");
    nlohmann::json response = outcome.response;
    if (!outcome.ok)
        response["error"] = outcome.error;
    up.bindText(1, outcome.ok ? "sent" : "failed").bind(2, static_cast<std::int64_t>(outcome.attempts));
    up.bindText(3, response.dump()).bind(4, static_cast<std::int64_t>(outcome.ok)).bind(5, now).bind(6, messageId);
    up.run();
    if (db.changes() == 0)
        return Error{ErrorCode::Invalid, "there is no message " + std::to_string(messageId) + " for a channel"};
    nlohmann::json detail = {{"attempts", outcome.attempts}};
    if (!outcome.ok)
        detail["error"] = outcome.error;
    AuditLog::record(db, now, {"cordon", outcome.ok ? "communication.send" : "communication.fail", "communication",
                               messageId, detail});
    txn.commit();
    return {};
}

std::vector<Communication> listCommunications(Database &db, int limit)
{
    std::vector<Communication> out;
    Statement st = db.prepare("SELECT id, created_at, kind, trigger, audience, channel, subject, body, status, author,"
                              " attempts, sent_at, payload, response FROM communications ORDER BY id DESC LIMIT ?");
    st.bind(1, static_cast<std::int64_t>(limit));
    while (st.step()) {
        Communication c;
        c.id = st.int64(0);
        c.createdAt = st.int64(1);
        c.kind = st.text(2);
        c.trigger = st.optText(3).value_or("");
        c.audience = st.text(4);
        c.channel = st.optText(5).value_or("");
        c.subject = st.text(6);
        c.body = st.text(7);
        c.status = st.text(8);
        c.author = st.text(9);
        c.attempts = static_cast<int>(st.int64(10));
        c.sentAt = st.optInt64(11);
        c.payload = parsedOrNull(st.optText(12));
        c.response = parsedOrNull(st.optText(13));
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace cordon::core::response
