#include "ui/timeline/timeline.h"

#include "ui/timeline/timeline_model.h"

namespace cordon::ui {

Timeline::Timeline(QObject *parent)
    : QObject(parent), m_worker(new TimelineWorker(m_latest)), m_model(new TimelineModel(this))
{
    qRegisterMetaType<TimelineMatches>();
    qRegisterMetaType<core::TimelineFilter>();
    qRegisterMetaType<core::EventDetail>();
    qRegisterMetaType<core::RateHistogram>();
    m_thread.setObjectName(QStringLiteral("timeline"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

    connect(m_worker, &TimelineWorker::matched, this, [this](unsigned generation, const TimelineMatches &m) {
        if (generation != m_latest->load())
            return;
        m_complete = m.complete;
        m_model->setMatches(m);
        Q_EMIT matchesChanged(m);
    });
    connect(m_worker, &TimelineWorker::rowsFetched, this,
            [this](unsigned generation, int page, const std::vector<core::EventRow> &rows) {
                if (generation == m_latest->load())
                    m_model->addRows(page, rows);
            });
    connect(m_model, &TimelineModel::rowsWanted, this, [this](int page, const std::vector<std::int64_t> &ids) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker, g = m_latest->load(), page, ids] { w->fetch(g, page, ids); });
    });
    connect(m_worker, &TimelineWorker::histogramReady, this, &Timeline::histogramReady);
    connect(m_worker, &TimelineWorker::detailFetched, this, &Timeline::detailReady);
    connect(m_worker, &TimelineWorker::failed, this, &Timeline::failed);
}

Timeline::~Timeline()
{
    ++*m_latest;   // whatever the worker is doing is no longer wanted
    m_thread.quit();
    m_thread.wait();
}

void Timeline::open(const QString &path)
{
    const unsigned generation = ++*m_latest;
    m_model->clear();
    m_open = true;
    m_complete = false;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, path, generation, filter = m_filter] {
        w->open(path);
        w->setFilter(generation, filter);
    });
}

void Timeline::close()
{
    ++*m_latest;
    m_open = false;
    m_model->clear();
    QMetaObject::invokeMethod(m_worker, &TimelineWorker::close);
}

void Timeline::setFilter(const core::TimelineFilter &filter)
{
    m_filter = filter;
    if (!m_open)
        return;
    const unsigned generation = ++*m_latest;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, generation, filter] { w->setFilter(generation, filter); });
}

void Timeline::refresh()
{
    // While feeds run, commits come faster than the worker needs: one queued refresh at a
    // time catches up with all of them.
    if (!m_open || m_refreshQueued->exchange(true))
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, queued = m_refreshQueued] {
        queued->store(false);
        w->refresh();
    });
}

void Timeline::requestDetail(std::int64_t eventId)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, eventId] { w->fetchDetail(eventId); });
}

} // namespace cordon::ui
