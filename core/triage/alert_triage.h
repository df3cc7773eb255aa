#pragma once

#include "core/domain/case_info.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

/// An alert's place in triage: new → acknowledged → escalated | merged into the incident |
/// dismissed as a false positive → resolved.
enum class AlertStatus { New, Acknowledged, Escalated, Merged, Dismissed, Resolved };
std::string_view toString(AlertStatus s);
std::optional<AlertStatus> alertStatusFromString(std::string_view s);
/// New, acknowledged or escalated: still waiting for someone (not merged, dismissed or resolved).
inline bool isOpen(AlertStatus s)
{
    return s == AlertStatus::New || s == AlertStatus::Acknowledged || s == AlertStatus::Escalated;
}

/// A responder's decision on an alert.
struct AlertDecision {
    enum class Kind { Acknowledge, Assign, Escalate, Merge, Dismiss, Resolve } kind = Kind::Acknowledge;
    std::string actor;     ///< who decided (a person's name)
    std::string reason;    ///< required to dismiss; recorded for all
    std::string assignee;  ///< for Assign
    std::string target;    ///< for Escalate; the alert's escalation target when empty
};
std::optional<AlertDecision::Kind> decisionFromString(std::string_view verb);

/// The fields of an alert that triage decisions change, as they stood at one moment.
struct TriageState {
    AlertStatus status = AlertStatus::New;
    std::optional<std::string> assignee, escalationTarget, resolutionReason;
    std::optional<TimeUs> acknowledgedAt, escalatedAt, resolvedAt;
    bool operator==(const TriageState &) const = default;
};

/// A decision as it was applied: what undo needs to put the alert back.
struct TriageChange {
    std::int64_t alertId = 0;
    std::string action;   ///< the audit action, e.g. "alert.dismiss"
    TriageState before, after;
};

/// Applies a decision in one transaction with its audit entry, or says why it cannot be
/// made (unknown alert, a transition the lifecycle does not allow, a dismissal without a
/// reason). Call on the writer connection.
Expected<TriageChange> decideAlert(Database &db, const Clock &clock, std::int64_t alertId,
                                   const AlertDecision &decision);

/// Undoes `change`: the alert's triage fields return to `change.before`, audited as
/// alert.revert by `actor`. The lifecycle only moves forward, so this is the one way back,
/// and it is refused when the alert has changed since (another decision, another person).
Status revertDecision(Database &db, const Clock &clock, const TriageChange &change, const std::string &actor);

/// The accounts whose events an alert cites, most events first.
struct AlertAccounts {
    std::vector<std::string> top;   ///< at most the limit asked for
    std::int64_t distinct = 0;
};
AlertAccounts alertAccounts(Database &db, std::int64_t alertId, std::size_t limit);

/// An alert as triage shows it, with its SLA judged against a clock.
struct AlertSummary {
    std::int64_t id = 0;
    std::string ruleId, title, groupKey, escalationTarget, assignee, resolutionReason;
    Severity severity = Severity::Low;
    AlertStatus status = AlertStatus::New;
    std::vector<std::string> criteria, recommendedActions;
    std::int64_t eventCount = 0;
    TimeUs firstEventTime = 0, lastEventTime = 0, createdAt = 0, slaDueAt = 0;
    std::optional<TimeUs> acknowledgedAt, escalatedAt, resolvedAt;

    enum class Sla { Running, Met, Breached } sla = Sla::Running;
    TimeUs slaRemaining = 0;   ///< negative once breached
};

/// Every alert, most severe first and then by SLA due time.
std::vector<AlertSummary> listAlerts(Database &db, TimeUs now);

} // namespace cordon::core
