#pragma once

#include "core/query/case_reader.h"
#include "core/query/timeline_index.h"

#include <QMetaType>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace cordon::ui {

/// The ids a filter matched, newest first, shared between the worker and the model without
/// copying (a million ids are 8 MB).
using TimelineIds = std::shared_ptr<const std::vector<std::int64_t>>;

/// One answer to a filter: what matched, and the rows of the first page so the first screen
/// paints without another round trip.
struct TimelineMatches {
    TimelineIds ids;
    std::vector<core::EventRow> firstPage;
    bool complete = false;   ///< false: only the newest few, while the index is still read
    /// The answer only adds ids in front of the previous one (new events): views keep
    /// their place instead of starting over.
    std::size_t prepended = 0;
    bool live = false;       ///< caused by new events rather than by a new filter
    double milliseconds = 0; ///< time the worker took
};

/// Reads the timeline on its own thread with its own read connection, so neither the index
/// (hundreds of ms at 1M events) nor a filter ever runs on the UI thread. Every public
/// method is a slot called queued from the UI thread; answers come back as signals tagged
/// with the generation of the filter they answer, and the model drops stale ones.
class TimelineWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kFirstScreen = 200;
    static constexpr int kPageSize = 100;

    /// `latest` is the newest generation the UI asked for: long work polls it to give up
    /// early on an answer nobody wants any more.
    explicit TimelineWorker(std::shared_ptr<std::atomic<unsigned>> latest);

    void open(const QString &path);
    void close();
    void setFilter(unsigned generation, const core::TimelineFilter &filter);
    /// The case committed more events: read them and, when any arrived, answer the current
    /// filter again.
    void refresh();
    void fetch(unsigned generation, int page, const std::vector<std::int64_t> &ids);
    void fetchDetail(std::int64_t id);

Q_SIGNALS:
    void matched(unsigned generation, const cordon::ui::TimelineMatches &matches);
    void rowsFetched(unsigned generation, int page, const std::vector<cordon::core::EventRow> &rows);
    void detailFetched(std::int64_t id, const cordon::core::EventDetail &detail);
    /// The whole case's event rate, after the index is read and whenever it grows.
    void histogramReady(const cordon::core::RateHistogram &histogram, const QStringList &kinds);
    void failed(const QString &message);

private:
    bool catchUp();
    void answer(unsigned generation, bool live);
    std::vector<core::EventRow> rows(const std::vector<std::int64_t> &ids);

    std::shared_ptr<std::atomic<unsigned>> m_latest;
    std::optional<core::CaseReader> m_reader;
    core::TimelineIndex m_index;
    bool m_indexRead = false;
    core::TimelineFilter m_filter;
    unsigned m_generation = 0;
    TimelineIds m_answer;   ///< the last complete answer, to tell new events from a new list
};

} // namespace cordon::ui

