#include "core/triage/alert_triage.h"

#include "core/audit/audit_log.h"
#include "core/util/json_reader.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace cordon::core {
namespace {

constexpr std::array<std::string_view, 6> kStatuses = {"new", "acknowledged", "escalated", "merged", "dismissed",
                                                         "resolved"};
constexpr std::array<std::string_view, 6> kVerbs = {"acknowledge", "assign", "escalate", "merge", "dismiss",
                                                      "resolve"};

using Kind = AlertDecision::Kind;

/// The status a decision leads to from `from`, or nullopt when the lifecycle forbids it.
std::optional<AlertStatus> next(AlertStatus from, Kind kind)
{
    using S = AlertStatus;
    if (from == S::Resolved)
        return std::nullopt;   // resolved is final
    switch (kind) {
    case Kind::Assign: return from;
    case Kind::Acknowledge: return from == S::New ? std::optional(S::Acknowledged) : std::nullopt;
    case Kind::Escalate:
        return from == S::New || from == S::Acknowledged ? std::optional(S::Escalated) : std::nullopt;
    case Kind::Merge:
    case Kind::Dismiss:
        if (from == S::New || from == S::Acknowledged || from == S::Escalated)
            return kind == Kind::Merge ? S::Merged : S::Dismissed;
        return std::nullopt;
    case Kind::Resolve: return from == S::New ? std::nullopt : std::optional(S::Resolved);
    }
    return std::nullopt;
}

std::optional<std::string> optionalText(const Statement &st, int column)
{
    return st.isNull(column) ? std::nullopt : std::optional(st.text(column));
}

std::optional<TimeUs> optionalTime(const Statement &st, int column)
{
    return st.isNull(column) ? std::nullopt : std::optional(st.int64(column));
}

std::optional<TriageState> readState(Database &db, std::int64_t alertId)
{
    Statement st = db.prepare("SELECT status, assignee, escalation_target, resolution_reason, acknowledged_at,"
                              " escalated_at, resolved_at FROM alerts WHERE id = ?");
    st.bind(1, alertId);
    if (!st.step())
        return std::nullopt;
    TriageState s;
    s.status = alertStatusFromString(st.text(0)).value_or(AlertStatus::New);
    s.assignee = optionalText(st, 1);
    s.escalationTarget = optionalText(st, 2);
    s.resolutionReason = optionalText(st, 3);
    s.acknowledgedAt = optionalTime(st, 4);
    s.escalatedAt = optionalTime(st, 5);
    s.resolvedAt = optionalTime(st, 6);
    return s;
}

} // namespace

std::string_view toString(AlertStatus s)
{
    return kStatuses[static_cast<std::size_t>(s)];
}

std::optional<AlertStatus> alertStatusFromString(std::string_view s)
{
    for (std::size_t i = 0; i < kStatuses.size(); ++i) {
        if (kStatuses[i] == s)
            return static_cast<AlertStatus>(i);
    }
    return std::nullopt;
}

std::optional<AlertDecision::Kind> decisionFromString(std::string_view verb)
{
    for (std::size_t i = 0; i < kVerbs.size(); ++i) {
        if (kVerbs[i] == verb || (verb == "ack" && i == 0))
            return static_cast<Kind>(i);
    }
    return std::nullopt;
}

Expected<TriageChange> decideAlert(Database &db, const Clock &clock, std::int64_t alertId, const AlertDecision &d)
{
    if (d.actor.empty())
        return Error{ErrorCode::Invalid, "a triage decision needs the name of the person making it"};
    if (d.kind == Kind::Dismiss && d.reason.empty())
        return Error{ErrorCode::Invalid, "dismissing an alert as a false positive needs a reason"};
    if (d.kind == Kind::Assign && d.assignee.empty())
        return Error{ErrorCode::Invalid, "assigning an alert needs the assignee's name"};
    WriteTransaction txn(db);
    const auto before = readState(db, alertId);
    if (!before)
        return Error{ErrorCode::Invalid, "there is no alert " + std::to_string(alertId)};
    const AlertStatus from = before->status;
    const std::string currentTarget = before->escalationTarget.value_or("");
    const auto to = next(from, d.kind);
    const std::string verb(kVerbs[static_cast<std::size_t>(d.kind)]);
    if (!to)
        return Error{ErrorCode::Invalid, "alert " + std::to_string(alertId) + " is " + std::string(toString(from))
                                             + "; it cannot be " + verb + (verb.ends_with('e') ? "d" : "ed") + " now"};
    const TimeUs now = clock.now();
    const std::string target = d.target.empty() ? currentTarget : d.target;
    if (d.kind == Kind::Escalate && target.empty())
        return Error{ErrorCode::Invalid, "this alert's severity has no escalation target; name one"};
    Statement up = db.prepare(
        "UPDATE alerts SET status = ?1, updated_at = ?2,"
        " acknowledged_at = CASE WHEN ?3 <> 'assign' THEN COALESCE(acknowledged_at, ?2) ELSE acknowledged_at END,"
        " escalated_at = CASE WHEN ?3 = 'escalate' THEN ?2 ELSE escalated_at END,"
        " escalation_target = CASE WHEN ?3 = 'escalate' THEN ?4 ELSE escalation_target END,"
        " resolved_at = CASE WHEN ?3 = 'resolve' THEN ?2 ELSE resolved_at END,"
        " assignee = CASE WHEN ?3 = 'assign' THEN ?5 ELSE assignee END,"
        " resolution_reason = CASE WHEN ?3 IN ('dismiss', 'merge', 'resolve') AND ?6 <> '' THEN ?6"
        " ELSE resolution_reason END WHERE id = ?7");
    up.bindText(1, toString(*to)).bind(2, now).bindText(3, verb).bindText(4, target).bindText(5, d.assignee);
    up.bindText(6, d.reason).bind(7, alertId);
    up.run();
    nlohmann::json detail = {{"from", toString(from)}, {"to", toString(*to)}};
    if (!d.reason.empty())
        detail["reason"] = d.reason;
    if (d.kind == Kind::Assign)
        detail["assignee"] = d.assignee;
    if (d.kind == Kind::Escalate)
        detail["target"] = target;
    TriageChange change{alertId, "alert." + verb, *before, *readState(db, alertId)};
    AuditLog::record(db, now, {d.actor, change.action, "alert", alertId, detail});
    txn.commit();
    return change;
}

Status revertDecision(Database &db, const Clock &clock, const TriageChange &change, const std::string &actor)
{
    if (actor.empty())
        return Error{ErrorCode::Invalid, "undoing a triage decision needs the name of the person undoing it"};
    WriteTransaction txn(db);
    const auto current = readState(db, change.alertId);
    if (!current)
        return Error{ErrorCode::Invalid, "there is no alert " + std::to_string(change.alertId)};
    if (*current != change.after)
        return Error{ErrorCode::Invalid, "alert " + std::to_string(change.alertId) + " has changed since " + change.action
                                             + " (it is " + std::string(toString(current->status))
                                             + " now); it was not put back"};
    const TriageState &b = change.before;
    const TimeUs now = clock.now();
    Statement up = db.prepare(
        "UPDATE alerts SET status = ?1, assignee = ?2, escalation_target = ?3, resolution_reason = ?4,"
        " acknowledged_at = ?5, escalated_at = ?6, resolved_at = ?7, updated_at = ?8 WHERE id = ?9");
    up.bindText(1, toString(b.status)).bindText(2, b.assignee).bindText(3, b.escalationTarget);
    up.bindText(4, b.resolutionReason).bind(5, b.acknowledgedAt).bind(6, b.escalatedAt).bind(7, b.resolvedAt);
    up.bind(8, now).bind(9, change.alertId);
    up.run();
    AuditLog::record(db, now,
                     {actor, "alert.revert", "alert", change.alertId,
                      {{"from", toString(current->status)}, {"to", toString(b.status)}, {"undoes", change.action}}});
    txn.commit();
    return {};
}

AlertAccounts alertAccounts(Database &db, std::int64_t alertId, std::size_t limit)
{
    AlertAccounts out;
    Statement st = db.prepare(
        "SELECT en.value FROM alert_events ae JOIN events e ON e.id = ae.event_id"
        " JOIN entities en ON en.id = e.account_id WHERE ae.alert_id = ?"
        " GROUP BY e.account_id ORDER BY count(*) DESC, en.value");
    st.bind(1, alertId);
    while (st.step()) {
        if (out.top.size() < limit)
            out.top.push_back(st.text(0));
        ++out.distinct;
    }
    return out;
}

std::vector<AlertSummary> listAlerts(Database &db, TimeUs now)
{
    std::vector<AlertSummary> out;
    Statement st = db.prepare(
        "SELECT id, rule_id, title, severity, status, criteria, group_key, event_count, first_event_time,"
        " last_event_time, created_at, sla_due_at, escalation_target, assignee, resolution_reason,"
        " recommended_actions, acknowledged_at, escalated_at, resolved_at FROM alerts");
    auto optTime = [&st](int col) { return optionalTime(st, col); };
    auto optText = [&st](int col) { return optionalText(st, col).value_or(""); };
    while (st.step()) {
        AlertSummary a;
        a.id = st.int64(0);
        a.ruleId = st.text(1);
        a.title = st.text(2);
        a.severity = severityFromString(st.text(3)).value_or(Severity::Low);
        a.status = alertStatusFromString(st.text(4)).value_or(AlertStatus::New);
        a.criteria = stringList(st.text(5));
        a.groupKey = st.text(6);
        a.eventCount = st.int64(7);
        a.firstEventTime = st.int64(8);
        a.lastEventTime = st.int64(9);
        a.createdAt = st.int64(10);
        a.slaDueAt = optTime(11).value_or(0);
        a.escalationTarget = optText(12);
        a.assignee = optText(13);
        a.resolutionReason = optText(14);
        a.recommendedActions = stringList(optText(15));
        a.acknowledgedAt = optTime(16);
        a.escalatedAt = optTime(17);
        a.resolvedAt = optTime(18);
        // The SLA is to respond; any decision but an assignment counts as the response and
        // sets acknowledged_at when it is the first.
        const std::optional<TimeUs> responded = a.acknowledgedAt;
        if (responded) {
            a.sla = *responded <= a.slaDueAt ? AlertSummary::Sla::Met : AlertSummary::Sla::Breached;
            a.slaRemaining = a.slaDueAt - *responded;
        } else {
            a.slaRemaining = a.slaDueAt - now;
            a.sla = a.slaRemaining >= 0 ? AlertSummary::Sla::Running : AlertSummary::Sla::Breached;
        }
        out.push_back(std::move(a));
    }
    std::sort(out.begin(), out.end(), [](const AlertSummary &x, const AlertSummary &y) {
        if (x.severity != y.severity)
            return x.severity < y.severity;   // Critical is 0
        return x.slaDueAt < y.slaDueAt;
    });
    return out;
}

} // namespace cordon::core
