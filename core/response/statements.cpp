#include "core/response/statements.h"

#include "core/audit/audit_log.h"
#include "core/query/case_reader.h"
#include "core/response/actions.h"
#include "core/response/builtin_playbooks.h"
#include "core/response/notifications.h"
#include "core/response/regulatory_clocks.h"
#include "core/response/roster.h"
#include "core/util/enum_names.h"
#include "core/util/text.h"
#include "core/util/time_format.h"

#include <algorithm>
#include <array>
#include <map>

namespace cordon::core::response {
namespace {

constexpr std::array<std::string_view, 4> kAudiences = {"responders", "stakeholders", "affected_users", "regulators"};
constexpr std::array<std::string_view, 4> kTitles = {"Responders", "Stakeholders", "Affected users", "Regulators"};
constexpr const char *kToComplete = "[to be completed]";

std::string timeOr(const std::optional<TimeUs> &t)
{
    return t ? formatMinuteUtc(*t) : kToComplete;
}

std::string contacts(Database &db, Role role)
{
    std::string out;
    for (const auto &p : peopleInRole(db, role))
        out += (out.empty() ? "" : "; ") + p.name + (p.contact.empty() ? "" : " (" + p.contact + ")");
    return out.empty() ? kToComplete : out;
}

std::string actionsTaken(Database &db)
{
    std::string out;
    auto actions = listActions(db);
    std::reverse(actions.begin(), actions.end());   // oldest first, as they happened
    for (const auto &a : actions) {
        if (!a.executedAt)
            continue;
        out += "- " + a.description() + " (" + formatMinuteUtc(*a.executedAt) + ")";
        if (a.revertedAt)
            out += ", since reverted";
        out += "\n";
    }
    return out.empty() ? "- none executed yet\n" : out;
}

std::string clocksText(const std::vector<RegulatoryClock> &clocks, TimeUs now)
{
    std::string out;
    for (const auto &c : clocks) {
        out += "- " + c.name + ": aware at " + formatMinuteUtc(c.startedAt) + " (" + c.basis + "), deadline " +
               formatMinuteUtc(c.deadlineAt);
        out += c.running() ? ", " + formatTimeLeft(c.remaining(now)) : ", closed as " + c.outcome;
        out += "\n";
    }
    return out.empty() ? "- none running\n" : out;
}

std::string fill(std::string text, const std::map<std::string, std::string> &facts)
{
    for (const auto &[name, value] : facts) {
        const std::string mark = "{{" + name + "}}";
        for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
            text.replace(at, mark.size(), value);
    }
    return text;
}

/// Trailing newlines of list facts would leave blank lines where the template has its own.
std::string trimmed(std::string s)
{
    while (!s.empty() && s.back() == '\n')
        s.pop_back();
    return s;
}

} // namespace

std::string_view toString(Audience a)
{
    return kAudiences[static_cast<std::size_t>(a)];
}

std::string_view audienceTitle(Audience a)
{
    return kTitles[static_cast<std::size_t>(a)];
}

std::optional<Audience> audienceFromString(std::string_view s)
{
    return enumFromName<Audience>(kAudiences, s);
}

const std::vector<Audience> &statementAudiences()
{
    static const std::vector<Audience> all = {Audience::Stakeholders, Audience::AffectedUsers, Audience::Regulators};
    return all;
}

Expected<Draft> draftStatement(Database &db, const Clock &clock, Audience audience)
{
    const std::string_view tmpl = builtinStatementTemplate(toString(audience));
    if (tmpl.empty())
        return Error{ErrorCode::Invalid, "there is no statement template for " + std::string(audienceTitle(audience))};
    auto info = readCaseInfo(db);
    if (!info)
        return info.error();
    const TimeUs now = clock.now();
    const auto clocks = listClocks(db);
    const auto milestone = [&](Milestone m) { return info->milestones[static_cast<std::size_t>(m)]; };
    std::optional<TimeUs> aware;
    for (const auto &c : clocks)
        aware = aware ? std::min(*aware, c.startedAt) : c.startedAt;
    const std::map<std::string, std::string> facts = {
        {"case_title", info->title},
        {"incident_type", info->incidentType},
        {"severity", std::string(toString(info->severity))},
        {"phase", std::string(toString(info->phase))},
        {"now", formatMinuteUtc(now)},
        {"detected_at", timeOr(milestone(Milestone::Detected))},
        {"declared_at", timeOr(milestone(Milestone::Declared))},
        {"aware_at", timeOr(aware)},
        {"affected_accounts", std::to_string(countAffectedAccounts(db))},
        {"alerts", std::to_string(db.queryInt("SELECT COUNT(*) FROM alerts WHERE status IN ('new', 'acknowledged', 'escalated')"))},
        {"events", std::to_string(db.queryInt("SELECT event_count FROM case_stats WHERE id = 1"))},
        {"actions_taken", trimmed(actionsTaken(db))},
        {"regulatory_clocks", trimmed(clocksText(clocks, now))},
        {"incident_commander", contacts(db, Role::IncidentCommander)},
        {"legal_contact", contacts(db, Role::LegalCompliance)},
    };
    return Draft::fromText(fill(std::string(tmpl), facts));
}

Draft Draft::fromText(std::string text)
{
    Draft d;
    constexpr std::string_view kSubject = "Subject: ";
    if (text.starts_with(kSubject)) {
        const std::size_t eol = text.find('\n');
        d.subject = text.substr(kSubject.size(), eol - kSubject.size());
        text.erase(0, eol == std::string::npos ? text.size() : eol + 1);
        text.erase(0, std::min(text.size(), text.find_first_not_of('\n')));
    }
    d.body = std::move(text);
    return d;
}

Expected<std::int64_t> recordStatement(Database &db, const Clock &clock, const std::string &actor, Audience audience,
                                       const Draft &draft, const std::string &channel)
{
    if (auto s = requireName(actor, "recording a statement"); !s)
        return s.error();
    if (isBlank(draft.subject) || isBlank(draft.body))
        return Error{ErrorCode::Invalid, "a statement needs a subject and a body"};
    std::optional<std::string> payload;
    if (!channel.empty()) {
        auto channels = notificationChannels(db);
        if (!channels)
            return channels.error();
        const auto it = std::find_if(channels->begin(), channels->end(), [&](const auto &c) { return c.name == channel; });
        if (it == channels->end())
            return Error{ErrorCode::Invalid, "the case has no channel " + channel};
        if (it->kind == NotificationChannel::Kind::PagerDuty)
            return Error{ErrorCode::Invalid, "PagerDuty pages responders; send statements through a Slack or webhook channel"};
        auto info = readCaseInfo(db);
        if (!info)
            return info.error();
        payload = it->kind == NotificationChannel::Kind::Slack
                      ? nlohmann::json{{"text", draft.subject + "\n\n" + draft.body}}.dump()
                      : nlohmann::json{{"source", "cordon"},
                                       {"kind", "statement"},
                                       {"audience", toString(audience)},
                                       {"case", {{"id", info->uuid}, {"title", info->title}}},
                                       {"subject", draft.subject},
                                       {"text", draft.body}}
                            .dump();
    }
    const TimeUs now = clock.now();
    WriteTransaction txn(db);
    Statement ins = db.prepare("INSERT INTO communications (created_at, kind, audience, channel, subject, body, payload,"
                               " status, author, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    // Queued on a channel it goes out as notifications do; otherwise it went out already.
    ins.bind(1, now).bindText(2, "statement").bindText(3, toString(audience));
    ins.bindText(4, nonEmpty(channel)).bindText(5, draft.subject).bindText(6, draft.body).bindText(7, payload);
    ins.bindText(8, channel.empty() ? "recorded" : "pending").bindText(9, actor);
    ins.bind(10, channel.empty() ? std::optional<TimeUs>(now) : std::nullopt);
    ins.run();
    const std::int64_t id = db.lastInsertRowId();
    AuditLog::record(db, now, {actor, "communication.record", "communication", id,
                               {{"audience", toString(audience)}, {"channel", channel}}});
    txn.commit();
    return id;
}

} // namespace cordon::core::response
