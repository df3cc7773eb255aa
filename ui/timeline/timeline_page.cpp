#include "ui/timeline/timeline_page.h"

#include "core/review/incident_timeline.h"
#include "core/util/clock.h"
#include "ui/case_writes.h"
#include "ui/timeline/event_detail_pane.h"
#include "ui/timeline/filter_bar.h"
#include "ui/timeline/rate_chart.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <numeric>

namespace cordon::ui {
namespace {
const auto kColumnsKey = QStringLiteral("timeline/columns");
const auto kSplitterKey = QStringLiteral("timeline/splitter");
} // namespace

TimelinePage::TimelinePage(CaseWrites &writes, QWidget *parent)
    : QWidget(parent), m_writes(writes), m_timeline(new Timeline(this)), m_filterBar(new FilterBar),
      m_chart(new RateChart), m_view(new QTableView), m_detail(new EventDetailPane), m_splitter(new QSplitter),
      m_status(new QLabel)
{
    setObjectName(QStringLiteral("timelinePage"));
    m_view->setObjectName(QStringLiteral("timelineView"));
    m_view->setModel(m_timeline->model());
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    // Fixed row heights: the view never measures rows, so a million cost nothing to lay out.
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(TimelineModel::EventTime, Qt::DescendingOrder);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    const int timeWidth = m_view->fontMetrics().horizontalAdvance(QStringLiteral("2026-11-21 23:59:59.999 +00:00")) + 16;
    const int widths[] = {timeWidth, 95, 95, 110, 105, 120, 150, 420, timeWidth, 110, 100};
    for (int c = 0; c < TimelineModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, widths[c]);
    for (int c : {TimelineModel::RecordTime, TimelineModel::Source, TimelineModel::Tokens})
        m_view->setColumnHidden(c, true);   // there for who needs them: right-click the header
    connect(header, &QHeaderView::customContextMenuRequested, this, &TimelinePage::showColumnMenu);
    connect(header, &QHeaderView::sectionClicked, this, [this, header](int section) {
        // Order by event time only: the ids are already in that order, read either way.
        const bool oldest = !m_timeline->model()->oldestFirst();
        if (section == TimelineModel::EventTime) {
            m_timeline->model()->setOldestFirst(oldest);
            header->setSortIndicator(TimelineModel::EventTime, oldest ? Qt::AscendingOrder : Qt::DescendingOrder);
        } else {
            header->setSortIndicator(TimelineModel::EventTime, m_timeline->model()->oldestFirst() ? Qt::AscendingOrder : Qt::DescendingOrder);
        }
    });

    m_status->setObjectName(QStringLiteral("timelineStatus"));
    m_splitter->setObjectName(QStringLiteral("timelineSplitter"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_chart);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);

    connect(m_filterBar, &FilterBar::filterChanged, this, [this](const core::TimelineFilter &f) {
        m_chart->setSelection(f.from, f.to);
        m_status->setText(tr("Filtering…"));
        m_timeline->setFilter(f);
    });
    connect(m_chart, &RateChart::rangeSelected, m_filterBar, &FilterBar::setTimeRange);
    connect(m_timeline, &Timeline::histogramReady, this, [this](const core::RateHistogram &h, const QStringList &kinds) {
        m_chart->setHistogram(h);
        m_filterBar->setKinds(kinds);
        const auto f = m_timeline->filter();
        m_chart->setSelection(f.from, f.to);
        m_total = std::accumulate(h.events.begin(), h.events.end(), std::int64_t(0));
    });
    connect(m_timeline, &Timeline::matchesChanged, this, [this](const TimelineMatches &m) {
        const QLocale locale;
        const QString count = locale.toString(static_cast<qlonglong>(m.ids->size()));
        if (!m.complete)
            m_status->setText(tr("Newest %1 matches shown while the timeline is read…").arg(count));
        else if (m_total > 0)
            m_status->setText(tr("%1 of %2 events · %3 ms").arg(count, locale.toString(static_cast<qlonglong>(m_total)))
                                  .arg(m.milliseconds, 0, 'f', 1));
        else
            m_status->setText(tr("%1 events").arg(count));
        if (!m.live && m.complete && m_view->currentIndex().isValid() == false && m_timeline->model()->rowCount() > 0)
            m_view->scrollToTop();
    });
    connect(m_timeline, &Timeline::failed, this, &TimelinePage::problem);
    connect(m_timeline->model(), &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { keepPlaceOnInsert(first, last - first + 1); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TimelinePage::currentChanged);
    connect(m_timeline, &Timeline::detailReady, this, [this](std::int64_t id, const core::EventDetail &d) {
        if (id == m_timeline->model()->eventId(m_view->currentIndex().row()))
            m_detail->showDetail(d);
    });
    connect(m_detail, &EventDetailPane::pinRequested, this, &TimelinePage::pin);
    connect(m_detail, &EventDetailPane::unpinRequested, this, &TimelinePage::unpin);
    connect(m_detail, &EventDetailPane::pivot, this, [this](const QString &kind, const QString &value) {
        core::TimelineFilter f;
        (kind == u"account" ? f.account : kind == u"session" ? f.session : f.sourceIp) = value.toStdString();
        showFilter(f);
    });
    connect(m_detail, &EventDetailPane::investigate, this, &TimelinePage::investigateAccount);
    m_detail->setWritable(m_writes.writable());
    connect(&m_writes, &CaseWrites::writableChanged, m_detail, &EventDetailPane::setWritable);
}

void TimelinePage::open(const QString &path)
{
    m_detail->clear();
    m_total = 0;
    m_status->setText(tr("Opening the timeline…"));
    m_timeline->setFilter(m_filterBar->filter());
    m_timeline->open(path);
}

void TimelinePage::close()
{
    m_timeline->close();
    m_detail->clear();
}

void TimelinePage::refresh()
{
    m_timeline->refresh();
}

void TimelinePage::showFilter(const core::TimelineFilter &filter)
{
    m_filterBar->setFilter(filter);
}

void TimelinePage::setAlertTimes(const std::vector<core::TimeUs> &times)
{
    m_chart->setAlertTimes(times);
}

void TimelinePage::focusSearch()
{
    m_filterBar->focusSearch();
}

void TimelinePage::keepPlaceOnInsert(int first, int count)
{
    // New events arrive in front of the list; a reader who has scrolled away from the top
    // keeps looking at the same rows. At the top, the list follows the feed.
    QScrollBar *bar = m_view->verticalScrollBar();
    if (first != 0 || bar->value() == 0)
        return;
    bar->setMaximum(bar->maximum() + count);
    bar->setValue(bar->value() + count);
}

void TimelinePage::currentChanged()
{
    const std::int64_t id = m_timeline->model()->eventId(m_view->currentIndex().row());
    if (id == 0) {
        m_detail->clear();
        return;
    }
    if (id != m_detail->eventId())
        m_timeline->requestDetail(id);
}

void TimelinePage::pin(std::int64_t eventId, const QString &note)
{
    const std::string actor = responderName().toStdString(), text = note.toStdString();
    writePin(eventId, [actor, eventId, text](core::Database &db) -> core::Status {
        auto id = core::pinEvent(db, core::SystemClock::instance(), actor, eventId, text);
        if (!id)
            return id.error();
        return {};
    }, tr("Event %1 could not be pinned: %2"), tr("Event %1 pinned to the incident timeline"));
}

void TimelinePage::unpin(std::int64_t eventId)
{
    const std::string actor = responderName().toStdString();
    writePin(eventId, [actor, eventId](core::Database &db) {
        return core::unpinEvent(db, core::SystemClock::instance(), actor, eventId);
    }, tr("Event %1 could not be unpinned: %2"), tr("Event %1 taken off the incident timeline"));
}

void TimelinePage::writePin(std::int64_t eventId, std::function<core::Status(core::Database &)> job,
                            const QString &failed, const QString &done)
{
    m_writes.write(std::move(job), [this, eventId, failed, done](const QString &error) {
        if (!error.isEmpty()) {
            Q_EMIT problem(failed.arg(eventId).arg(error));
            return;
        }
        Q_EMIT status(done.arg(eventId));
        m_timeline->requestDetail(eventId);   // the pane shows the pin as stored
    });
}

void TimelinePage::showColumnMenu(const QPoint &at)
{
    QMenu menu;
    auto *model = m_timeline->model();
    for (int c = 0; c < TimelineModel::ColumnCount; ++c) {
        QAction *a = menu.addAction(model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!m_view->isColumnHidden(c));
        a->setEnabled(c != TimelineModel::EventTime);
        connect(a, &QAction::toggled, this, [this, c](bool on) { m_view->setColumnHidden(c, !on); });
    }
    menu.exec(m_view->horizontalHeader()->mapToGlobal(at));
}

void TimelinePage::saveState() const
{
    QSettings settings;
    settings.setValue(kColumnsKey, m_view->horizontalHeader()->saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
}

void TimelinePage::restoreState()
{
    QSettings settings;
    m_view->horizontalHeader()->restoreState(settings.value(kColumnsKey).toByteArray());
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
}

} // namespace cordon::ui
