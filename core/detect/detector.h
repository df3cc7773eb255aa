#pragma once

#include "core/detect/rule.h"

#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

namespace cordon::core {

/// What the detector needs of an event: ids instead of strings, and its signals.
struct DetectionEvent {
    std::int64_t id = 0;
    TimeUs time = 0;
    std::string kind;
    std::int64_t account = 0, session = 0, sourceIp = 0, model = 0;   ///< entity ids, 0 for none
    std::int64_t inputTokens = 0, outputTokens = 0;
    SignalSet signalSet = 0;
};

/// A rule's group: the rule and the entity id it groups by (0 for rules grouped by none).
struct GroupKey {
    std::size_t rule = 0;
    std::int64_t entity = 0;
    auto operator<=>(const GroupKey &) const = default;
};

/// A new alert, or more for an alert already raised, produced by one detection pass.
struct AlertChange {
    GroupKey key;
    std::int64_t alertId = 0;                ///< 0: raise a new alert
    Severity severity = Severity::Low;       ///< the alert's severity after this change
    bool severityRaised = false;
    std::vector<std::string> newCriteria;    ///< criteria that fired in this pass
    std::vector<std::int64_t> eventIds;      ///< events newly linked (capped per alert)
    std::int64_t newEvents = 0;              ///< events newly counted (not capped)
    TimeUs firstTime = 0, lastTime = 0;
};

/// Streaming evaluation of rules over sliding windows of event time. Alerts are grouped:
/// while a group keeps matching within its window, its events join the one alert.
class Detector {
public:
    static constexpr std::size_t kMaxLinkedPerAlert = 10'000;

    explicit Detector(const DetectionConfig &config);

    /// Feeds one event. With emit=false the windows are only warmed up (events evaluated
    /// before a restart).
    void observe(const DetectionEvent &event, bool emit = true);
    /// The changes since the last call, in the order they arose.
    std::vector<AlertChange> takeChanges();
    /// Tells the detector the id the writer gave an alert it raised (or an open alert found
    /// in the case on start), so later events extend it instead of raising another.
    void attachAlert(const GroupKey &key, std::int64_t alertId, int level, TimeUs lastTime, std::int64_t linked);
    /// The id a change was written under (a raise, or an extension that became a new alert).
    void confirmAlert(const GroupKey &key, std::int64_t alertId);

    const DetectionConfig &config() const { return m_config; }
    /// The measure of a group now (for tests and explanations).
    double measure(const GroupKey &key) const;

private:
    struct Entry {
        TimeUs time;
        std::int64_t id;
        double value;
        std::int64_t distinct;
        bool ratioHit;
    };
    struct Group {
        std::deque<Entry> entries;
        double sum = 0;
        std::int64_t ratioHits = 0;
        std::unordered_map<std::int64_t, int> distinct;
        std::map<std::int64_t, std::int64_t> buckets;   // spike: tumbling-window counts
        TimeUs firstSeen = 0, maxTime = 0;
        std::int64_t alertId = 0;   // open alert (0 none, -1 raised in this pass, id pending)
        int level = -1;
        TimeUs alertLast = 0;
        std::int64_t linked = 0;
        std::size_t pending = SIZE_MAX;   // index into m_changes
    };

    double measureOf(const Rule &rule, const Group &g, TimeUs now) const;
    void evict(const Rule &rule, Group &g, TimeUs now);
    std::int64_t groupEntity(const Rule &rule, const DetectionEvent &e) const;
    AlertChange &changeFor(const GroupKey &key, Group &g);

    DetectionConfig m_config;
    std::map<GroupKey, Group> m_groups;
    std::vector<AlertChange> m_changes;
};

} // namespace cordon::core
