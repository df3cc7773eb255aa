#pragma once

#include "core/query/timeline_index.h"
#include "core/util/expected.h"

#include <functional>

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;

namespace cordon::ui {

class CaseWrites;
class EventDetailPane;
class FilterBar;
class RateChart;
class Timeline;

/// Every event of the case, filtered and searched: the filter bar, the rate chart whose
/// selection sets the time range, the virtualised table and the selected event's detail.
class TimelinePage : public QWidget {
    Q_OBJECT
public:
    TimelinePage(CaseWrites &writes, QWidget *parent = nullptr);

    Timeline *timeline() const { return m_timeline; }
    QTableView *view() const { return m_view; }
    void open(const QString &path);
    void close();
    /// The case committed more: read it without moving what the user is reading.
    void refresh();
    /// Shows events matching `filter` (a pivot from another page).
    void showFilter(const core::TimelineFilter &filter);
    void setAlertTimes(const std::vector<core::TimeUs> &times);
    void focusSearch();

    void saveState() const;
    void restoreState();

Q_SIGNALS:
    void problem(const QString &message);
    void status(const QString &message);
    /// Drill down into an account (from the selected event).
    void investigateAccount(const QString &account);

private:
    void currentChanged();
    void pin(std::int64_t eventId, const QString &note);
    void unpin(std::int64_t eventId);
    /// Runs a pin change on the writer, then reports it and re-reads the event.
    void writePin(std::int64_t eventId, std::function<core::Status(core::Database &)> job, const QString &failed,
                  const QString &done);
    void keepPlaceOnInsert(int first, int count);
    void showColumnMenu(const QPoint &at);

    CaseWrites &m_writes;
    Timeline *m_timeline;
    FilterBar *m_filterBar;
    RateChart *m_chart;
    QTableView *m_view;
    EventDetailPane *m_detail;
    QSplitter *m_splitter;
    QLabel *m_status;
    std::int64_t m_total = 0;   ///< events in the case, from the last histogram
};

} // namespace cordon::ui
