#include "core/triage/alert_account_tally.h"

#include <algorithm>
#include <unordered_set>

namespace cordon::core {

void AlertAccountTally::clear()
{
    m_alerts.clear();
    m_names.clear();
    m_affected = 0;
}

void AlertAccountTally::read(Database &db, std::int64_t alertId, Tally &t)
{
    CachedStatement links = db.cached(
        "SELECT ae.event_id, e.account_id FROM alert_events ae JOIN events e ON e.id = ae.event_id"
        " WHERE ae.alert_id = ? AND ae.event_id > ? ORDER BY ae.event_id");
    links->bind(1, alertId).bind(2, t.newestEvent);
    while (links->step()) {
        t.newestEvent = links->int64(0);
        ++t.links;
        if (!links->isNull(1))
            ++t.byAccount[links->int64(1)];
    }
}

void AlertAccountTally::update(Database &db, const std::vector<AlertSummary> &alerts)
{
    std::unordered_map<std::int64_t, Tally> current;
    for (const AlertSummary &a : alerts) {
        auto it = m_alerts.find(a.id);
        Tally t = it != m_alerts.end() ? std::move(it->second) : Tally{};
        if (t.eventCount != a.eventCount) {
            read(db, a.id, t);
            CachedStatement count = db.cached("SELECT COUNT(*) FROM alert_events WHERE alert_id = ?");
            count->bind(1, a.id);
            if (!count->step() || count->int64(0) != t.links) {
                t = Tally{};
                read(db, a.id, t);
            }
            t.eventCount = a.eventCount;
        }
        current.emplace(a.id, std::move(t));
    }
    m_alerts = std::move(current);

    std::unordered_set<std::int64_t> affected;
    for (const AlertSummary &a : alerts) {
        if (a.status == AlertStatus::Dismissed)
            continue;
        for (const auto &[account, n] : m_alerts[a.id].byAccount)
            affected.insert(account);
    }
    m_affected = static_cast<std::int64_t>(affected.size());
}

const std::string &AlertAccountTally::accountName(Database &db, std::int64_t entityId)
{
    auto it = m_names.find(entityId);
    if (it != m_names.end())
        return it->second;
    CachedStatement st = db.cached("SELECT value FROM entities WHERE id = ?");
    st->bind(1, entityId);
    return m_names.emplace(entityId, st->step() ? st->text(0) : std::string()).first->second;
}

AlertAccounts AlertAccountTally::accountsOf(Database &db, std::int64_t alertId, std::size_t limit)
{
    AlertAccounts out;
    auto it = m_alerts.find(alertId);
    if (it == m_alerts.end())
        return out;
    const auto &byAccount = it->second.byAccount;
    out.distinct = static_cast<std::int64_t>(byAccount.size());
    std::vector<std::pair<std::int64_t, std::int64_t>> ranked(byAccount.begin(), byAccount.end());   // account, events
    // Only accounts cited at least as often as the limit-th need a name to break ties.
    const std::size_t keep = std::min(limit, ranked.size());
    if (keep == 0)
        return out;
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep - 1), ranked.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    const std::int64_t floor = ranked[keep - 1].second;
    std::vector<std::pair<std::int64_t, std::string>> candidates;   // events, name
    for (const auto &[account, n] : byAccount) {
        if (n >= floor)
            candidates.emplace_back(n, accountName(db, account));
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (std::size_t i = 0; i < keep; ++i)
        out.top.push_back(candidates[i].second);
    return out;
}

} // namespace cordon::core
