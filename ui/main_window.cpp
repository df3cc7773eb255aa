#include "ui/main_window.h"

#include "ui/case_header_widget.h"
#include "ui/case_loader.h"
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
#include <QTableView>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {
const auto kGeometryKey = QStringLiteral("mainWindow/geometry");
const auto kStateKey = QStringLiteral("mainWindow/state");
const auto kColumnsKey = QStringLiteral("mainWindow/eventColumns");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_loader(new CaseLoader(this)), m_header(new CaseHeaderWidget),
      m_eventsModel(new RecentEventsModel(this)), m_eventsView(new QTableView), m_errorBanner(new QLabel),
      m_eventsCaption(new QLabel(tr("Newest events")))
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
    m_eventsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventsView->setAlternatingRowColors(true);
    m_eventsView->setWordWrap(false);
    m_eventsView->verticalHeader()->hide();
    // Fixed row height: no per-row measuring, as large tables need.
    m_eventsView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_eventsView->verticalHeader()->setDefaultSectionSize(m_eventsView->fontMetrics().height() + 8);
    m_eventsView->horizontalHeader()->setStretchLastSection(true);
    m_eventsView->horizontalHeader()->setSectionsMovable(true);
    const int widths[] = {210, 110, 90, 110, 115, 150, 170};
    for (int c = 0; c < 7; ++c)
        m_eventsView->setColumnWidth(c, widths[c]);

    QFont captionFont = m_eventsCaption->font();
    captionFont.setBold(true);
    m_eventsCaption->setFont(captionFont);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_errorBanner);
    layout->addWidget(m_header);
    layout->addSpacing(8);
    layout->addWidget(m_eventsCaption);
    layout->addWidget(m_eventsView, 1);
    setCentralWidget(central);

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
    restoreState(settings.value(kStateKey).toByteArray());
    m_eventsView->horizontalHeader()->restoreState(settings.value(kColumnsKey).toByteArray());
}

MainWindow::~MainWindow() = default;

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
    event->accept();
}

} // namespace cordon::ui
