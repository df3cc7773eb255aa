#include "ui/feeds_dock.h"

#include "ui/feed_controller.h"
#include "ui/feed_dialog.h"
#include "ui/feeds_model.h"
#include "ui/table_style.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace cordon::ui {

FeedsDock::FeedsDock(FeedController &controller, QWidget *parent)
    : QDockWidget(tr("Feeds"), parent), m_controller(controller), m_model(new FeedsModel(controller, this)),
      m_view(new QTableView), m_notice(new QLabel), m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("feedsDock"));
    auto *toolbar = new QToolBar;
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_add = toolbar->addAction(tr("&Add…"), this, &FeedsDock::addFeed);
    m_add->setObjectName(QStringLiteral("actionAddFeed"));
    m_edit = toolbar->addAction(tr("&Edit…"), this, &FeedsDock::editFeed);
    m_edit->setObjectName(QStringLiteral("actionEditFeed"));
    m_remove = toolbar->addAction(tr("&Remove"), this, &FeedsDock::removeFeed);
    m_remove->setObjectName(QStringLiteral("actionRemoveFeed"));
    toolbar->addSeparator();
    m_start = toolbar->addAction(tr("&Start"), this, [this] { setSelectedRunning(true); });
    m_start->setObjectName(QStringLiteral("actionStartFeed"));
    m_stop = toolbar->addAction(tr("S&top"), this, [this] { setSelectedRunning(false); });
    m_stop->setObjectName(QStringLiteral("actionStopFeed"));
    // Shortcuts while the feed list has focus.
    m_add->setShortcut(QKeySequence::New);
    m_remove->setShortcut(QKeySequence::Delete);
    for (QAction *a : {m_add, m_edit, m_remove, m_start, m_stop}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }

    m_view->setObjectName(QStringLiteral("feedsView"));
    m_view->setModel(m_model);
    configureTable(m_view, {150, 120, 90, 70, 80, 70, 80, 140});
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(false);
    connect(m_view, &QTableView::doubleClicked, this, &FeedsDock::editFeed);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FeedsDock::updateActions);

    m_notice->setWordWrap(true);
    m_notice->setObjectName(QStringLiteral("feedsNotice"));

    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 0, 4, 4);
    layout->addWidget(toolbar);
    layout->addWidget(m_notice);
    layout->addWidget(m_view, 1);
    setWidget(box);

    connect(&m_controller, &FeedController::feedsChanged, this, [this] {
        m_model->refreshStats();
        updateActions();
    });
    connect(&m_controller, &FeedController::definitionSaved, this, [this](const QString &name, const QString &error) {
        // A committed change reaches the list through the writer's "case changed" refresh.
        if (!error.isEmpty())
            Q_EMIT problem(tr("Feed %1: %2").arg(name, error));
    });
    // Counters tick once a second while the dock is visible; they are read from memory.
    connect(m_tick, &QTimer::timeout, m_model, &FeedsModel::refreshStats);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            m_tick->start(1000);
        else
            m_tick->stop();
    });
    setDefinitions({}, tr("no case is open"));
}

void FeedsDock::setDefinitions(std::vector<core::FeedDefinition> feeds, const QString &readOnlyReason)
{
    const QString current = selected() ? QString::fromStdString(selected()->name) : QString();
    m_writable = readOnlyReason.isEmpty();
    const bool empty = feeds.empty();
    m_model->setDefinitions(std::move(feeds));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (QString::fromStdString(m_model->definition(row)->name) == current)
            m_view->selectRow(row);
    }
    if (!m_writable)
        m_notice->setText(tr("Feeds cannot run here: %1").arg(readOnlyReason));
    else if (empty)
        m_notice->setText(tr("No feeds yet. Add one to receive webhooks, syslog, a log file or Alertmanager alerts "
                             "into this case."));
    m_notice->setVisible(!m_writable || empty);
    updateActions();
}

const core::FeedDefinition *FeedsDock::selected() const
{
    const auto rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->definition(rows.first().row());
}

void FeedsDock::updateActions()
{
    const core::FeedDefinition *f = selected();
    const bool running = f && m_controller.isRunning(QString::fromStdString(f->name));
    m_add->setEnabled(m_writable);
    m_edit->setEnabled(m_writable && f);
    m_remove->setEnabled(m_writable && f);
    m_start->setEnabled(m_writable && f && !running);
    m_stop->setEnabled(m_writable && f && running);
}

void FeedsDock::addFeed()
{
    if (!m_writable)
        return;
    FeedDialog dialog({}, this);
    if (dialog.exec() == QDialog::Accepted)
        m_controller.save(dialog.feed(), {});
}

void FeedsDock::editFeed()
{
    const core::FeedDefinition *f = selected();
    if (!m_writable || !f)
        return;
    FeedDialog dialog(*f, this);
    if (dialog.exec() == QDialog::Accepted)
        m_controller.save(dialog.feed(), QString::fromStdString(f->name));
}

void FeedsDock::removeFeed()
{
    const core::FeedDefinition *f = selected();
    if (!m_writable || !f)
        return;
    const QString name = QString::fromStdString(f->name);
    if (QMessageBox::question(this, tr("Remove Feed"),
                              tr("Remove the feed %1? It stops now; what it delivered stays in the case.").arg(name))
        == QMessageBox::Yes)
        m_controller.remove(name);
}

void FeedsDock::setSelectedRunning(bool run)
{
    if (const core::FeedDefinition *f = selected(); m_writable && f)
        m_controller.setRunning(*f, run);
}

} // namespace cordon::ui
