#include "ui/response/response_page.h"

#include "core/response/proposals.h"
#include "core/triage/alert_triage.h"
#include "ui/case_writes.h"
#include "ui/qt_text.h"
#include "ui/response/circuit_breakers.h"
#include "ui/response/clock_text.h"
#include "ui/response/response_desk.h"
#include "ui/response/response_settings_dialog.h"
#include "ui/response/statement_dialog.h"
#include "ui/table_style.h"
#include "ui/time_text.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>

#include <memory>

namespace cordon::ui {
namespace {

namespace r = core::response;
using Op = r::ActionDelivery::Operation;

QTableView *table(const char *name, QAbstractItemModel *model)
{
    auto *view = new QTableView;
    view->setObjectName(QString::fromLatin1(name));
    view->setModel(model);
    configureTable(view);
    return view;
}

QStandardItemModel *tableModel(QObject *parent, const QStringList &headers)
{
    auto *m = new QStandardItemModel(parent);
    m->setHorizontalHeaderLabels(headers);
    return m;
}

QList<QStandardItem *> row(const QStringList &cells)
{
    QList<QStandardItem *> out;
    for (const auto &c : cells) {
        auto *item = new QStandardItem(c);
        item->setEditable(false);
        out.push_back(item);
    }
    return out;
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString esc(const std::string &s)
{
    return q(s).toHtmlEscaped();
}

QString jsonBlock(const nlohmann::json &j)
{
    return j.is_null() ? QString() : QStringLiteral("<pre>%1</pre>").arg(esc(j.dump(2)));
}

QPushButton *button(const QString &text, const char *name, const QString &tip)
{
    auto *b = new QPushButton(text);
    b->setObjectName(QString::fromLatin1(name));
    b->setToolTip(tip);
    return b;
}

/// A write that takes `step` on each action in turn; the first refusal stops it (each step is
/// its own audited transaction, so those before it stand).
std::function<core::Status(core::Database &)> eachAction(std::vector<std::int64_t> ids,
                                                         std::function<core::Status(core::Database &, std::int64_t)> step)
{
    return [ids = std::move(ids), step = std::move(step)](core::Database &db) -> core::Status {
        for (std::int64_t id : ids) {
            if (auto s = step(db, id); !s)
                return core::Error{s.error().code, "#" + std::to_string(id) + ": " + s.error().message};
        }
        return {};
    };
}

} // namespace

ResponsePage::ResponsePage(ResponseDesk &desk, QWidget *parent)
    : QWidget(parent), m_desk(desk), m_model(new ActionTableModel(this)), m_view(table("actionTable", m_model)),
      m_show(new QComboBox), m_detail(new QTextBrowser), m_tabs(new QTabWidget),
      m_accounts(tableModel(this, {tr("Account"), tr("Status"), tr("Detail"), tr("Action"), tr("Since")})),
      m_patterns(tableModel(this, {tr("Pattern"), tr("Match"), tr("State"), tr("Source")})),
      m_addresses(tableModel(this, {tr("Address"), tr("Type"), tr("Confidence"), tr("Source")})),
      m_comms(tableModel(this, {tr("When"), tr("Status"), tr("Audience"), tr("Channel"), tr("Subject"), tr("By")})),
      m_breakers(new CircuitBreakers(desk)), m_clocks(new QLabel)
{
    setObjectName(QStringLiteral("responsePage"));
    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_tabs->addTab(createAccountsTab(), tr("Accounts"));
    m_tabs->addTab(m_breakers, tr("Circuit breakers"));
    m_tabs->addTab(createBlocklistsTab(), tr("Blocklists"));
    m_tabs->addTab(createCommunicationsTab(), tr("Communications"));

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(createActionsArea());
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(&m_desk, &ResponseDesk::changed, this, &ResponsePage::showSnapshot);
    connect(m_breakers, &CircuitBreakers::revertRequested, this, [this](std::int64_t id) {
        m_view->clearSelection();
        run({id}, Op::Revert, QString());
    });
    showSnapshot();
}

QWidget *ResponsePage::createActionsArea()
{
    m_show->setObjectName(QStringLiteral("actionFilter"));
    m_show->addItem(tr("Inbox: proposals to decide"), int(ActionTableModel::Show::Inbox));
    m_show->addItem(tr("Open actions"), int(ActionTableModel::Show::Open));
    m_show->addItem(tr("All actions"), int(ActionTableModel::Show::All));
    m_show->setCurrentIndex(1);
    connect(m_show, &QComboBox::currentIndexChanged, this, &ResponsePage::showSnapshot);

    m_propose = button(tr("Propose from &Forensics"), "proposeForensics",
                       tr("Suspend campaign accounts and those meeting the suspension criteria, rate-limit suspicious ones, block shared suffixes"));
    auto *fromAlerts = button(tr("Propose from A&lerts"), "proposeAlerts",
                              tr("What the rules of the open alerts recommend, e.g. suspend the accounts behind repeated jailbreaks"));
    connect(fromAlerts, &QPushButton::clicked, this, &ResponsePage::proposeFromAlerts);
    m_fromAlerts = fromAlerts;
    m_approve = button(tr("&Approve…"), "approveActions", tr("Approve the selected proposals, after a preview of what each will do"));
    m_reject = button(tr("Re&ject…"), "rejectActions", tr("Reject the selected proposals, with a reason"));
    m_execute = button(tr("E&xecute…"), "executeActions", tr("Carry out the selected approved actions through their connectors"));
    m_dryRun = button(tr("Dry &Run"), "dryRunActions", tr("Send the selected actions as dry runs: nothing changes at the target"));
    m_verify = button(tr("&Verify…"), "verifyActions", tr("Confirm that the executed actions had their effect"));
    m_revert = button(tr("Re&vert…"), "revertActions", tr("Undo the selected executed actions at their targets (recovery)"));
    auto *settings = button(tr("Roster, Policy && Channels…"), "responseSettings",
                            tr("People in roles, the two-person rule, connectors and notification channels"));
    connect(m_propose, &QPushButton::clicked, this, &ResponsePage::proposeFromForensics);
    connect(m_approve, &QPushButton::clicked, this, &ResponsePage::askApprove);
    connect(m_reject, &QPushButton::clicked, this, &ResponsePage::askReject);
    connect(m_execute, &QPushButton::clicked, this, [this] { askRun(Op::Execute); });
    connect(m_dryRun, &QPushButton::clicked, this, [this] { run(selectedActions(), Op::Execute, tr("dry run"), true); });
    connect(m_verify, &QPushButton::clicked, this, &ResponsePage::askVerify);
    connect(m_revert, &QPushButton::clicked, this, [this] { askRun(Op::Revert); });
    connect(settings, &QPushButton::clicked, this, [this] {
        ResponseSettingsDialog dialog(m_desk, this);
        dialog.exec();
    });

    // A tool bar folds what does not fit into its extension menu: the page never forces
    // the window wider.
    auto *bar = new QToolBar;
    bar->addWidget(m_show);
    bar->addWidget(m_propose);
    bar->addWidget(m_fromAlerts);
    bar->addSeparator();
    for (QPushButton *b : {m_approve, m_reject, m_execute, m_dryRun, m_verify, m_revert})
        bar->addWidget(b);
    bar->addSeparator();
    bar->addWidget(settings);

    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->horizontalHeader()->resizeSection(ActionTableModel::Id, 50);
    m_view->horizontalHeader()->resizeSection(ActionTableModel::State, 80);
    m_view->horizontalHeader()->resizeSection(ActionTableModel::Description, 380);
    m_view->horizontalHeader()->resizeSection(ActionTableModel::Origin, 110);
    for (int c : {ActionTableModel::Proposed, ActionTableModel::Approved, ActionTableModel::Executed, ActionTableModel::Reverted})
        m_view->horizontalHeader()->resizeSection(c, 150);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showDetail();
        updateButtons();
    });
    m_detail->setObjectName(QStringLiteral("actionDetail"));

    auto *split = new QSplitter;
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *area = new QWidget;
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(bar);
    layout->addWidget(split, 1);
    return area;
}

QWidget *ResponsePage::createAccountsTab()
{
    auto *view = table("accountStatusTable", m_accounts);
    view->horizontalHeader()->resizeSection(0, 160);
    view->horizontalHeader()->resizeSection(1, 120);
    view->horizontalHeader()->resizeSection(2, 260);
    return view;
}

QWidget *ResponsePage::createBlocklistsTab()
{
    m_patternView = table("patternTable", m_patterns);
    m_patternView->horizontalHeader()->resizeSection(0, 380);
    auto *addresses = table("addressTable", m_addresses);
    auto *block = button(tr("Propose &Block"), "proposePatternBlock", tr("Propose blocking the selected candidate pattern in the input filter"));
    auto *exportFiles = button(tr("&Export Files…"), "exportArtefacts",
                               tr("Write the suffix and IP blocklists, the account list and the detection rules for other systems"));
    connect(block, &QPushButton::clicked, this, &ResponsePage::proposeSelectedPattern);
    connect(exportFiles, &QPushButton::clicked, this, &ResponsePage::exportArtefacts);
    auto *split = new QSplitter;
    split->addWidget(m_patternView);
    split->addWidget(addresses);
    split->setStretchFactor(0, 2);
    auto *bar = new QHBoxLayout;
    bar->addWidget(block);
    bar->addWidget(exportFiles);
    bar->addStretch(1);
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    return tab;
}

QWidget *ResponsePage::createCommunicationsTab()
{
    m_clocks->setObjectName(QStringLiteral("responseClocks"));
    m_clocks->setTextFormat(Qt::RichText);
    m_clocks->setWordWrap(true);
    auto *log = table("communicationsTable", m_comms);
    log->horizontalHeader()->resizeSection(0, 150);
    log->horizontalHeader()->resizeSection(1, 70);
    log->horizontalHeader()->resizeSection(2, 110);
    log->horizontalHeader()->resizeSection(4, 420);
    auto *draft = button(tr("&Draft Statement…"), "draftStatement", tr("A statement for stakeholders, affected users or regulators, filled in from the case"));
    auto *notify = button(tr("&Notify Now"), "notifyNow", tr("Tell the channels what is new and send what is queued (this also runs every minute)"));
    connect(draft, &QPushButton::clicked, this, [this] {
        StatementDialog dialog(m_desk, this);
        dialog.exec();
    });
    connect(notify, &QPushButton::clicked, &m_desk, &ResponseDesk::notifyNow);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_clocks, 1);
    bar->addWidget(draft, 0, Qt::AlignTop);
    bar->addWidget(notify, 0, Qt::AlignTop);
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(bar);
    layout->addWidget(log, 1);
    return tab;
}

std::vector<std::int64_t> ResponsePage::selectedActions() const
{
    std::vector<std::int64_t> ids;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        ids.push_back(m_model->actionId(i.row()));
    std::sort(ids.begin(), ids.end());
    return ids;
}

void ResponsePage::setShow(ActionTableModel::Show show)
{
    m_show->setCurrentIndex(m_show->findData(int(show)));
}

void ResponsePage::setNow(core::TimeUs now)
{
    m_now = now;
    m_clocks->setText(clocksHtml(m_desk.snapshot().clocks, now));
}

void ResponsePage::showSnapshot()
{
    const ResponseSnapshot &s = m_desk.snapshot();
    const auto keep = selectedActions();
    const int scrolled = m_view->verticalScrollBar()->value();   // a re-read must not move the reader
    m_model->setActions(s.actions, static_cast<ActionTableModel::Show>(m_show->currentData().toInt()));
    for (std::int64_t id : keep) {
        if (const int r = m_model->rowOf(id); r >= 0)
            m_view->selectionModel()->select(m_model->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    m_view->verticalScrollBar()->setValue(scrolled);
    m_breakers->setActions(s.actions);

    m_accounts->removeRows(0, m_accounts->rowCount());
    for (const auto &a : s.accounts)
        m_accounts->appendRow(row({q(a.account), q(a.status), q(a.detail), QStringLiteral("#%1").arg(a.actionId), formatLocalTime(a.since)}));
    m_patterns->removeRows(0, m_patterns->rowCount());
    for (const auto &p : s.patterns)
        m_patterns->appendRow(row({q(p.pattern), q(p.match), p.inForce ? tr("in force (#%1)").arg(p.actionId) : tr("candidate"), q(p.source)}));
    m_addresses->removeRows(0, m_addresses->rowCount());
    for (const auto &a : s.addresses)
        m_addresses->appendRow(row({q(a.value), q(a.type), QString::number(a.confidence), q(a.source)}));
    m_comms->removeRows(0, m_comms->rowCount());
    for (const auto &c : s.communications) {
        auto cells = row({formatLocalTime(c.createdAt), q(c.status), q(c.audience), c.channel.empty() ? tr("(outside Cordon)") : q(c.channel),
                          q(c.subject), q(c.author)});
        cells[4]->setToolTip(q(c.body));
        if (c.status == "failed")
            cells[1]->setForeground(QColor(0xc6, 0x28, 0x28));
        m_comms->appendRow(cells);
    }
    m_clocks->setText(clocksHtml(s.clocks, m_now));
    showDetail();
    updateButtons();
}

void ResponsePage::showDetail()
{
    const auto ids = selectedActions();
    if (ids.size() != 1) {
        m_detail->setHtml(ids.empty() ? tr("<p>Select an action to see its lifecycle.</p>")
                                      : tr("<p>%1 actions selected.</p>").arg(ids.size()));
        return;
    }
    const r::Action *a = m_desk.snapshot().action(ids.front());
    if (!a)
        return;
    const r::ActionType *type = a->actionType();
    QString html = QStringLiteral("<h3>#%1 %2</h3>").arg(a->id).arg(esc(a->description()));
    html += tr("<p><b>State:</b> %1 &nbsp; <b>Phase:</b> %2 &nbsp; <b>Connector:</b> %3</p>")
                .arg(qstr(toString(a->state)), qstr(core::toString(a->phase)), esc(a->connector.empty() ? "manual" : a->connector));
    if (!a->reason.empty())
        html += tr("<p><b>Why:</b> %1</p>").arg(esc(a->reason));
    if (type && type->needsSecondApprover)
        html += tr("<p><i>Destructive or broad: a second person approves it when the case's policy asks.</i></p>");
    html += QStringLiteral("<table cellspacing=4>");
    auto step = [&html](const QString &name, const QString &text) {
        if (!text.isEmpty())
            html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(name, text.toHtmlEscaped());
    };
    step(tr("Proposed"), stepText(a->proposedBy, a->proposedAt) + (a->origin.empty() ? QString() : tr(" from %1").arg(q(a->origin))));
    step(tr("Approved"), stepText(a->approvedBy, a->approvedAt));
    step(tr("Rejected"), stepText(a->rejectedBy, a->rejectedAt));
    step(tr("Executed"), stepText(a->executedBy, a->executedAt));
    step(tr("Failed"), a->failedAt ? formatLocalTime(*a->failedAt) + QStringLiteral(": ") + q(a->failure.value_or("")) : QString());
    step(tr("Verified"), stepText(a->verifiedBy, a->verifiedAt));
    step(tr("Reverted"), stepText(a->revertedBy, a->revertedAt));
    html += QStringLiteral("</table>");
    if (type && (a->state == r::ActionState::Executed || a->state == r::ActionState::Verified))
        html += tr("<p>Revert in recovery: <i>%1</i></p>").arg(qstr(type->revertTitle));
    if (!a->result.is_null())
        html += tr("<p><b>Connector answer</b></p>") + jsonBlock(a->result);
    if (!a->revertResult.is_null())
        html += tr("<p><b>Revert answer</b></p>") + jsonBlock(a->revertResult);
    m_detail->setHtml(html);
}

void ResponsePage::updateButtons()
{
    const bool writable = m_desk.writable();
    const auto ids = selectedActions();
    auto all = [&](auto test) {
        if (ids.empty())
            return false;
        for (std::int64_t id : ids) {
            const r::Action *a = m_desk.snapshot().action(id);
            if (!a || !test(a->state))
                return false;
        }
        return true;
    };
    using S = r::ActionState;
    m_propose->setEnabled(writable);
    m_fromAlerts->setEnabled(writable);
    m_approve->setEnabled(writable && all([](S s) { return s == S::Proposed; }));
    m_reject->setEnabled(writable && all([](S s) { return s == S::Proposed; }));
    m_execute->setEnabled(writable && all([](S s) { return s == S::Approved || s == S::Failed; }));
    m_dryRun->setEnabled(writable && all([](S s) { return s == S::Proposed || s == S::Approved || s == S::Failed; }));
    m_verify->setEnabled(writable && all([](S s) { return s == S::Executed; }));
    m_revert->setEnabled(writable && all([](S s) { return s == S::Executed || s == S::Verified; }));
}

void ResponsePage::proposeFromForensics()
{
    const std::string actor = responderName().toStdString();
    m_desk.change(tr("Proposing from forensics"), [actor](core::Database &db) -> core::Status {
        r::proposeAll(db, core::SystemClock::instance(), r::forensicProposals(db), actor);
        return {};
    }, tr("Proposals from the last forensic analysis are in the inbox"));
    setShow(ActionTableModel::Show::Inbox);
}

void ResponsePage::proposeFromAlerts()
{
    const std::string actor = responderName().toStdString();
    m_desk.change(tr("Proposing from alerts"), [actor](core::Database &db) -> core::Status {
        const auto &clock = core::SystemClock::instance();
        for (const auto &a : core::listAlerts(db, clock.now())) {
            if (core::isOpen(a.status))
                r::proposeAll(db, clock, r::alertProposals(db, a.id), actor);
        }
        return {};
    }, tr("Proposals from the open alerts are in the inbox"));
    setShow(ActionTableModel::Show::Inbox);
}

void ResponsePage::approve(const std::vector<std::int64_t> &ids)
{
    const std::string actor = responderName().toStdString();
    m_desk.change(tr("Approving"), [ids, actor](core::Database &db) -> core::Status {
        const auto refusals = r::approveAll(db, core::SystemClock::instance(), ids, actor);
        if (!refusals.empty())
            return core::Error{core::ErrorCode::Invalid, refusals.front() + (refusals.size() > 1 ? " (and more)" : "")};
        return {};
    }, tr("%n action(s) approved", "", int(ids.size())));
}

void ResponsePage::reject(const std::vector<std::int64_t> &ids, const QString &reason)
{
    const std::string actor = responderName().toStdString();
    m_desk.change(tr("Rejecting"), eachAction(ids, [actor, reason = reason.toStdString()](core::Database &db, std::int64_t id) {
        return r::rejectAction(db, core::SystemClock::instance(), id, actor, reason);
    }), tr("%n proposal(s) rejected", "", int(ids.size())));
}

void ResponsePage::run(const std::vector<std::int64_t> &ids, Op op, const QString &note, bool dryRun)
{
    if (op == Op::Revert && !dryRun && note.isEmpty()) {
        // Reached from a circuit-breaker switch: ask as the Revert button does.
        if (QMessageBox::question(this, tr("Revert"), tr("Revert action %1 at its target?").arg(ids.front())) != QMessageBox::Yes)
            return;
        m_desk.deliver(ids, op, tr("reverted from the Response page"));
        return;
    }
    m_desk.deliver(ids, op, note, dryRun);
}

void ResponsePage::verify(const std::vector<std::int64_t> &ids, const QString &note)
{
    const std::string actor = responderName().toStdString();
    m_desk.change(tr("Verifying"), eachAction(ids, [actor, note = note.toStdString()](core::Database &db, std::int64_t id) {
        return r::verifyAction(db, core::SystemClock::instance(), id, actor, note);
    }), tr("%n action(s) verified", "", int(ids.size())));
}

void ResponsePage::askApprove()
{
    const auto ids = selectedActions();
    const std::string actor = responderName().toStdString();
    auto preview = std::make_shared<std::vector<r::ApprovalPreview>>();
    m_desk.read([ids, actor, preview](core::Database &db) { *preview = r::previewApprovals(db, ids, actor); }, this,
                [this, preview] {
                    QString text;
                    std::vector<std::int64_t> approvable;
                    for (const auto &p : *preview) {
                        text += p.approvable ? tr("✔ #%1 %2 (via %3)\n").arg(p.id).arg(q(p.description), q(p.connector))
                                             : tr("✘ #%1 %2: %3\n").arg(p.id).arg(q(p.description), q(p.refusal));
                        if (p.approvable)
                            approvable.push_back(p.id);
                    }
                    QMessageBox box(QMessageBox::Question, tr("Approve"),
                                    tr("Approving as %1 would do this:").arg(responderName()), QMessageBox::Cancel, this);
                    box.setDetailedText(text);
                    box.setInformativeText(text.left(1500));
                    QPushButton *ok = box.addButton(tr("Approve %n", "", int(approvable.size())), QMessageBox::AcceptRole);
                    ok->setEnabled(!approvable.empty());
                    box.exec();
                    if (box.clickedButton() == ok)
                        approve(approvable);
                });
}

void ResponsePage::askReject()
{
    bool ok = false;
    const QString reason = QInputDialog::getText(this, tr("Reject"), tr("Why are these proposals rejected?"), QLineEdit::Normal, {}, &ok);
    if (ok && !reason.trimmed().isEmpty())
        reject(selectedActions(), reason.trimmed());
}

void ResponsePage::askRun(Op op)
{
    const auto ids = selectedActions();
    QString list;
    bool destructive = false;
    for (std::int64_t id : ids) {
        if (const r::Action *a = m_desk.snapshot().action(id)) {
            list += QStringLiteral("#%1 %2\n").arg(id).arg(q(a->description()));
            destructive |= a->actionType() && a->actionType()->needsSecondApprover;
        }
    }
    const QString verb = op == Op::Execute ? tr("Execute") : tr("Revert");
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(
        this, verb,
        tr("%1 %n action(s) at their targets?%2\n\n%3\nNote (required for actions done by hand: what was done):", "", int(ids.size()))
            .arg(verb, destructive ? tr(" Some of them are destructive or broad.") : QString(), list),
        {}, &ok);
    if (ok)
        run(ids, op, note.trimmed());
}

void ResponsePage::askVerify()
{
    bool ok = false;
    const QString note = QInputDialog::getText(this, tr("Verify"), tr("How was the effect confirmed?"), QLineEdit::Normal, {}, &ok);
    if (ok)
        verify(selectedActions(), note.trimmed());
}

void ResponsePage::exportArtefacts()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Blocklists and Lists To"));
    if (dir.isEmpty())
        return;
    auto written = std::make_shared<core::Expected<std::vector<std::string>>>(std::vector<std::string>{});
    m_desk.read([dir, written](core::Database &db) { *written = r::writeArtefacts(db, core::SystemClock::instance(), dir.toStdString()); },
                this, [this, written, dir] {
                    if (!*written)
                        QMessageBox::warning(this, tr("Export"), tr("Nothing was exported: %1").arg(q(written->error().message)));
                    else
                        QMessageBox::information(this, tr("Export"), tr("%n file(s) written to %1", "", int((*written)->size())).arg(dir));
                });
}

void ResponsePage::proposeSelectedPattern()
{
    const QModelIndex current = m_patternView->currentIndex();
    if (!current.isValid())
        return;
    const auto &patterns = m_desk.snapshot().patterns;
    if (current.row() >= int(patterns.size()) || patterns[std::size_t(current.row())].inForce)
        return;
    const auto &p = patterns[std::size_t(current.row())];
    r::ActionProposal proposal{"pattern.block", p.pattern, {{"match", p.match}, {"source", p.source}},
                               "shared adversarial suffix", "", "", responderName().toStdString()};
    m_desk.change(tr("Proposing a block"), [proposal](core::Database &db) -> core::Status {
        auto proposed = r::proposeAction(db, core::SystemClock::instance(), proposal);
        return proposed ? core::Status{} : core::Status{proposed.error()};
    }, tr("Block proposed"));
}

} // namespace cordon::ui
