#pragma once

#include "core/domain/case_info.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

/// What the timeline shows: every condition set must hold. Entities are matched by their
/// exact value; flags must all be present; text is an FTS5 query over prompts and outputs;
/// the alert conditions keep the events an alert cites as its evidence.
struct TimelineFilter {
    std::optional<TimeUs> from, to;   ///< event time in [from, to)
    std::vector<std::string> kinds;   ///< any of these kinds
    std::optional<std::string> account, session, sourceIp;
    std::uint32_t flags = 0;
    std::string text;
    std::optional<std::int64_t> alertId;   ///< cited by this alert
    std::optional<Severity> minSeverity;   ///< cited by an alert at least this severe

    bool structuredOnly() const { return text.empty(); }
    bool citedByAlerts() const { return alertId || minSeverity; }
    bool operator==(const TimelineFilter &) const = default;
};

/// One event as the timeline filters and sorts it: 40 bytes, so a million fit in 40 MB and
/// a filter over all of them is one pass over memory, not a query per keystroke.
struct TimelineEntry {
    std::int64_t id = 0;
    TimeUs eventTime = 0;
    std::uint32_t flags = 0;
    std::int32_t account = 0, session = 0, sourceIp = 0;   ///< entity ids; 0 when absent
    std::uint16_t kind = 0;                                 ///< index into TimelineIndex::kinds()
};

/// Events per time bin over a case's whole time range, for rate charts: at most a few
/// thousand points however many events there are.
struct RateHistogram {
    TimeUs from = 0;        ///< bin i covers [from + i·binWidth, from + (i+1)·binWidth)
    TimeUs binWidth = 0;
    std::vector<std::uint32_t> events;
    std::vector<std::uint32_t> violations;   ///< events carrying any of the violation flags

    TimeUs binStart(std::size_t i) const { return from + static_cast<TimeUs>(i) * binWidth; }
};

/// The bin width for a span: the smallest of 1 s, 5 s, 10 s, 30 s, 1, 5, 10, 15, 30 min,
/// 1, 2, 3, 6, 12 h, 1 d, 7 d that needs no more than `maxBins` bins.
TimeUs niceBinWidth(TimeUs span, int maxBins);

/// Compact columns of every event in event-time order, read from the covering index
/// events_time (no event row is touched), kept current by appending what was committed
/// since. Filters run on these columns; full-text conditions ask FTS5 for the matching ids.
/// Not thread-safe: one owner (the timeline's worker) at a time.
class TimelineIndex {
public:
    /// Reads events with ids above the last one read; the first call reads them all. Checks
    /// `cancelled` every 64k rows and returns false (keeping what it had) when it says so.
    bool catchUp(Database &db, const std::function<bool()> &cancelled = {});

    /// The ids of the matching events, newest first (event time, then id). Text conditions
    /// are run against `db`'s full-text index.
    std::vector<std::int64_t> matches(Database &db, const TimelineFilter &filter,
                                      const std::function<bool()> &cancelled = {}) const;

    /// The newest `limit` matches straight from SQL, for the first screen while the index
    /// is still being read: a keyset walk down events_time (or FTS5 for text), O(limit) for
    /// filters that match often.
    static std::vector<std::int64_t> firstMatches(Database &db, const TimelineFilter &filter, int limit);

    /// The rate of every event (and of those with any flag in `violationFlags`), binned.
    RateHistogram histogram(int maxBins, std::uint32_t violationFlags) const;

    std::size_t size() const { return m_entries.size(); }
    std::int64_t upto() const { return m_upto; }
    const std::vector<std::string> &kinds() const { return m_kinds; }
    const std::vector<TimelineEntry> &entries() const { return m_entries; }

private:
    std::uint16_t kindCode(std::string_view kind);

    std::vector<TimelineEntry> m_entries;   ///< ascending (event time, id)
    std::vector<std::string> m_kinds;
    std::int64_t m_upto = 0;                ///< highest event id read
};

} // namespace cordon::core
