#pragma once

#include "ui/timeline/timeline_worker.h"

#include <QObject>
#include <QThread>

namespace cordon::ui {

class TimelineModel;

/// The timeline of the open case: its worker thread, the filter in force and the model the
/// view shows. Calls are made on the UI thread and return at once; answers arrive as
/// signals after the model has been updated.
class Timeline : public QObject {
    Q_OBJECT
public:
    explicit Timeline(QObject *parent = nullptr);
    ~Timeline() override;

    TimelineModel *model() const { return m_model; }
    void open(const QString &path);
    void close();
    /// Runs a filter; answers to earlier ones are dropped (and their work cut short).
    void setFilter(const core::TimelineFilter &filter);
    const core::TimelineFilter &filter() const { return m_filter; }
    /// The case committed more: new matches arrive without moving what is shown.
    void refresh();
    void requestDetail(std::int64_t eventId);

    /// Whether the last answer is the whole match list (not just the newest screen).
    bool complete() const { return m_complete; }

Q_SIGNALS:
    void matchesChanged(const cordon::ui::TimelineMatches &matches);
    void histogramReady(const cordon::core::RateHistogram &histogram, const QStringList &kinds);
    void detailReady(std::int64_t eventId, const cordon::core::EventDetail &detail);
    void failed(const QString &message);

private:
    QThread m_thread;
    std::shared_ptr<std::atomic<unsigned>> m_latest = std::make_shared<std::atomic<unsigned>>(0);
    std::shared_ptr<std::atomic<bool>> m_refreshQueued = std::make_shared<std::atomic<bool>>(false);
    TimelineWorker *m_worker;
    TimelineModel *m_model;
    core::TimelineFilter m_filter;
    bool m_complete = false;
    bool m_open = false;
};

} // namespace cordon::ui
