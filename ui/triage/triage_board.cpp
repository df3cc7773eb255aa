#include "ui/triage/triage_board.h"

#include "ui/triage/alert_card_delegate.h"
#include "ui/triage/close_alert_dialog.h"
#include "ui/triage/triage_decisions.h"

#include <QAction>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QSettings>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {

using Kind = core::AlertDecision::Kind;
const auto kSplitterKey = QStringLiteral("triage/splitter");

QString laneName(Lane lane)
{
    static const char *names[] = {"new", "acknowledged", "escalated", "closed"};
    return QString::fromLatin1(names[static_cast<int>(lane)]);
}

} // namespace

TriageBoard::TriageBoard(TriageDecisions &decisions, QWidget *parent)
    : QWidget(parent), m_decisions(decisions), m_splitter(new QSplitter), m_detail(new QTextBrowser)
{
    setObjectName(QStringLiteral("triagePage"));
    auto *lanes = new QWidget;
    auto *lanesLayout = new QHBoxLayout(lanes);
    lanesLayout->setContentsMargins(0, 0, 0, 0);
    lanesLayout->setSpacing(6);
    for (int i = 0; i < kLaneCount; ++i)
        lanesLayout->addWidget(createLane(static_cast<Lane>(i)), 1);

    m_detail->setObjectName(QStringLiteral("alertDetail"));
    m_detail->setOpenLinks(false);
    connect(m_detail, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("cordon") && url.path() == QLatin1String("evidence"))
            m_evidence->trigger();
    });

    m_splitter->setObjectName(QStringLiteral("triageSplitter"));
    m_splitter->addWidget(lanes);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({1100, 340});

    createActions();
    auto *toolbar = new QToolBar;
    toolbar->setObjectName(QStringLiteral("triageToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addActions({m_acknowledge, m_assign, m_escalate, m_merge, m_dismiss, m_resolve});
    toolbar->addSeparator();
    toolbar->addActions({m_moveOn, m_evidence, m_investigate});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(m_splitter, 1);
    updateActions();
    showCurrent();
}

QWidget *TriageBoard::createLane(Lane lane)
{
    const auto i = static_cast<std::size_t>(lane);
    auto *model = new TriageLaneModel(lane, this);
    auto *view = new QListView;
    view->setObjectName(QStringLiteral("lane_") + laneName(lane));
    view->setModel(model);
    view->setItemDelegate(new AlertCardDelegate(view));
    view->setUniformItemSizes(true);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setDragDropMode(QAbstractItemView::DragDrop);
    view->setDefaultDropAction(Qt::MoveAction);
    view->setDragDropOverwriteMode(false);
    view->setDropIndicatorShown(false);
    view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->installEventFilter(this);
    view->setAccessibleName(laneTitle(lane));

    connect(model, &TriageLaneModel::alertsDropped, this, [this, lane](const QList<qint64> &ids) { moveTo(ids, lane); });
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, i] { laneSelectionChanged(static_cast<int>(i)); });
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this, i] { laneSelectionChanged(static_cast<int>(i)); });
    connect(view, &QListView::doubleClicked, this, [this] { m_evidence->trigger(); });
    // Counts follow the model, whatever changed it.
    auto recount = [this, lane, i] {
        m_captions[i]->setText(QStringLiteral("%1 · %2").arg(laneTitle(lane)).arg(m_models[i]->rowCount()));
    };
    connect(model, &QAbstractItemModel::modelReset, this, recount);

    auto *caption = new QLabel;
    caption->setObjectName(QStringLiteral("laneCaption_") + laneName(lane));
    QFont bold = caption->font();
    bold.setBold(true);
    caption->setFont(bold);
    m_models[i] = model;
    m_views[i] = view;
    m_captions[i] = caption;
    recount();

    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(caption);
    layout->addWidget(view, 1);
    return box;
}

void TriageBoard::createActions()
{
    auto action = [this](const QString &text, const char *name, const QKeySequence &key, const QString &tip,
                         auto slot) {
        auto *a = new QAction(text, this);
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);   // only while the board has focus
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    m_acknowledge = action(tr("&Acknowledge"), "actionAcknowledge", QKeySequence(Qt::Key_A),
                           tr("Take the alert: its response SLA is met"), [this] { decideSelected(Kind::Acknowledge); });
    m_assign = action(tr("A&ssign…"), "actionAssign", QKeySequence(Qt::SHIFT | Qt::Key_A),
                      tr("Name the person who owns the alert"), [this] { assign(selectedAlerts()); });
    m_escalate = action(tr("&Escalate"), "actionEscalate", QKeySequence(Qt::Key_E),
                        tr("Escalate to the alert's escalation target"), [this] { decideSelected(Kind::Escalate); });
    m_merge = action(tr("&Merge into Incident"), "actionMerge", QKeySequence(Qt::Key_M),
                     tr("The alert is part of this incident"), [this] { decideSelected(Kind::Merge); });
    m_dismiss = action(tr("&Dismiss…"), "actionDismiss", QKeySequence(Qt::Key_D),
                       tr("Dismiss as a false positive, with a reason"),
                       [this] { closeAlerts(selectedAlerts(), Kind::Dismiss); });
    m_resolve = action(tr("&Resolve…"), "actionResolve", QKeySequence(Qt::Key_R), tr("Close the alert as handled"),
                       [this] { closeAlerts(selectedAlerts(), Kind::Resolve); });
    m_moveOn = action(tr("Move On"), "actionMoveOn", QKeySequence(Qt::CTRL | Qt::Key_Right),
                      tr("Move the card to the next column"), [this] {
                          if (const auto *a = currentAlert(); a && laneOf(a->status) != Lane::Closed)
                              moveTo(selectedAlerts(), static_cast<Lane>(static_cast<int>(laneOf(a->status)) + 1));
                      });
    m_evidence = action(tr("Open &Evidence"), "actionOpenEvidence", QKeySequence(Qt::Key_Return),   // see eventFilter
                        tr("Show the events the alert cites on the timeline"), [this] {
                            if (const auto *a = currentAlert())
                                Q_EMIT evidenceRequested(a->id);
                        });
    m_investigate = action(tr("&Investigate Account"), "actionInvestigateAccount", QKeySequence(Qt::Key_I),
                           tr("The profile, sessions and prompts of the account the alert is mostly about"), [this] {
                               const auto i = static_cast<std::size_t>(m_activeLane);
                               const int row = m_views[i]->currentIndex().row();
                               const core::AlertAccounts &accounts = m_models[i]->accountsAt(row);
                               if (!accounts.top.empty())
                                   Q_EMIT accountRequested(QString::fromStdString(accounts.top.front()));
                           });
}

void TriageBoard::setAlerts(const std::vector<core::AlertSummary> &alerts, const AlertAccountsMap &accounts,
                            core::TimeUs now)
{
    // Selection and focus follow the alerts across lanes when a decision moves them.
    const QList<qint64> selected = selectedAlerts();
    const core::AlertSummary *current = currentAlert();
    const std::int64_t currentId = current ? current->id : 0;
    bool hadFocus = false;
    for (QListView *v : m_views)
        hadFocus = hadFocus || v->hasFocus();

    m_alerts = alerts;
    m_accounts = accounts;
    m_now = now;
    m_syncingSelection = true;
    for (TriageLaneModel *m : m_models)
        m->setAlerts(m_alerts, m_accounts, now);
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        QItemSelection keep;
        for (qint64 id : selected) {
            if (const int row = m_models[i]->rowOf(id); row >= 0)
                keep.select(m_models[i]->index(row), m_models[i]->index(row));
        }
        m_views[i]->selectionModel()->select(keep, QItemSelectionModel::ClearAndSelect);
        if (const int row = m_models[i]->rowOf(currentId); row >= 0) {
            m_views[i]->selectionModel()->setCurrentIndex(m_models[i]->index(row), QItemSelectionModel::NoUpdate);
            m_activeLane = static_cast<int>(i);
        }
    }
    m_syncingSelection = false;
    if (!currentAlert()) {
        // Nothing chosen yet: the most urgent card of the first lane with any is current,
        // so the keys work at once and the detail shows something useful.
        for (std::size_t i = 0; i < m_models.size(); ++i) {
            if (m_models[i]->rowCount() > 0) {
                m_activeLane = static_cast<int>(i);
                m_syncingSelection = true;
                m_views[i]->setCurrentIndex(m_models[i]->index(0));
                m_syncingSelection = false;
                break;
            }
        }
    }
    if (hadFocus)
        m_views[static_cast<std::size_t>(m_activeLane)]->setFocus();
    updateActions();
    showCurrent();
}

void TriageBoard::setNow(core::TimeUs now)
{
    m_now = now;
    for (TriageLaneModel *m : m_models)
        m->setNow(now);
}

void TriageBoard::setWritable(bool writable)
{
    m_writable = writable;
    for (QListView *v : m_views)
        v->setDragEnabled(writable);
    updateActions();
}

bool TriageBoard::selectAlert(std::int64_t alertId)
{
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        if (const int row = m_models[i]->rowOf(alertId); row >= 0) {
            m_views[i]->setCurrentIndex(m_models[i]->index(row));   // clears the other lanes
            m_views[i]->scrollTo(m_models[i]->index(row));
            m_views[i]->setFocus();
            return true;
        }
    }
    return false;
}

QList<qint64> TriageBoard::selectedAlerts() const
{
    QList<qint64> ids;
    const QListView *view = m_views[static_cast<std::size_t>(m_activeLane)];
    QModelIndexList rows = view->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &i : rows)
        ids << i.data(TriageLaneModel::AlertIdRole).toLongLong();
    if (ids.isEmpty() && view->currentIndex().isValid())
        ids << view->currentIndex().data(TriageLaneModel::AlertIdRole).toLongLong();
    return ids;
}

const core::AlertSummary *TriageBoard::currentAlert() const
{
    const auto i = static_cast<std::size_t>(m_activeLane);
    return m_models[i]->alertAt(m_views[i]->currentIndex().row());
}

void TriageBoard::laneSelectionChanged(int lane)
{
    if (m_syncingSelection)
        return;
    const auto i = static_cast<std::size_t>(lane);
    if (m_views[i]->selectionModel()->hasSelection() || m_views[i]->currentIndex().isValid()) {
        activateLane(lane);
    }
    updateActions();
    showCurrent();
}

void TriageBoard::activateLane(int lane)
{
    // One lane's selection at a time: what the actions apply to is never ambiguous.
    if (lane == m_activeLane)
        return;
    m_syncingSelection = true;
    m_views[static_cast<std::size_t>(m_activeLane)]->selectionModel()->clear();
    m_syncingSelection = false;
    m_activeLane = lane;
}

void TriageBoard::focusLane(int lane)
{
    if (lane < 0 || lane >= kLaneCount)
        return;
    const auto i = static_cast<std::size_t>(lane);
    const int from = m_views[static_cast<std::size_t>(m_activeLane)]->currentIndex().row();
    m_views[i]->setFocus();
    if (m_models[i]->rowCount() > 0) {
        m_views[i]->setCurrentIndex(m_models[i]->index(std::clamp(from, 0, m_models[i]->rowCount() - 1)));
        return;
    }
    // An empty column: nothing is selected, so no action applies to a card left behind.
    activateLane(lane);
    updateActions();
    showCurrent();
}

bool TriageBoard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const auto it = std::find(m_views.begin(), m_views.end(), watched);
        if (it != m_views.end() && key->modifiers() == Qt::NoModifier
            && (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right)) {
            focusLane(static_cast<int>(it - m_views.begin()) + (key->key() == Qt::Key_Right ? 1 : -1));
            return true;
        }
        // The list would take Enter as "activate", which single-click styles also send on
        // a click; the evidence opens on Enter and double-click only.
        if (it != m_views.end() && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            m_evidence->trigger();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TriageBoard::moveTo(const QList<qint64> &alertIds, Lane to)
{
    if (alertIds.isEmpty())
        return;
    if (!m_writable) {
        Q_EMIT status(tr("The case is open read-only: decisions cannot be recorded"));
        return;
    }
    switch (to) {
    case Lane::New:
        Q_EMIT status(tr("Alerts only move forward; Edit ▸ Undo (Ctrl+Z) takes a decision back"));
        return;
    case Lane::Acknowledged: m_decisions.decide(alertIds, {Kind::Acknowledge, {}, {}, {}, {}}); return;
    case Lane::Escalated: m_decisions.decide(alertIds, {Kind::Escalate, {}, {}, {}, {}}); return;
    case Lane::Closed: closeAlerts(alertIds, Kind::Resolve); return;
    }
}

void TriageBoard::closeAlerts(const QList<qint64> &alertIds, Kind preselected)
{
    if (alertIds.isEmpty() || !m_writable)
        return;
    // Resolving needs the alert to have been looked at; new ones can be merged or dismissed.
    bool anyNew = false;
    for (const auto &a : m_alerts)
        anyNew = anyNew || (alertIds.contains(a.id) && a.status == core::AlertStatus::New);
    auto *dialog = new CloseAlertDialog(static_cast<int>(alertIds.size()), !anyNew, preselected, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, alertIds] { m_decisions.decide(alertIds, dialog->decision()); });
    dialog->open();
}

void TriageBoard::assign(const QList<qint64> &alertIds)
{
    if (alertIds.isEmpty() || !m_writable)
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("assignDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Assign"));
    dialog->setLabelText(alertIds.size() == 1 ? tr("Who owns alert #%1?").arg(alertIds.front())
                                              : tr("Who owns these %1 alerts?").arg(alertIds.size()));
    if (const auto *a = currentAlert())
        dialog->setTextValue(QString::fromStdString(a->assignee));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, alertIds](const QString &name) {
        if (!name.trimmed().isEmpty())
            m_decisions.decide(alertIds, {Kind::Assign, {}, {}, name.trimmed().toStdString(), {}});
    });
    dialog->open();
}

void TriageBoard::decideSelected(Kind kind)
{
    if (m_writable)
        m_decisions.decide(selectedAlerts(), {kind, {}, {}, {}, {}});
}

void TriageBoard::updateActions()
{
    const core::AlertSummary *a = currentAlert();
    const Lane lane = static_cast<Lane>(m_activeLane);
    const bool open = a && lane != Lane::Closed;
    const bool can = m_writable && a;
    m_acknowledge->setEnabled(can && lane == Lane::New);
    m_assign->setEnabled(can && open);
    m_escalate->setEnabled(can && (lane == Lane::New || lane == Lane::Acknowledged));
    m_merge->setEnabled(can && open);
    m_dismiss->setEnabled(can && open);
    m_resolve->setEnabled(can && (lane == Lane::Acknowledged || lane == Lane::Escalated || a->status == core::AlertStatus::Dismissed
                                  || a->status == core::AlertStatus::Merged));
    m_moveOn->setEnabled(can && open);
    m_evidence->setEnabled(a != nullptr);
    const auto i = static_cast<std::size_t>(m_activeLane);
    m_investigate->setEnabled(a && !m_models[i]->accountsAt(m_views[i]->currentIndex().row()).top.empty());
}

void TriageBoard::showCurrent()
{
    const auto i = static_cast<std::size_t>(m_activeLane);
    const int row = m_views[i]->currentIndex().row();
    const core::AlertSummary *a = m_models[i]->alertAt(row);
    if (!a) {
        m_detail->setHtml(m_alerts.empty() ? tr("<p>No alerts. Rules raise them as events arrive.</p>")
                                           : tr("<p>Select a card to see why the alert fired and what to do.</p>"
                                                "<p>Keys: A acknowledge · Shift+A assign · E escalate · M merge · "
                                                "D dismiss · R resolve · Ctrl+→ move on · ←/→ change column · "
                                                "Enter evidence · I investigate account · Ctrl+Z undo</p>"));
        return;
    }
    m_detail->setHtml(alertHtml(*a, m_models[i]->accountsAt(row), m_now)
                      + tr("<p><a href='cordon:evidence'>Show the %1 cited events on the timeline</a> (Enter)</p>")
                            .arg(QLocale().toString(static_cast<qlonglong>(a->eventCount))));
}

void TriageBoard::saveState() const
{
    QSettings().setValue(kSplitterKey, m_splitter->saveState());
}

void TriageBoard::restoreState()
{
    m_splitter->restoreState(QSettings().value(kSplitterKey).toByteArray());
}

} // namespace cordon::ui
