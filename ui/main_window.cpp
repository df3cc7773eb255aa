#include "ui/main_window.h"

#include "ui/case_loader.h"
#include "ui/case_writes.h"
#include "ui/feed_controller.h"
#include "ui/feeds_dock.h"
#include "ui/investigate/investigate_page.h"
#include "ui/overview/overview_page.h"
#include "ui/overview/phase_stepper.h"
#include "core/response/case_progress.h"
#include "ui/response/response_desk.h"
#include "ui/response/response_page.h"
#include "ui/response/tasks_page.h"
#include "ui/case_reads.h"
#include "ui/qt_text.h"
#include "ui/severity_palette.h"
#include "ui/shell/appearance.h"
#include "ui/shell/audit_dock.h"
#include "ui/shell/command_palette.h"
#include "ui/shell/dock_front.h"
#include "ui/shell/file_import.h"
#include "ui/shell/log_dock.h"
#include "ui/shell/notes_dock.h"
#include "core/query/investigation.h"
#include "core/store/sqlite.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_page.h"
#include "ui/triage/triage_board.h"
#include "ui/triage/triage_decisions.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLocale>
#include <QMimeData>
#include <QProgressDialog>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
const auto kPageKey = QStringLiteral("mainWindow/page");
const auto kRecentKey = QStringLiteral("recentCases");
constexpr int kRecentCount = 8;
constexpr std::int64_t kSqliteHeapLimit = 160LL * 1024 * 1024;

bool isCaseFile(const QString &path)
{
    return path.endsWith(QStringLiteral(".cordon"), Qt::CaseInsensitive);
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_loader(new CaseLoader(this)), m_writes(new CaseWrites(this)),
      m_feeds(new FeedController(this)), m_feedsDock(new FeedsDock(*m_feeds, this)), m_refreshLater(new QTimer(this)),
      m_overview(new OverviewPage), m_pages(new QTabWidget), m_timelinePage(new TimelinePage(*m_writes)), m_undoStack(new QUndoStack(this)),
      m_decisions(new TriageDecisions(*m_writes, *m_undoStack, this)), m_triageBoard(new TriageBoard(*m_decisions)),
      m_investigatePage(new InvestigatePage), m_desk(new ResponseDesk(*m_writes, this)),
      m_responsePage(new ResponsePage(*m_desk)), m_tasksPage(new TasksPage(*m_desk, *m_undoStack)),
      m_errorBanner(new QLabel), m_palette(new CommandPalette(this)), m_reads(new CaseReads(this)),
      m_import(new FileImport(this)), m_auditDock(new AuditDock(*m_reads, this)),
      m_notesDock(new NotesDock(*m_reads, *m_writes, this)), m_logDock(new LogDock(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Cordon"));

    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setWordWrap(true);
    m_errorBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorBanner->hide();

    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_overview, tr("&Overview"));
    m_pages->addTab(m_timelinePage, tr("&Timeline"));
    m_pages->addTab(m_triageBoard, tr("T&riage"));
    m_pages->addTab(m_investigatePage, tr("&Investigate"));
    m_pages->addTab(m_responsePage, tr("Res&ponse"));
    m_pages->addTab(m_tasksPage, tr("Tas&ks"));

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_errorBanner);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    // SLA countdowns tick from the clock; the database is read only on reload.
    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, [this] {
        const core::TimeUs now = core::SystemClock::instance().now();
        m_overview->setNow(now);
        m_triageBoard->setNow(now);
        m_responsePage->setNow(now);
        m_tasksPage->setNow(now);
    });
    tick->start(1000);

    // Feeds run in this window when the case is open for writing; what they commit is
    // pulled into the window at most twice a second.
    installLogView();
    // Five connections (a writer with a 128 MB cache, readers with 32 MB each) would fill to
    // over 300 MB after a long ingest; held together they keep a 1M-event case under 500 MB.
    core::limitHeap(kSqliteHeapLimit);
    addDockWidget(Qt::BottomDockWidgetArea, m_feedsDock);
    for (QDockWidget *dock : std::initializer_list<QDockWidget *>{m_auditDock, m_notesDock, m_logDock})
        tabifyDockWidget(m_feedsDock, dock);
    m_feedsDock->raise();
    connect(m_writes, &CaseWrites::writableChanged, m_notesDock, &NotesDock::setWritable);
    connect(m_auditDock, &AuditDock::problem, this, &MainWindow::showError);
    connect(m_notesDock, &NotesDock::problem, this, &MainWindow::showError);
    connect(m_notesDock, &NotesDock::status, this, [this](const QString &m) { statusBar()->showMessage(m, 5000); });
    m_refreshLater->setSingleShot(true);
    m_refreshLater->setInterval(500);
    connect(m_refreshLater, &QTimer::timeout, this, [this] {
        m_loader->refresh();
        m_timelinePage->refresh();
        m_investigatePage->refresh();
        m_desk->reload();
    });
    connect(m_loader, &CaseLoader::caseChanged, this, [this] {
        if (!m_refreshLater->isActive())
            m_refreshLater->start();
    });
    connect(m_loader, &CaseLoader::writerChanged, m_feeds, &FeedController::attach);
    connect(m_loader, &CaseLoader::writerChanged, m_writes, &CaseWrites::attach);
    connect(m_loader, &CaseLoader::writerChanged, m_import, &FileImport::attach);
    connect(m_import, &FileImport::progress, this, [this](qint64 done, qint64 total) {
        if (!m_importProgress)
            return;
        // Per mille: a file of several GB does not fit the dialog's int.
        m_importProgress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 1000);
    });
    connect(m_import, &FileImport::finished, this, [this](const FileImport::Result &r) {
        const QLocale locale;
        const QString counts = tr("%1 events stored, %2 rejected to the dead letters, %3 duplicates")
                                   .arg(locale.toString(r.accepted), locale.toString(r.rejected), locale.toString(r.duplicates));
        if (!r.error.isEmpty())
            showError(tr("Importing %1 stopped: %2. What was committed before is kept (%3).").arg(r.file, r.error, counts));
        else if (r.cancelled)
            statusBar()->showMessage(tr("Import of %1 cancelled; kept what was committed: %2").arg(r.file, counts));
        else
            statusBar()->showMessage(tr("Imported %1: %2").arg(r.file, counts));
        if (r.cancelled)
            m_importQueue.clear();
        importNext();
    });
    setAcceptDrops(true);
    connect(m_writes, &CaseWrites::writableChanged, m_triageBoard, &TriageBoard::setWritable);
    // A decision shows at once, not at the next coalesced refresh.
    connect(m_decisions, &TriageDecisions::applied, m_loader, &CaseLoader::refresh);
    connect(m_decisions, &TriageDecisions::problem, this, &MainWindow::showError);
    connect(m_triageBoard, &TriageBoard::evidenceRequested, this, &MainWindow::showEvidence);
    connect(m_triageBoard, &TriageBoard::accountRequested, this, &MainWindow::investigateAccount);
    connect(m_timelinePage, &TimelinePage::investigateAccount, this, &MainWindow::investigateAccount);
    connect(m_investigatePage, &InvestigatePage::pivot, this, &MainWindow::showOnTimeline);
    connect(m_investigatePage, &InvestigatePage::problem, this, &MainWindow::showError);
    connect(m_desk, &ResponseDesk::problem, this, &MainWindow::showError);
    connect(m_desk, &ResponseDesk::status, this, [this](const QString &m) { statusBar()->showMessage(m, 5000); });
    // What the response changes (milestones, actions, clocks) shows on the overview too.
    connect(m_desk, &ResponseDesk::changed, this, [this] { m_overview->setRegulatoryClocks(m_desk->snapshot().clocks); });
    connect(m_desk, &ResponseDesk::wrote, m_loader, &CaseLoader::refresh);
    connect(m_overview->phaseStepper(), &PhaseStepper::milestoneRequested, this, [this](core::Milestone m) {
        m_desk->change(tr("Recording the milestone"), [m, actor = responderName().toStdString()](core::Database &db) {
            return core::response::setMilestone(db, core::SystemClock::instance(), actor, m);
        });
    });
    connect(m_overview->phaseStepper(), &PhaseStepper::phaseRequested, this, [this](core::Phase phase) {
        const bool back = phase < static_cast<core::Phase>(m_overview->phaseStepper()->currentStep());
        if (back && QMessageBox::question(this, tr("Phase"), tr("Move the case back to %1?").arg(QString::fromUtf8(core::toString(phase).data()))) != QMessageBox::Yes)
            return;
        m_desk->change(tr("Changing the phase"), [phase, back, actor = responderName().toStdString()](core::Database &db) {
            return core::response::setPhase(db, core::SystemClock::instance(), actor, phase, back);
        });
    });
    connect(m_overview, &OverviewPage::alertActivated, this, [this](qint64 alertId) {
        showPage(TriagePageIndex);
        m_triageBoard->selectAlert(alertId);
    });
    connect(m_overview, &OverviewPage::timeRangeRequested, this, [this](core::TimeUs from, core::TimeUs to) {
        core::TimelineFilter filter;
        filter.from = from;
        filter.to = to;
        showOnTimeline(filter);
    });
    connect(m_overview, &OverviewPage::severityRequested, this, [this](core::Severity severity) {
        core::TimelineFilter filter;
        filter.minSeverity = severity;
        showOnTimeline(filter);
    });
    connect(m_timelinePage->timeline(), &Timeline::histogramReady, m_overview, &OverviewPage::setHistogram);
    connect(m_triageBoard, &TriageBoard::status, this, [this](const QString &m) { statusBar()->showMessage(m, 5000); });
    connect(m_feedsDock, &FeedsDock::problem, this, &MainWindow::showError);
    connect(m_timelinePage, &TimelinePage::problem, this, &MainWindow::showError);
    connect(m_timelinePage, &TimelinePage::status, this, [this](const QString &m) { statusBar()->showMessage(m, 5000); });

    createActions();
    m_palette->setCommands(paletteCommands({}));
    m_palette->setLookup([this](const QString &text, CommandPalette::Answer answer) { lookUpEntities(text, answer); });
    connect(m_reads, &CaseReads::failed, this, &MainWindow::showError);
    statusBar()->showMessage(tr("Open a case file with Ctrl+O"));

    connect(m_loader, &CaseLoader::loaded, this, &MainWindow::showSnapshot);
    connect(m_loader, &CaseLoader::failed, this, [this](const QString &path, const QString &message) {
        showError(tr("Cannot open %1: %2").arg(path, message));
        Q_EMIT caseFailed(path, message);
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1440, 900);
    if (!restoreState(settings.value(kStateKey).toByteArray()))
        resizeDocks({m_feedsDock}, {150}, Qt::Vertical);   // room for a few feeds
    m_overview->restoreState();
    m_timelinePage->restoreState();
    m_triageBoard->restoreState();
    m_pages->setCurrentIndex(settings.value(kPageKey, 0).toInt());
    m_pageHistory.clear();   // where the last session left off is no step to go back on
}

MainWindow::~MainWindow()
{
    // The transports and an import stop (handing over what they hold) before the loader
    // closes the case.
    m_feeds->detach();
    m_import->attach(nullptr);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *open = fileMenu->addAction(tr("&Open Case…"), this, &MainWindow::chooseCase);
    open->setObjectName(QStringLiteral("actionOpenCase"));
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
    QAction *import = fileMenu->addAction(tr("&Import Feed File…"), this, &MainWindow::chooseImportFiles);
    import->setObjectName(QStringLiteral("actionImportFile"));
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    import->setToolTip(tr("Import JSON lines, JSON documents or syslog into the case (or drop files on the window)"));
    import->setEnabled(false);   // until a case is open for writing
    connect(m_writes, &CaseWrites::writableChanged, import, &QAction::setEnabled);
    QAction *reload = fileMenu->addAction(tr("&Reload"), this, [this] { m_loader->refresh(); });
    reload->setObjectName(QStringLiteral("actionReload"));
    reload->setShortcut(QKeySequence::Refresh);
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undoStack->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undoStack->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setShortcut(QKeySequence::Redo);
    editMenu->addActions({undo, redo});

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    auto page = [this, viewMenu](const QString &text, const char *name, Page p, Qt::Key key) {
        QAction *a = viewMenu->addAction(text, this, [this, p] { showPage(p); });
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(QKeySequence(Qt::CTRL | key));
    };
    page(tr("&Overview"), "actionShowOverview", OverviewPageIndex, Qt::Key_1);
    page(tr("&Timeline"), "actionShowTimeline", TimelinePageIndex, Qt::Key_2);
    page(tr("T&riage Board"), "actionShowTriage", TriagePageIndex, Qt::Key_3);
    page(tr("&Investigate"), "actionShowInvestigate", InvestigatePageIndex, Qt::Key_4);
    page(tr("Res&ponse"), "actionShowResponse", ResponsePageIndex, Qt::Key_5);
    page(tr("Tas&ks"), "actionShowTasks", TasksPageIndex, Qt::Key_6);
    QAction *back = viewMenu->addAction(tr("&Back"), this, [this] {
        if (m_pageHistory.empty())
            return;
        m_goingBack = true;
        m_pages->setCurrentIndex(m_pageHistory.back());
        m_pageHistory.pop_back();
        m_goingBack = false;
    });
    back->setObjectName(QStringLiteral("actionBack"));
    back->setShortcut(QKeySequence::Back);
    connect(m_pages, &QTabWidget::currentChanged, this, [this](int index) {
        // Every change of page but Back itself can be gone back on, pivots included.
        if (!m_goingBack && index != m_lastPage)
            m_pageHistory.push_back(m_lastPage);
        if (m_pageHistory.size() > 50)
            m_pageHistory.erase(m_pageHistory.begin());
        m_lastPage = index;
    });
    QAction *palette = viewMenu->addAction(tr("&Command Palette…"), this, [this] { m_palette->popup(); });
    palette->setObjectName(QStringLiteral("actionCommandPalette"));
    palette->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction *search = viewMenu->addAction(tr("&Search the Timeline"), this, [this] {
        showPage(TimelinePageIndex);
        m_timelinePage->focusSearch();
    });
    search->setObjectName(QStringLiteral("actionSearchTimeline"));
    search->setShortcut(QKeySequence::Find);
    viewMenu->addSeparator();
    QAction *feeds = m_feedsDock->toggleViewAction();
    feeds->setText(tr("&Feeds"));
    feeds->setObjectName(QStringLiteral("actionToggleFeeds"));
    feeds->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    viewMenu->addAction(feeds);
    // Docks share the bottom as tabs: the shortcut brings a dock to the front, or puts it
    // away when it is already there.
    auto dockAction = [this, viewMenu](QDockWidget *dock, const QString &text, const char *name, Qt::Key key) {
        QAction *a = viewMenu->addAction(text, this, [dock] {
            if (inFront(dock)) {
                dock->close();
                return;
            }
            dock->show();
            dock->raise();
        });
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | key));
    };
    dockAction(m_auditDock, tr("&Audit Log"), "actionToggleAudit", Qt::Key_U);
    dockAction(m_notesDock, tr("&Notes"), "actionToggleNotes", Qt::Key_N);
    dockAction(m_logDock, tr("&Log"), "actionToggleLog", Qt::Key_L);

    viewMenu->addSeparator();
    QMenu *appearance = viewMenu->addMenu(tr("A&ppearance"));
    auto *choices = new QActionGroup(this);
    for (auto [choice, text, name] : {std::tuple{Appearance::System, tr("Follow the &System"), "actionAppearanceSystem"},
                                      std::tuple{Appearance::Light, tr("&Light"), "actionAppearanceLight"},
                                      std::tuple{Appearance::Dark, tr("&Dark"), "actionAppearanceDark"}}) {
        QAction *a = appearance->addAction(text, this, [choice] { applyAppearance(choice); });
        a->setObjectName(QString::fromLatin1(name));
        a->setCheckable(true);
        a->setChecked(choice == storedAppearance());
        choices->addAction(a);
    }

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Cordon"), this, [this] {
        QMessageBox::about(this, tr("About Cordon"),
                           tr("<b>Cordon %1</b><p>A war room for security incidents in AI systems.</p>")
                               .arg(QStringLiteral(CORDON_VERSION)));
    });
}

void MainWindow::openCase(const QString &path)
{
    m_errorBanner->hide();
    statusBar()->showMessage(tr("Opening %1…").arg(path));
    m_feeds->detach();   // the open case's writer goes with it
    m_import->attach(nullptr);
    m_importQueue.clear();
    m_writes->attach(nullptr);
    m_timelinePage->close();
    m_investigatePage->close();
    m_desk->close();
    m_reads->close();
    m_auditDock->clear();
    m_notesDock->clear();
    m_timelinePath.clear();
    m_undoStack->clear();   // decisions belong to the case they were made in
    m_loader->open(path);
}

void MainWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(page);
}

void MainWindow::showEvidence(qint64 alertId)
{
    core::TimelineFilter filter;
    filter.alertId = alertId;
    showOnTimeline(filter);
}

void MainWindow::showOnTimeline(const core::TimelineFilter &filter)
{
    m_timelinePage->showFilter(filter);
    showPage(TimelinePageIndex);
}

void MainWindow::investigateAccount(const QString &account)
{
    showPage(InvestigatePageIndex);
    m_investigatePage->showAccount(account);
}

std::vector<CommandPalette::Command> MainWindow::paletteCommands(const CaseSnapshot &snapshot)
{
    std::vector<CommandPalette::Command> out;
    // Every menu action, as the menus name it, with its shortcut.
    for (QAction *menu : menuBar()->actions()) {
        if (!menu->menu())
            continue;
        const QString where = menu->text().remove(QLatin1Char('&'));
        for (QAction *a : menu->menu()->actions()) {
            if (a->isSeparator() || a->text().isEmpty() || a->objectName() == QStringLiteral("actionCommandPalette"))
                continue;
            QString detail = where;
            if (!a->shortcut().isEmpty())
                detail += QStringLiteral(" · ") + a->shortcut().toString(QKeySequence::NativeText);
            out.push_back({a->text().remove(QLatin1Char('&')).remove(QChar(0x2026)), detail, [a] {
                               if (a->isEnabled())
                                   a->trigger();
                           }});
        }
    }
    for (const auto &alert : snapshot.alerts) {
        const qint64 id = alert.id;
        out.push_back({tr("Alert #%1 %2").arg(id).arg(qstr(alert.title)),
                       tr("%1 · %2 · %3").arg(qstr(core::toString(alert.severity)), qstr(core::toString(alert.status)),
                                               qstr(alert.groupKey)),
                       [this, id] {
                           showPage(TriagePageIndex);
                           m_triageBoard->selectAlert(id);
                       },
                       true});
    }
    return out;
}

void MainWindow::lookUpEntities(const QString &text, const CommandPalette::Answer &answer)
{
    auto found = std::make_shared<std::vector<core::investigation::EntityMatch>>();
    const std::string typed = text.toStdString();
    m_reads->read([found, typed](core::CaseReader &r) { *found = core::investigation::entitiesMatching(r.db(), typed, 6); },
                         this, [this, found, text, answer] {
        std::vector<CommandPalette::Command> out;
        for (const auto &m : *found) {
            const QString value = qstr(m.value);
            if (m.kind == "account") {
                out.push_back({tr("Account %1").arg(value), tr("Investigate"), [this, value] { investigateAccount(value); }});
                continue;
            }
            core::TimelineFilter filter;
            (m.kind == "ip" ? filter.sourceIp : filter.session) = m.value;
            out.push_back({(m.kind == "ip" ? tr("IP %1") : tr("Session %1")).arg(value), tr("Show on the timeline"),
                           [this, filter] { showOnTimeline(filter); }});
        }
        core::TimelineFilter search;
        search.text = text.toStdString();
        out.push_back({tr("Search prompts and outputs for “%1”").arg(text), tr("Timeline full-text search"),
                       [this, search] { showOnTimeline(search); }});
        answer(std::move(out));
    });
}

void MainWindow::chooseCase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Case"), m_path,
                                                      tr("Cordon case files (*.cordon);;All files (*)"));
    if (!path.isEmpty())
        openCase(path);
}

void MainWindow::showError(const QString &message)
{
    // Painted when shown, so it suits the palette in force (light or dark).
    m_errorBanner->setStyleSheet(isDarkPalette(palette())
        ? QStringLiteral("QLabel { background: #4a1c1a; color: #ffd7d3; border: 1px solid #7a2e2a; border-radius: 4px; padding: 8px; }")
        : QStringLiteral("QLabel { background: #fdecea; color: #611a15; border: 1px solid #f5c2c0; border-radius: 4px; padding: 8px; }"));
    m_errorBanner->setText(message);
    m_errorBanner->show();
    statusBar()->showMessage(message);
}

void MainWindow::showSnapshot(const CaseSnapshot &snapshot)
{
    m_path = snapshot.path;
    setWindowTitle(tr("%1 — Cordon").arg(QString::fromStdString(snapshot.info.title)));
    m_overview->setSnapshot(snapshot);
    const bool firstShown = m_timelinePath != snapshot.path;
    if (firstShown) {
        m_timelinePath = snapshot.path;
        m_timelinePage->open(snapshot.path);
        m_investigatePage->open(snapshot.path);
        m_reads->open(snapshot.path);
        m_desk->open(snapshot.path);
    }
    // Every re-read of the case ends here (feeds, a decision): the docks follow it once.
    m_auditDock->refresh();
    m_notesDock->refresh();
    m_palette->setCommands(paletteCommands(snapshot));
    std::vector<core::TimeUs> alertTimes;
    for (const auto &a : snapshot.alerts)
        alertTimes.push_back(a.firstEventTime);
    m_timelinePage->setAlertTimes(alertTimes);
    m_triageBoard->setAlerts(snapshot.alerts, snapshot.alertAccounts, core::SystemClock::instance().now());
    m_overview->setNow(core::SystemClock::instance().now());
    m_feedsDock->setDefinitions(snapshot.feeds, snapshot.readOnlyReason);
    statusBar()->showMessage(snapshot.readOnlyReason.isEmpty()
                                 ? tr("Audit chain head %1").arg(snapshot.auditHead.left(16))
                                 : tr("Read-only: %1").arg(snapshot.readOnlyReason));
    if (firstShown)
        rememberRecent(snapshot.path);
    Q_EMIT caseShown(snapshot.path);
}

QStringList MainWindow::recentCases()
{
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::rememberRecent(const QString &path)
{
    QStringList recent = recentCases();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kRecentCount)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
    fillRecentMenu();
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentCases();
    int number = 1;
    for (const QString &path : recent) {
        // Numbered for the keyboard; the name first, the folder after, as files are told apart.
        const QFileInfo info(path);
        QAction *a = m_recentMenu->addAction(tr("&%1  %2   (%3)").arg(number++).arg(info.fileName(), info.absolutePath()),
                                             this, [this, path] { openCase(path); });
        a->setEnabled(info.exists());
        if (!info.exists())
            a->setToolTip(tr("%1 is no longer there").arg(path));
    }
    if (recent.isEmpty()) {
        m_recentMenu->addAction(tr("No recent case files"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("&Clear the List"), this, [this] {
        QSettings().remove(kRecentKey);
        fillRecentMenu();
    })->setObjectName(QStringLiteral("actionClearRecent"));
}

void MainWindow::chooseImportFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Import Feed Files"), QFileInfo(m_path).absolutePath(),
        tr("Feed files (*.jsonl *.ndjson *.json *.log *.txt);;All files (*)"));
    if (!paths.isEmpty())
        importFiles(paths);
}

void MainWindow::importFiles(const QStringList &paths)
{
    if (!m_writes->writable()) {
        showError(m_path.isEmpty() ? tr("Open a case before importing feed files into it.")
                                   : tr("This case is open read-only; feed files cannot be imported into it."));
        return;
    }
    m_importQueue << paths;
    if (!m_import->running())
        importNext();
}

void MainWindow::importNext()
{
    if (m_importQueue.isEmpty()) {
        if (m_importProgress)
            m_importProgress->hide();
        return;
    }
    const QString path = m_importQueue.takeFirst();
    QString why;
    if (!m_import->start(path, &why)) {
        showError(tr("Cannot import %1: %2").arg(QFileInfo(path).fileName(), why));
        importNext();
        return;
    }
    if (!m_importProgress) {
        // Not modal: the responder keeps working while the file goes in.
        m_importProgress = new QProgressDialog(this);
        m_importProgress->setObjectName(QStringLiteral("importProgress"));
        m_importProgress->setWindowTitle(tr("Importing"));
        m_importProgress->setWindowModality(Qt::NonModal);
        m_importProgress->setAutoClose(false);
        m_importProgress->setAutoReset(false);
        m_importProgress->setMinimumDuration(0);
        m_importProgress->setRange(0, 1000);
        connect(m_importProgress, &QProgressDialog::canceled, m_import, &FileImport::cancel);
    }
    m_importProgress->setLabelText(m_importQueue.isEmpty()
                                       ? tr("Importing %1…").arg(QFileInfo(path).fileName())
                                       : tr("Importing %1… (%2 more to go)").arg(QFileInfo(path).fileName()).arg(m_importQueue.size()));
    m_importProgress->setValue(0);
    m_importProgress->show();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && std::all_of(urls.begin(), urls.end(), [](const QUrl &u) { return u.isLocalFile(); }))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList feeds;
    for (const QUrl &url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        // A case file opens; anything else is a feed file for the open case.
        if (isCaseFile(path)) {
            openCase(path);
            event->acceptProposedAction();
            return;
        }
        feeds << path;
    }
    event->acceptProposedAction();
    importFiles(feeds);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    m_overview->saveState();
    settings.setValue(kPageKey, m_pages->currentIndex());
    m_timelinePage->saveState();
    m_triageBoard->saveState();
    event->accept();
}

} // namespace cordon::ui
