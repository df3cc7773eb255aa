#pragma once

#include "core/store/sqlite.h"
#include "core/triage/alert_triage.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace cordon::core {

/// The accounts the alerts cite, kept up to date by reading only what changed.
///
/// The overview shows each alert's top accounts and the number of accounts all open alerts
/// cite. Counting them again from alert_events on every refresh read each cited event's row
/// (a million-event case: ~130 ms twice a second, a fifth of a core while feeds ran). The
/// tally reads an alert's links again only when its event count moved, and then only the
/// links past the newest event it has seen; when the alert's links no longer add up (an
/// undo or a merge took some away or linked older events) it reads that alert afresh.
class AlertAccountTally {
public:
    /// Reads what changed for `alerts` (the case's alerts as listAlerts gives them).
    void update(Database &db, const std::vector<AlertSummary> &alerts);
    /// An alert's accounts, most cited first (ties by name); as alertAccounts() reads them.
    AlertAccounts accountsOf(Database &db, std::int64_t alertId, std::size_t limit);
    /// Distinct accounts cited by the alerts not dismissed, as of the last update().
    std::int64_t affectedAccounts() const { return m_affected; }
    void clear();

private:
    struct Tally {
        std::int64_t eventCount = -1;   ///< the alert's event_count when last read
        std::int64_t newestEvent = 0;   ///< the highest event id read
        std::int64_t links = 0;         ///< alert_events rows read
        std::unordered_map<std::int64_t, std::int64_t> byAccount;   ///< entity id -> events
    };
    void read(Database &db, std::int64_t alertId, Tally &t);
    const std::string &accountName(Database &db, std::int64_t entityId);

    std::unordered_map<std::int64_t, Tally> m_alerts;
    std::unordered_map<std::int64_t, std::string> m_names;
    std::int64_t m_affected = 0;
};

} // namespace cordon::core
