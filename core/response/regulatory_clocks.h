#pragma once

#include "core/domain/case_info.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::response {

/// A legal deadline and the facts that start it. The clock runs from awareness: when the
/// starting fact became known to the responders (an alert's discovery, a milestone reached),
/// not when the underlying event happened.
struct ClockDefinition {
    std::string id, name;
    int hours = 72;
    std::vector<std::string> alertRules;      ///< an alert of one of these rules (not dismissed)
    std::vector<std::string> incidentTypes;   ///< the case is of one of these types, from declared
    std::optional<Milestone> milestone;       ///< the case reached this milestone
    std::string note;                         ///< what is owed by the deadline, and to whom

    nlohmann::json toJson() const;
    static Expected<ClockDefinition> fromJson(const nlohmann::json &j);
};

/// GDPR Art. 33: notify the supervisory authority within 72 h of becoming aware of a
/// personal-data breach (personal data in model output, or a case of a personal-data type).
const std::vector<ClockDefinition> &defaultClockDefinitions();
/// The case's definitions (setting "regulatory_clocks"), the defaults when it has none.
Expected<std::vector<ClockDefinition>> clockDefinitions(Database &db);
Status storeClockDefinitions(Database &db, const Clock &clock, const std::string &actor,
                             const std::vector<ClockDefinition> &definitions);

/// A clock that started in this case.
struct RegulatoryClock {
    std::int64_t id = 0;
    std::string regime, name, basis, startedBy;
    TimeUs startedAt = 0, deadlineAt = 0;
    std::optional<TimeUs> closedAt;
    std::string closedBy, outcome, note;

    bool running() const { return !closedAt; }
    /// Time left at `now`; negative once the deadline has passed.
    TimeUs remaining(TimeUs now) const { return deadlineAt - now; }
};
/// Every clock started in the case, nearest deadline first.
std::vector<RegulatoryClock> listClocks(Database &db);

/// Starts each defined clock whose fact the case now shows and that has not started yet, at
/// the time the earliest such fact became known (audited regulatory_clock.start by "cordon").
/// A started clock keeps its start: a legal deadline does not move when the case changes.
/// Returns the clocks it started.
Expected<std::vector<RegulatoryClock>> startDueClocks(Database &db, const Clock &clock);
/// A person starts a defined clock by hand (legal confirms a breach the rules did not see),
/// aware at `awareAt` or now; `basis` says what they learned.
Status startClock(Database &db, const Clock &clock, const std::string &actor, const std::string &regime,
                  const std::string &basis, std::optional<TimeUs> awareAt = std::nullopt);
/// Stops a running clock: the notification was made ("notified") or assessed as not owed
/// ("not_required"); a note is required for the record.
Status closeClock(Database &db, const Clock &clock, const std::string &actor, const std::string &regime,
                  const std::string &outcome, const std::string &note);

} // namespace cordon::core::response
