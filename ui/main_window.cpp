#include "ui/main_window.h"

#include "ui/alert_list_model.h"
#include "ui/case_header_widget.h"
#include "ui/case_loader.h"
#include "ui/feed_controller.h"
#include "ui/feeds_dock.h"
#include "ui/recent_events_model.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
const auto kColumnsKey = QStringLiteral("mainWindow/eventColumns");
const auto kAlertColumnsKey = QStringLiteral("mainWindow/alertColumns");
const auto kSplitterKey = QStringLiteral("mainWindow/splitter");

/// A read-only list with fixed row heights: no per-row measuring, as large tables need.
void configureTable(QTableView *view, std::initializer_list<int> widths)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    int column = 0;
    for (int w : widths)
        view->setColumnWidth(column++, w);
}

QLabel *caption(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QWidget *captioned(QLabel *label, QWidget *content)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_loader(new CaseLoader(this)), m_feeds(new FeedController(this)),
      m_feedsDock(new FeedsDock(*m_feeds, this)), m_refreshLater(new QTimer(this)), m_header(new CaseHeaderWidget),
      m_eventsModel(new RecentEventsModel(this)), m_eventsView(new QTableView),
      m_alertsModel(new AlertListModel(this)), m_alertsView(new QTableView), m_splitter(new QSplitter),
      m_errorBanner(new QLabel), m_eventsCaption(caption(tr("Newest events"))), m_alertsCaption(caption(tr("Triage")))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Cordon"));

    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setWordWrap(true);
    m_errorBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorBanner->setStyleSheet(QStringLiteral(
        "QLabel { background: #fdecea; color: #611a15; border: 1px solid #f5c2c0; border-radius: 4px; padding: 8px; }"));
    m_errorBanner->hide();

    m_eventsView->setObjectName(QStringLiteral("recentEvents"));
    m_eventsView->setModel(m_eventsModel);
    configureTable(m_eventsView, {210, 110, 90, 110, 115, 150, 170});

    m_alertsView->setObjectName(QStringLiteral("triageList"));
    m_alertsView->setModel(m_alertsModel);
    configureTable(m_alertsView, {80, 110, 110, 300, 200, 70});
    m_alertsCaption->setObjectName(QStringLiteral("triageCaption"));

    // The triage list above the newest events; the split is remembered.
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setOrientation(Qt::Vertical);
    m_splitter->addWidget(captioned(m_alertsCaption, m_alertsView));
    m_splitter->addWidget(captioned(m_eventsCaption, m_eventsView));
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_errorBanner);
    layout->addWidget(m_header);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    // SLA countdowns tick from the clock; the database is read only on reload.
    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this,
            [this] { m_alertsModel->setNow(core::SystemClock::instance().now()); });
    tick->start(1000);

    // Feeds run in this window when the case is open for writing; what they commit is
    // pulled into the window at most twice a second.
    addDockWidget(Qt::BottomDockWidgetArea, m_feedsDock);
    m_refreshLater->setSingleShot(true);
    m_refreshLater->setInterval(500);
    connect(m_refreshLater, &QTimer::timeout, m_loader, &CaseLoader::refresh);
    connect(m_loader, &CaseLoader::caseChanged, this, [this] {
        if (!m_refreshLater->isActive())
            m_refreshLater->start();
    });
    connect(m_loader, &CaseLoader::writerChanged, m_feeds, &FeedController::attach);
    connect(m_feedsDock, &FeedsDock::problem, this, &MainWindow::showError);

    createActions();
    statusBar()->showMessage(tr("Open a case file with Ctrl+O"));

    connect(m_loader, &CaseLoader::loaded, this, &MainWindow::showSnapshot);
    connect(m_loader, &CaseLoader::failed, this, [this](const QString &path, const QString &message) {
        showError(tr("Cannot open %1: %2").arg(path, message));
        Q_EMIT caseFailed(path, message);
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 800);
    if (!restoreState(settings.value(kStateKey).toByteArray()))
        resizeDocks({m_feedsDock}, {200}, Qt::Vertical);   // room for a handful of feeds
    m_eventsView->horizontalHeader()->restoreState(settings.value(kColumnsKey).toByteArray());
    m_alertsView->horizontalHeader()->restoreState(settings.value(kAlertColumnsKey).toByteArray());
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
}

MainWindow::~MainWindow()
{
    // The transports stop (handing over what they hold) before the loader closes the case.
    m_feeds->detach();
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *open = fileMenu->addAction(tr("&Open Case…"), this, &MainWindow::chooseCase);
    open->setObjectName(QStringLiteral("actionOpenCase"));
    open->setShortcut(QKeySequence::Open);
    QAction *reload = fileMenu->addAction(tr("&Reload"), this, [this] { m_loader->refresh(); });
    reload->setObjectName(QStringLiteral("actionReload"));
    reload->setShortcut(QKeySequence::Refresh);
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *triage = viewMenu->addAction(tr("&Triage List"), this, [this] { m_alertsView->setFocus(); });
    triage->setObjectName(QStringLiteral("actionFocusTriage"));
    triage->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction *events = viewMenu->addAction(tr("Newest &Events"), this, [this] { m_eventsView->setFocus(); });
    events->setObjectName(QStringLiteral("actionFocusEvents"));
    events->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    QAction *feeds = m_feedsDock->toggleViewAction();
    feeds->setText(tr("&Feeds"));
    feeds->setObjectName(QStringLiteral("actionToggleFeeds"));
    feeds->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    viewMenu->addAction(feeds);

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
    m_loader->open(path);
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
    m_errorBanner->setText(message);
    m_errorBanner->show();
    statusBar()->showMessage(message);
}

void MainWindow::showSnapshot(const CaseSnapshot &snapshot)
{
    m_path = snapshot.path;
    setWindowTitle(tr("%1 — Cordon").arg(QString::fromStdString(snapshot.info.title)));
    m_header->setSnapshot(snapshot);
    m_eventsModel->setEvents(snapshot.newestEvents);
    m_alertsModel->setAlerts(snapshot.alerts, snapshot.readAt);
    m_alertsModel->setNow(core::SystemClock::instance().now());
    m_feedsDock->setDefinitions(snapshot.feeds, snapshot.readOnlyReason);
    m_alertsCaption->setText(snapshot.alerts.empty()
                                 ? tr("Triage — no alerts")
                                 : tr("Triage — %1 open of %2 alerts").arg(m_alertsModel->openCount()).arg(snapshot.alerts.size()));
    m_eventsCaption->setText(tr("Newest events (%1 of %2)")
                                 .arg(snapshot.newestEvents.size())
                                 .arg(QLocale().toString(static_cast<qlonglong>(snapshot.stats.events))));
    statusBar()->showMessage(snapshot.readOnlyReason.isEmpty()
                                 ? tr("Audit chain head %1").arg(snapshot.auditHead.left(16))
                                 : tr("Read-only: %1").arg(snapshot.readOnlyReason));
    Q_EMIT caseShown(snapshot.path);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kColumnsKey, m_eventsView->horizontalHeader()->saveState());
    settings.setValue(kAlertColumnsKey, m_alertsView->horizontalHeader()->saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
    event->accept();
}

} // namespace cordon::ui
