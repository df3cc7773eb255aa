#pragma once

#include "core/util/clock.h"

#include <QWidget>

#include <optional>
#include <string>

class QLabel;
class QStandardItemModel;
class QTableView;

namespace cordon::ui {

class CaseReads;

/// The ± window around what is selected on the Investigate page, in place: every event of
/// the case in it (not only the selection's), oldest first, the selection's own account in
/// bold. Double-click opens the window on the full timeline.
class WindowTimeline : public QWidget {
    Q_OBJECT
public:
    explicit WindowTimeline(CaseReads &reads, QWidget *parent = nullptr);

    /// Reads the events in [from, to) (at most the newest few hundred) on the reader thread.
    void showWindow(core::TimeUs from, core::TimeUs to, std::optional<std::string> account);
    void clear();
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void activated(core::TimeUs from, core::TimeUs to);

private:
    CaseReads &m_reads;
    QLabel *m_caption;
    QTableView *m_view;
    QStandardItemModel *m_model;
    core::TimeUs m_from = 0, m_to = 0;
    unsigned m_request = 0;   ///< the newest read; older answers are dropped
};

} // namespace cordon::ui
