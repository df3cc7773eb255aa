#pragma once

#include "core/store/feed_definitions.h"

#include <QDockWidget>

class QAction;
class QLabel;
class QTableView;
class QTimer;

namespace cordon::ui {

class FeedController;
class FeedsModel;

/// The Feeds dock: the case's feeds with live state and counters; add, edit, remove, start
/// and stop them. Changes are written to the case (audited) by its writer.
class FeedsDock : public QDockWidget {
    Q_OBJECT
public:
    FeedsDock(FeedController &controller, QWidget *parent = nullptr);

    /// The definitions stored in the case (from each snapshot) and whether it is writable.
    void setDefinitions(std::vector<core::FeedDefinition> feeds, const QString &readOnlyReason);
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    /// A change was refused; the window shows why.
    void problem(const QString &message);

private:
    void addFeed();
    void editFeed();
    void removeFeed();
    void setSelectedRunning(bool run);
    const core::FeedDefinition *selected() const;
    void updateActions();

    FeedController &m_controller;
    FeedsModel *m_model;
    QTableView *m_view;
    QLabel *m_notice;
    QTimer *m_tick;
    QAction *m_add, *m_edit, *m_remove, *m_start, *m_stop;
    bool m_writable = false;
};

} // namespace cordon::ui
