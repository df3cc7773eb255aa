#pragma once

#include "ui/triage/triage_lane_model.h"

#include <QWidget>

#include <array>

class QAction;
class QLabel;
class QListView;
class QSplitter;
class QTextBrowser;

namespace cordon::ui {

class TriageDecisions;

/// The triage board: a column per lifecycle lane (New, Acknowledged, Escalated,
/// Resolved/Dismissed) of alert cards, and the selected alert in full. Cards move by drag
/// and drop or from the keyboard (Ctrl+Right moves a card on, Left/Right change column);
/// each move is the decision it stands for, made through TriageDecisions and undoable.
class TriageBoard : public QWidget {
    Q_OBJECT
public:
    explicit TriageBoard(TriageDecisions &decisions, QWidget *parent = nullptr);

    void setAlerts(const std::vector<core::AlertSummary> &alerts, const AlertAccountsMap &accounts, core::TimeUs now);
    /// Moves the clock the SLA countdowns run against.
    void setNow(core::TimeUs now);
    /// Whether decisions can be made (the case is open for writing).
    void setWritable(bool writable);
    /// Selects and shows `alertId`'s card; false when the board has no such alert.
    bool selectAlert(std::int64_t alertId);
    QList<qint64> selectedAlerts() const;
    TriageLaneModel *laneModel(Lane lane) const { return m_models[static_cast<std::size_t>(lane)]; }
    QListView *laneView(Lane lane) const { return m_views[static_cast<std::size_t>(lane)]; }

    void saveState() const;
    void restoreState();

Q_SIGNALS:
    /// Show the events an alert cites.
    void evidenceRequested(qint64 alertId);
    /// Drill down into the account an alert is mostly about.
    void accountRequested(const QString &account);
    void status(const QString &message);

private:
    QWidget *createLane(Lane lane);
    void createActions();
    /// The decision a move to `to` stands for, asked for where it needs more (a reason).
    void moveTo(const QList<qint64> &alertIds, Lane to);
    void closeAlerts(const QList<qint64> &alertIds, core::AlertDecision::Kind preselected);
    void assign(const QList<qint64> &alertIds);
    void decideSelected(core::AlertDecision::Kind kind);
    void laneSelectionChanged(int lane);
    /// Makes `lane` the one whose selection the actions apply to, clearing the last one's.
    void activateLane(int lane);
    void focusLane(int lane);
    void updateActions();
    void showCurrent();
    const core::AlertSummary *currentAlert() const;
    bool eventFilter(QObject *watched, QEvent *event) override;

    TriageDecisions &m_decisions;
    std::array<TriageLaneModel *, kLaneCount> m_models{};
    std::array<QListView *, kLaneCount> m_views{};
    std::array<QLabel *, kLaneCount> m_captions{};
    QSplitter *m_splitter;
    QTextBrowser *m_detail;
    QAction *m_acknowledge = nullptr, *m_assign = nullptr, *m_escalate = nullptr, *m_merge = nullptr,
            *m_dismiss = nullptr, *m_resolve = nullptr, *m_moveOn = nullptr, *m_evidence = nullptr,
            *m_investigate = nullptr;
    std::vector<core::AlertSummary> m_alerts;
    AlertAccountsMap m_accounts;
    core::TimeUs m_now = 0;
    int m_activeLane = 0;
    bool m_writable = false;
    bool m_syncingSelection = false;
};

} // namespace cordon::ui
