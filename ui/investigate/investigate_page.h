#pragma once

#include "core/query/investigation.h"
#include "core/query/timeline_index.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTreeView;

namespace cordon::ui {

class AccountTreeModel;
class CampaignGraphView;
class CaseReads;
class WindowTimeline;

/// Forensic drill-down: accounts (riskiest first) down to their sessions and the prompts
/// and outputs of each event; suffix clusters and prompt families with their members;
/// campaigns with their evidence and a graph of who shares what; indicators with their
/// sightings. The ± 15 minutes around the selection are shown beneath its detail; whatever
/// is selected can be shown on the timeline, alone or with that window.
class InvestigatePage : public QWidget {
    Q_OBJECT
public:
    explicit InvestigatePage(QWidget *parent = nullptr);
    ~InvestigatePage() override;

    void open(const QString &path);
    void close();
    /// The case changed: lists are read again when the page is next shown (the account
    /// tree keeps what is open until Reload).
    void refresh();
    /// Opens `account` in the tree with its sessions, and its first session's events.
    void showAccount(const QString &account);
    AccountTreeModel *accountModel() const { return m_accounts; }

Q_SIGNALS:
    void pivot(const cordon::core::TimelineFilter &filter);
    void problem(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createAccountsTab();
    QWidget *createCampaignsTab();
    void reloadLists();
    void accountSelected();
    void clusterSelected();
    void campaignSelected();
    void indicatorSelected();
    /// The timeline of every event in [from, to).
    void pivotToWindow(core::TimeUs from, core::TimeUs to);
    /// Shows `html` with the pivots the selection allows.
    void showDetail(const QString &html, std::optional<core::TimelineFilter> timeline,
                    std::optional<std::pair<core::TimeUs, core::TimeUs>> window);
    /// Appends previews of `eventIds` (read on the reader thread) to the detail.
    void showMembers(const QString &html, std::vector<std::int64_t> eventIds, std::optional<core::TimelineFilter> timeline,
                     std::pair<core::TimeUs, core::TimeUs> window);

    CaseReads *m_reads;
    AccountTreeModel *m_accounts;
    QStandardItemModel *m_clusters, *m_campaigns, *m_indicators;
    QTabWidget *m_tabs;
    QTreeView *m_accountView;
    QTableView *m_clusterView, *m_campaignView, *m_indicatorView;
    CampaignGraphView *m_graph;
    QTextBrowser *m_detail;
    QPushButton *m_pivotTimeline, *m_pivotWindow;
    WindowTimeline *m_window;   ///< the ± 15 min around the selection, in place
    std::optional<core::TimelineFilter> m_timelineTarget;
    std::optional<std::pair<core::TimeUs, core::TimeUs>> m_windowTarget;
    std::vector<core::investigation::ClusterRow> m_clusterRows;
    std::vector<core::investigation::CampaignRow> m_campaignRows;
    std::vector<core::investigation::IndicatorRow> m_indicatorRows;
    bool m_open = false, m_stale = true;
    unsigned m_detailRequest = 0;   ///< the newest detail read; older answers are dropped
};

} // namespace cordon::ui
