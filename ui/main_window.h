#pragma once

#include "core/query/timeline_index.h"
#include "ui/case_snapshot.h"
#include "ui/shell/command_palette.h"

#include <QMainWindow>

class QLabel;
class QMenu;
class QProgressDialog;
class QSplitter;
class QTabWidget;
class QTableView;
class QTimer;
class QUndoStack;

namespace cordon::ui {

class CaseLoader;
class CaseReads;
class FileImport;
class AuditDock;
class LogDock;
class NotesDock;
class CaseWrites;
class FeedController;
class FeedsDock;
class InvestigatePage;
class ResponseDesk;
class ResponsePage;
class TasksPage;
class OverviewPage;
class TimelinePage;
class TriageBoard;
class TriageDecisions;

/// A thin main window: hosts the pages (Overview, Timeline, Triage, Investigate, Response,
/// Tasks) and docks (Feeds, Audit log, Notes, Log), holds
/// the undo stack of the window's decisions, and reports errors in the window itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    enum Page { OverviewPageIndex, TimelinePageIndex, TriagePageIndex, InvestigatePageIndex, ResponsePageIndex, TasksPageIndex };

    void openCase(const QString &path);
    void showPage(Page page);
    TimelinePage *timelinePage() const { return m_timelinePage; }
    TriageBoard *triageBoard() const { return m_triageBoard; }
    InvestigatePage *investigatePage() const { return m_investigatePage; }
    ResponsePage *responsePage() const { return m_responsePage; }
    TasksPage *tasksPage() const { return m_tasksPage; }
    ResponseDesk *responseDesk() const { return m_desk; }
    QUndoStack *undoStack() const { return m_undoStack; }
    CommandPalette *commandPalette() const { return m_palette; }
    /// Shows a problem in the window (and the status bar), never only in a log.
    void showError(const QString &message);
    /// Imports feed files into the open case, one after another, with progress and cancel.
    void importFiles(const QStringList &paths);
    FileImport *fileImport() const { return m_import; }
    /// Case files opened lately, newest first.
    static QStringList recentCases();

Q_SIGNALS:
    /// A snapshot of the case was painted into the window.
    void caseShown(const QString &path);
    void caseFailed(const QString &path, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void fillRecentMenu();
    void rememberRecent(const QString &path);
    void importNext();
    void chooseImportFiles();
    void showSnapshot(const CaseSnapshot &snapshot);
    void chooseCase();
    /// Shows the timeline filtered to the events an alert cites.
    void showEvidence(qint64 alertId);
    /// Shows the timeline filtered (a pivot from another page).
    void showOnTimeline(const core::TimelineFilter &filter);
    void investigateAccount(const QString &account);
    /// What the command palette offers without asking the case: actions and alerts.
    std::vector<CommandPalette::Command> paletteCommands(const CaseSnapshot &snapshot);
    /// Accounts, IPs and sessions named by `text`, read on the palette's reader.
    void lookUpEntities(const QString &text, const CommandPalette::Answer &answer);

    CaseLoader *m_loader;
    CaseWrites *m_writes;
    FeedController *m_feeds;
    FeedsDock *m_feedsDock;
    QTimer *m_refreshLater;   ///< coalesces "the case changed" into one read
    OverviewPage *m_overview;
    QTabWidget *m_pages;
    TimelinePage *m_timelinePage;
    QUndoStack *m_undoStack;
    TriageDecisions *m_decisions;
    TriageBoard *m_triageBoard;
    InvestigatePage *m_investigatePage;
    ResponseDesk *m_desk;   ///< the response's reads, writes and deliveries, shared by its pages
    ResponsePage *m_responsePage;
    TasksPage *m_tasksPage;
    QLabel *m_errorBanner;
    CommandPalette *m_palette;
    CaseReads *m_reads;   ///< the palette's and docks' reader: never waits behind a page's reads
    FileImport *m_import;
    AuditDock *m_auditDock;
    NotesDock *m_notesDock;
    LogDock *m_logDock;
    QProgressDialog *m_importProgress = nullptr;
    QStringList m_importQueue;
    QMenu *m_recentMenu = nullptr;   ///< the palette's own reader: lookups never wait behind a page's reads
    QString m_path;
    QString m_timelinePath;   ///< the case the timeline reads
    std::vector<int> m_pageHistory;   ///< pages left, for Back (Alt+Left)
    int m_lastPage = 0;
    bool m_goingBack = false;
};

} // namespace cordon::ui
