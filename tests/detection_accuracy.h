#pragma once

// Scores the alerts in a case against a simulator ground-truth sidecar; shared by the
// detection tests (which assert on it) and `cordon-bench detect` (which prints it).
#include "core/store/sqlite.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace cordon::test {

struct RuleScore {
    int alerts = 0;
    int onIncident = 0;   ///< alerts linking at least one event of an embedded incident
    double precision() const { return alerts ? static_cast<double>(onIncident) / alerts : 1.0; }
};

struct IncidentScore {
    std::string id, expectedRule, expectedSeverity;
    bool detected = false;                     ///< an alert of the expected rule and severity links its events
    std::set<std::string> rules;               ///< every rule with an alert linking its events
    std::set<std::string> severities;          ///< of the expected rule's alerts
};

struct AccuracyReport {
    std::map<std::string, RuleScore> rules;
    std::vector<IncidentScore> incidents;
    std::map<std::string, int> bySeverity;     ///< all alerts
    /// Recall of each expected rule: incidents detected / incidents expecting it.
    std::map<std::string, std::pair<int, int>> recall;
};

inline AccuracyReport scoreAlerts(core::Database &db, const nlohmann::json &truth)
{
    AccuracyReport report;
    std::map<std::string, std::string> incidentOfEvent;
    for (const auto &inc : truth["incidents"]) {
        for (const auto &id : inc["event_ids"])
            incidentOfEvent[id.get<std::string>()] = inc["id"].get<std::string>();
    }
    struct Alert {
        std::string rule, severity;
        std::set<std::string> incidents;
    };
    std::map<std::int64_t, Alert> alerts;
    core::Statement a = db.prepare("SELECT id, rule_id, severity FROM alerts");
    while (a.step())
        alerts[a.int64(0)] = {a.text(1), a.text(2), {}};
    core::Statement links = db.prepare(
        "SELECT ae.alert_id, e.external_id FROM alert_events ae JOIN events e ON e.id = ae.event_id"
        " WHERE e.external_id IS NOT NULL");
    while (links.step()) {
        auto it = incidentOfEvent.find(links.text(1));
        if (it != incidentOfEvent.end())
            alerts[links.int64(0)].incidents.insert(it->second);
    }
    for (const auto &[id, alert] : alerts) {
        RuleScore &r = report.rules[alert.rule];
        ++r.alerts;
        r.onIncident += !alert.incidents.empty();
        ++report.bySeverity[alert.severity];
    }
    for (const auto &inc : truth["incidents"]) {
        IncidentScore s;
        s.id = inc["id"].get<std::string>();
        s.expectedRule = inc["expected_alert"].get<std::string>();
        s.expectedSeverity = inc["expected_severity"].get<std::string>();
        for (const auto &[id, alert] : alerts) {
            if (!alert.incidents.count(s.id))
                continue;
            s.rules.insert(alert.rule);
            if (alert.rule == s.expectedRule) {
                s.severities.insert(alert.severity);
                s.detected = s.detected || alert.severity == s.expectedSeverity;
            }
        }
        auto &[hit, total] = report.recall[s.expectedRule];
        ++total;
        hit += s.detected;
        report.incidents.push_back(std::move(s));
    }
    return report;
}

} // namespace cordon::test
