#include "ui/investigate/investigate_page.h"

#include "core/domain/event_flags.h"
#include "core/query/case_reader.h"
#include "ui/case_reads.h"
#include "ui/investigate/account_tree_model.h"
#include "ui/investigate/campaign_graph_view.h"
#include "ui/investigate/window_timeline.h"
#include "ui/qt_text.h"
#include "ui/table_style.h"
#include "ui/time_text.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {

namespace inv = core::investigation;
constexpr core::TimeUs kWindow = 15 * 60 * 1'000'000LL;   // ± 15 min
constexpr int kMemberPreviews = 50;

QTableView *table(const char *name, QStandardItemModel *model)
{
    auto *view = new QTableView;
    view->setObjectName(QString::fromLatin1(name));
    view->setModel(model);
    configureTable(view);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    return view;
}

QStandardItem *cell(const QString &text, const QVariant &sortKey = {})
{
    auto *item = new QStandardItem(text);
    if (sortKey.isValid())
        item->setData(sortKey, Qt::UserRole);
    return item;
}

QString esc(const std::string &s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString list(const std::vector<std::string> &items)
{
    QString html = QStringLiteral("<ul style='margin-top:2px'>");
    for (const auto &i : items)
        html += QStringLiteral("<li>%1</li>").arg(esc(i));
    return html + QStringLiteral("</ul>");
}

QString when(core::TimeUs t)
{
    return t ? formatLocalTime(t).left(19) : QString();
}

QString eventHtml(const core::EventDetail &d)
{
    QString html = QStringLiteral("<h3>%1 · %2</h3>").arg(esc(d.row.kind), formatLocalTime(d.row.eventTime));
    html += QObject::tr("Account %1 · session %2 · source IP %3 · model %4")
                .arg(esc(d.row.account.value_or("—")), esc(d.row.session.value_or("—")), esc(d.row.sourceIp.value_or("—")),
                     esc(d.row.model.value_or("—")));
    QStringList flags;
    for (std::string_view f : core::flagNames(d.row.flags))
        flags << qstr(f);
    if (!flags.isEmpty())
        html += QStringLiteral("<br><b>%1</b>").arg(flags.join(QStringLiteral(", ")));
    if (!d.prompt.empty())
        html += QStringLiteral("<h4>%1</h4><pre style='white-space:pre-wrap'>%2</pre>").arg(QObject::tr("Prompt"), esc(d.prompt));
    if (!d.output.empty())
        html += QStringLiteral("<h4>%1</h4><pre style='white-space:pre-wrap'>%2</pre>").arg(QObject::tr("Output"), esc(d.output));
    return html;
}

} // namespace

InvestigatePage::InvestigatePage(QWidget *parent)
    : QWidget(parent), m_reads(new CaseReads(this)), m_accounts(new AccountTreeModel(*m_reads, this)),
      m_clusters(new QStandardItemModel(this)), m_campaigns(new QStandardItemModel(this)),
      m_indicators(new QStandardItemModel(this)), m_tabs(new QTabWidget), m_accountView(new QTreeView),
      m_clusterView(table("clusterTable", m_clusters)), m_campaignView(table("campaignTable", m_campaigns)),
      m_indicatorView(table("indicatorTable", m_indicators)), m_graph(new CampaignGraphView),
      m_detail(new QTextBrowser), m_pivotTimeline(new QPushButton(tr("Show on &Timeline"))),
      m_pivotWindow(new QPushButton(tr("± 15 min on Timeline"))), m_window(new WindowTimeline(*m_reads))
{
    setObjectName(QStringLiteral("investigatePage"));
    m_clusters->setHorizontalHeaderLabels({tr("Kind"), tr("Members"), tr("Accounts"), tr("Last seen"), tr("Representative")});
    m_campaigns->setHorizontalHeaderLabels({tr("Campaign"), tr("Accounts"), tr("First seen"), tr("Last seen")});
    m_indicators->setHorizontalHeaderLabels({tr("Type"), tr("Value"), tr("Sightings"), tr("Confidence"), tr("Source"), tr("Last seen")});

    m_tabs->setObjectName(QStringLiteral("investigateTabs"));
    m_tabs->addTab(createAccountsTab(), tr("Accounts"));
    m_tabs->addTab(m_clusterView, tr("Clusters"));
    m_tabs->addTab(createCampaignsTab(), tr("Campaigns"));
    m_tabs->addTab(m_indicatorView, tr("Indicators"));
    m_clusterView->setColumnWidth(0, 70);
    m_indicatorView->setColumnWidth(1, 320);

    m_detail->setObjectName(QStringLiteral("investigateDetail"));
    m_pivotTimeline->setObjectName(QStringLiteral("pivotTimeline"));
    m_pivotWindow->setObjectName(QStringLiteral("pivotWindow"));
    m_pivotTimeline->setToolTip(tr("The timeline filtered to what is selected"));
    m_pivotWindow->setToolTip(tr("Every event in the 15 minutes either side of what is selected"));
    connect(m_pivotTimeline, &QPushButton::clicked, this, [this] {
        if (m_timelineTarget)
            Q_EMIT pivot(*m_timelineTarget);
    });
    connect(m_pivotWindow, &QPushButton::clicked, this, [this] {
        if (m_windowTarget)
            pivotToWindow(m_windowTarget->first - kWindow, m_windowTarget->second + kWindow);
    });

    connect(m_window, &WindowTimeline::activated, this, &InvestigatePage::pivotToWindow);

    auto *detailBox = new QWidget;
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto *detailSplit = new QSplitter(Qt::Vertical);
    detailSplit->addWidget(m_detail);
    detailSplit->addWidget(m_window);
    detailSplit->setStretchFactor(0, 3);
    detailSplit->setStretchFactor(1, 2);
    detailLayout->addWidget(detailSplit, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pivotTimeline);
    buttons->addWidget(m_pivotWindow);
    buttons->addStretch();
    detailLayout->addLayout(buttons);

    auto *splitter = new QSplitter;
    splitter->setObjectName(QStringLiteral("investigateSplitter"));
    splitter->addWidget(m_tabs);
    splitter->addWidget(detailBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(splitter);

    connect(m_clusterView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InvestigatePage::clusterSelected);
    connect(m_campaignView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InvestigatePage::campaignSelected);
    connect(m_indicatorView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InvestigatePage::indicatorSelected);
    connect(m_graph, &CampaignGraphView::accountClicked, this, &InvestigatePage::showAccount);
    connect(m_reads, &CaseReads::failed, this, &InvestigatePage::problem);
    showDetail(tr("<p>Pick an account, cluster, campaign or indicator.</p>"), std::nullopt, std::nullopt);
}

InvestigatePage::~InvestigatePage() = default;

QWidget *InvestigatePage::createAccountsTab()
{
    m_accountView->setObjectName(QStringLiteral("accountTree"));
    m_accountView->setModel(m_accounts);
    m_accountView->setUniformRowHeights(true);
    m_accountView->setAlternatingRowColors(true);
    m_accountView->setColumnWidth(AccountTreeModel::Name, 230);
    m_accountView->setColumnWidth(AccountTreeModel::Summary, 420);
    connect(m_accountView->selectionModel(), &QItemSelectionModel::currentChanged, this, &InvestigatePage::accountSelected);
    connect(m_accountView, &QTreeView::activated, this, [this] {
        if (m_timelineTarget)
            Q_EMIT pivot(*m_timelineTarget);
    });
    auto *reload = new QPushButton(tr("Reload"));
    reload->setObjectName(QStringLiteral("reloadAccounts"));
    reload->setToolTip(tr("Read the accounts again, riskiest first (closes what is open)"));
    connect(reload, &QPushButton::clicked, this, [this] {
        m_accounts->reset();
        reloadLists();
    });
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_accountView, 1);
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(reload);
    layout->addLayout(row);
    return box;
}

QWidget *InvestigatePage::createCampaignsTab()
{
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_campaignView);
    split->addWidget(m_graph);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setSizes({110, 480});   // the graph is what this tab is for
    m_campaignView->setColumnWidth(0, 420);
    return split;
}

void InvestigatePage::open(const QString &path)
{
    m_reads->open(path);
    m_accounts->reset();
    m_open = true;
    m_stale = true;
    if (isVisible())
        reloadLists();
}

void InvestigatePage::close()
{
    m_open = false;
    m_reads->close();
    m_accounts->reset();
    for (QStandardItemModel *m : {m_clusters, m_campaigns, m_indicators})
        m->removeRows(0, m->rowCount());
    m_graph->setGraph({});
}

void InvestigatePage::refresh()
{
    m_stale = true;
    if (isVisible())
        reloadLists();
}

void InvestigatePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reloadLists();
}

void InvestigatePage::reloadLists()
{
    if (!m_open)
        return;
    m_stale = false;
    struct Lists {
        std::vector<inv::ClusterRow> clusters;
        std::vector<inv::CampaignRow> campaigns;
        std::vector<inv::IndicatorRow> indicators;
    };
    auto lists = std::make_shared<Lists>();
    m_reads->read(
        [lists](core::CaseReader &r) {
            lists->clusters = inv::clusters(r.db());
            lists->campaigns = inv::campaigns(r.db());
            lists->indicators = inv::indicators(r.db());
        },
        this, [this, lists] {
            // Rebuilt only when something changed, so a selection survives a refresh.
            if (lists->clusters.size() != m_clusterRows.size() || m_clusters->rowCount() == 0) {
                m_clusterRows = std::move(lists->clusters);
                m_clusters->removeRows(0, m_clusters->rowCount());
                for (const auto &c : m_clusterRows)
                    m_clusters->appendRow({cell(QString::fromStdString(c.kind)), cell(QLocale().toString(static_cast<qlonglong>(c.size))),
                                           cell(QString::number(c.accounts)), cell(when(c.lastSeen)),
                                           cell(QString::fromStdString(c.representative).simplified())});
            }
            if (lists->campaigns.size() != m_campaignRows.size() || m_campaigns->rowCount() == 0) {
                m_campaignRows = std::move(lists->campaigns);
                m_campaigns->removeRows(0, m_campaigns->rowCount());
                for (const auto &c : m_campaignRows)
                    m_campaigns->appendRow({cell(QString::fromStdString(c.name)), cell(QString::number(c.members.size())),
                                            cell(when(c.firstSeen)), cell(when(c.lastSeen))});
            }
            if (lists->indicators.size() != m_indicatorRows.size() || m_indicators->rowCount() == 0) {
                m_indicatorRows = std::move(lists->indicators);
                m_indicators->removeRows(0, m_indicators->rowCount());
                for (const auto &i : m_indicatorRows)
                    m_indicators->appendRow({cell(QString::fromStdString(i.type)), cell(QString::fromStdString(i.value).simplified()),
                                             cell(QLocale().toString(static_cast<qlonglong>(i.sightings))),
                                             cell(i.confidence ? QString::number(*i.confidence) : QString()),
                                             cell(QString::fromStdString(i.source)), cell(i.lastSeen ? when(*i.lastSeen) : QString())});
            }
            m_tabs->setTabText(1, tr("Clusters (%1)").arg(m_clusterRows.size()));
            m_tabs->setTabText(2, tr("Campaigns (%1)").arg(m_campaignRows.size()));
            m_tabs->setTabText(3, tr("Indicators (%1)").arg(m_indicatorRows.size()));
        });
}

void InvestigatePage::showAccount(const QString &account)
{
    m_tabs->setCurrentIndex(0);
    m_accounts->findAccount(account, [this, account](const QModelIndex &found) {
        if (!found.isValid()) {
            Q_EMIT problem(tr("This case has no account %1").arg(account));
            return;
        }
        m_accountView->setCurrentIndex(found);
        m_accountView->scrollTo(found);
        m_accountView->setFocus();
        // Open the account, then its first session: the prompts are one step away.
        // expand() only marks a node while the view's layout is pending, so each level is
        // also fetched here.
        auto open = [this](const QModelIndex &index) {
            m_accountView->expand(index);
            if (m_accounts->canFetchMore(index))
                m_accounts->fetchMore(index);
        };
        auto openFirstSession = [this, open](const QModelIndex &accountIndex) {
            if (m_accounts->rowCount(accountIndex) > 0)
                open(m_accounts->index(0, 0, accountIndex));
        };
        if (m_accounts->rowCount(found) > 0 || !m_accounts->hasChildren(found)) {   // read before
            m_accountView->expand(found);
            openFirstSession(found);
            return;
        }
        auto *once = new QObject(this);
        connect(m_accounts, &AccountTreeModel::childrenLoaded, once,
                [once, found = QPersistentModelIndex(found), openFirstSession](const QModelIndex &parent) {
                    if (parent != found)
                        return;
                    once->deleteLater();
                    openFirstSession(parent);
                });
        open(found);
    });
}

void InvestigatePage::accountSelected()
{
    const QModelIndex index = m_accountView->currentIndex();
    if (!index.isValid())
        return;
    const auto kind = static_cast<AccountTreeModel::NodeKind>(index.data(AccountTreeModel::NodeKindRole).toInt());
    const inv::AccountRow *a = m_accounts->accountAt(index);
    core::TimelineFilter byAccount;
    byAccount.account = a->name;
    if (kind == AccountTreeModel::NodeKind::Account) {
        QString html = QStringLiteral("<h3>%1</h3>").arg(esc(a->name));
        html += tr("Risk <b>%1</b> of 100%2").arg(qRound(a->risk)).arg(a->suspend ? tr(" · <b>meets the suspension criteria</b>") : QString());
        html += QStringLiteral("<br>") + tr("%1 requests · %2 jailbreak attempts (%3 successful) · %4 policy violations · %5 flagged outputs")
                                             .arg(a->requests).arg(a->jailbreakAttempts).arg(a->successfulJailbreaks)
                                             .arg(a->policyViolations).arg(a->flaggedOutputs);
        if (a->campaigns > 0)
            html += QStringLiteral("<br>") + tr("In %n campaign(s)", nullptr, a->campaigns);
        if (a->firstSeen)
            html += QStringLiteral("<br>") + tr("Seen %1 → %2").arg(when(a->firstSeen), when(a->lastSeen));
        if (!a->reasons.empty())
            html += QStringLiteral("<h4>%1</h4>").arg(tr("Why")) + list(a->reasons);
        showDetail(html, byAccount, a->firstSeen ? std::optional(std::pair(a->firstSeen, a->lastSeen)) : std::nullopt);
        return;
    }
    const inv::SessionRow *s = m_accounts->sessionAt(index);
    core::TimelineFilter bySession = byAccount;
    if (s->id)
        bySession.session = s->name;
    if (kind == AccountTreeModel::NodeKind::Session) {
        QString html = QStringLiteral("<h3>%1</h3>").arg(s->id ? esc(s->name) : tr("Events of %1 without a session").arg(esc(a->name)));
        html += tr("Account %1 · %2 events · %3 → %4").arg(esc(a->name)).arg(s->events).arg(when(s->first), when(s->last));
        showDetail(html, bySession, std::pair(s->first, s->last));
        return;
    }
    // An event: its prompt and output in full, read on the reader thread.
    const std::int64_t id = index.data(AccountTreeModel::EventIdRole).toLongLong();
    const unsigned request = ++m_detailRequest;
    auto detail = std::make_shared<core::EventDetail>();
    m_reads->read(
        [detail, id](core::CaseReader &r) {
            auto d = r.eventDetail(id);
            if (!d)
                throw std::runtime_error(d.error().message);
            *detail = std::move(d.value());
        },
        this, [this, detail, request, bySession] {
            if (request == m_detailRequest)
                showDetail(eventHtml(*detail), bySession, std::pair(detail->row.eventTime, detail->row.eventTime));
        });
}

void InvestigatePage::clusterSelected()
{
    const int row = m_clusterView->currentIndex().row();
    if (row < 0 || row >= static_cast<int>(m_clusterRows.size()))
        return;
    const inv::ClusterRow &c = m_clusterRows[static_cast<std::size_t>(row)];
    QString html = QStringLiteral("<h3>%1 #%2</h3>").arg(c.kind == "suffix" ? tr("Adversarial suffix cluster") : tr("Prompt family")).arg(c.id);
    html += tr("%1 members from %2 accounts · %3 → %4 · text taken by %5")
                .arg(c.size).arg(c.accounts).arg(when(c.firstSeen), when(c.lastSeen), esc(c.method));
    html += QStringLiteral("<h4>%1</h4><pre style='white-space:pre-wrap'>%2</pre>").arg(tr("Representative"), esc(c.representative));
    const std::int64_t id = c.id;
    auto ids = std::make_shared<std::vector<std::int64_t>>();
    m_reads->read([ids, id](core::CaseReader &r) { *ids = inv::clusterMembers(r.db(), id, kMemberPreviews); }, this,
                 [this, ids, html, c] { showMembers(html, *ids, std::nullopt, {c.firstSeen, c.lastSeen}); });
}

void InvestigatePage::campaignSelected()
{
    const int row = m_campaignView->currentIndex().row();
    if (row < 0 || row >= static_cast<int>(m_campaignRows.size()))
        return;
    const inv::CampaignRow &c = m_campaignRows[static_cast<std::size_t>(row)];
    QString html = QStringLiteral("<h3>%1</h3>").arg(esc(c.name));
    html += tr("%1 accounts · %2 → %3").arg(c.members.size()).arg(when(c.firstSeen), when(c.lastSeen));
    if (c.evidence.contains("shared_infrastructure")) {
        std::vector<std::string> items;
        for (const auto &i : c.evidence["shared_infrastructure"])
            items.push_back(i.value("item", "") + " (" + std::to_string(i.value("accounts", 0)) + " accounts)");
        if (!items.empty())
            html += QStringLiteral("<h4>%1</h4>").arg(tr("Shared infrastructure")) + list(items);
    }
    html += QStringLiteral("<h4>%1</h4><ul>").arg(tr("Members and why they are in"));
    for (const auto &m : c.members) {
        QStringList reasons;
        for (const auto &r : m.reasons)
            reasons << QString::fromStdString(r).toHtmlEscaped();
        html += QStringLiteral("<li><b>%1</b>: %2</li>").arg(esc(m.account), reasons.join(QStringLiteral("; ")));
    }
    html += QStringLiteral("</ul>");
    showDetail(html, std::nullopt, std::pair(c.firstSeen, c.lastSeen));
    auto graph = std::make_shared<inv::CampaignGraph>();
    m_reads->read([graph, c](core::CaseReader &r) { *graph = inv::campaignGraph(r.db(), c); }, this,
                 [this, graph] { m_graph->setGraph(*graph); });
}

void InvestigatePage::indicatorSelected()
{
    const int row = m_indicatorView->currentIndex().row();
    if (row < 0 || row >= static_cast<int>(m_indicatorRows.size()))
        return;
    const inv::IndicatorRow &i = m_indicatorRows[static_cast<std::size_t>(row)];
    QString html = QStringLiteral("<h3>%1</h3><pre style='white-space:pre-wrap'>%2</pre>").arg(esc(i.type), esc(i.value));
    if (!i.name.empty())
        html += esc(i.name) + QStringLiteral("<br>");
    html += tr("From %1 · %2 sightings").arg(esc(i.source)).arg(i.sightings);
    if (i.confidence)
        html += tr(" · confidence %1").arg(*i.confidence);
    if (i.firstSeen)
        html += QStringLiteral("<br>") + tr("Seen %1 → %2").arg(when(*i.firstSeen), when(i.lastSeen.value_or(*i.firstSeen)));
    std::optional<core::TimelineFilter> timeline;
    if (i.type == "account" || i.type == "ipv4" || i.type == "ipv6" || i.type == "ip") {
        core::TimelineFilter f;
        (i.type == "account" ? f.account : f.sourceIp) = i.value;
        timeline = f;
    }
    const auto window = i.firstSeen ? std::optional(std::pair(*i.firstSeen, i.lastSeen.value_or(*i.firstSeen))) : std::nullopt;
    if (!i.id) {
        showDetail(html, timeline, window);
        return;
    }
    auto ids = std::make_shared<std::vector<std::int64_t>>();
    m_reads->read([ids, id = *i.id](core::CaseReader &r) { *ids = inv::sightings(r.db(), id, kMemberPreviews); }, this,
                 [this, ids, html, timeline, window] {
                     showMembers(html, *ids, timeline, window.value_or(std::pair<core::TimeUs, core::TimeUs>(0, 0)));
                 });
}

void InvestigatePage::showMembers(const QString &html, std::vector<std::int64_t> eventIds,
                                  std::optional<core::TimelineFilter> timeline, std::pair<core::TimeUs, core::TimeUs> window)
{
    const unsigned request = ++m_detailRequest;
    auto rows = std::make_shared<std::vector<core::EventRow>>();
    m_reads->read(
        [rows, eventIds = std::move(eventIds)](core::CaseReader &r) {
            if (auto found = r.eventsById(eventIds))
                *rows = std::move(found.value());
        },
        this, [this, rows, html, timeline, window, request] {
            if (request != m_detailRequest)
                return;
            QString out = html + QStringLiteral("<h4>%1</h4><table cellspacing=4>").arg(tr("Newest members"));
            for (const auto &e : *rows)
                out += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                           .arg(when(e.eventTime), esc(e.account.value_or("")), esc(e.promptPreview));
            out += QStringLiteral("</table>");
            showDetail(out, timeline, window.first ? std::optional(window) : std::nullopt);
        });
}

void InvestigatePage::pivotToWindow(core::TimeUs from, core::TimeUs to)
{
    core::TimelineFilter f;
    f.from = from;
    f.to = to;
    Q_EMIT pivot(f);
}

void InvestigatePage::showDetail(const QString &html, std::optional<core::TimelineFilter> timeline,
                                 std::optional<std::pair<core::TimeUs, core::TimeUs>> window)
{
    m_detail->setHtml(html);
    m_timelineTarget = std::move(timeline);
    m_windowTarget = window;
    m_pivotTimeline->setEnabled(m_timelineTarget.has_value());
    m_pivotWindow->setEnabled(m_windowTarget.has_value());
    if (m_windowTarget)
        m_window->showWindow(m_windowTarget->first - kWindow, m_windowTarget->second + kWindow,
                             m_timelineTarget ? m_timelineTarget->account : std::nullopt);
    else
        m_window->clear();
}

} // namespace cordon::ui
