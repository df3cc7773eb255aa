#pragma once

#include "ui/case_snapshot.h"

#include <QMainWindow>

class QLabel;
class QSplitter;
class QTableView;
class QTimer;

namespace cordon::ui {

class CaseHeaderWidget;
class AlertListModel;
class CaseLoader;
class FeedController;
class FeedsDock;
class RecentEventsModel;

/// A thin main window: hosts the case page and reports errors in the window itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openCase(const QString &path);
    /// Shows a problem in the window (and the status bar), never only in a log.
    void showError(const QString &message);

Q_SIGNALS:
    /// A snapshot of the case was painted into the window.
    void caseShown(const QString &path);
    void caseFailed(const QString &path, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void showSnapshot(const CaseSnapshot &snapshot);
    void chooseCase();

    CaseLoader *m_loader;
    FeedController *m_feeds;
    FeedsDock *m_feedsDock;
    QTimer *m_refreshLater;   ///< coalesces "the case changed" into one read
    CaseHeaderWidget *m_header;
    RecentEventsModel *m_eventsModel;
    QTableView *m_eventsView;
    AlertListModel *m_alertsModel;
    QTableView *m_alertsView;
    QSplitter *m_splitter;
    QLabel *m_errorBanner;
    QLabel *m_eventsCaption;
    QLabel *m_alertsCaption;
    QString m_path;
};

} // namespace cordon::ui
