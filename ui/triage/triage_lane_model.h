#pragma once

#include "ui/triage/alert_text.h"

#include <QAbstractListModel>

#include <vector>

namespace cordon::ui {

/// The columns of the triage board, by where an alert is in its lifecycle. Merged,
/// dismissed and resolved alerts share the last one.
enum class Lane { New, Acknowledged, Escalated, Closed };
constexpr int kLaneCount = 4;
Lane laneOf(core::AlertStatus status);
QString laneTitle(Lane lane);

/// One column of the triage board: the alerts in its lane, most severe first and then by
/// SLA due time, as cards. Cards are dragged out as a list of alert ids; a drop does not
/// move anything here but asks (alertsDropped) for the decision the move stands for.
class TriageLaneModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        AlertIdRole = Qt::UserRole + 1,
        SeverityRole,   ///< int of core::Severity
        StatusRole,     ///< the status name
        SlaStateRole,   ///< int of SlaState
        SlaTextRole,
        CriteriaRole,   ///< the newest criterion that fired
        SummaryRole,    ///< events, accounts, assignee
    };
    static QString mimeType();

    explicit TriageLaneModel(Lane lane, QObject *parent = nullptr);

    Lane lane() const { return m_lane; }
    /// Keeps those of `alerts` (in board order) that are in this lane.
    void setAlerts(const std::vector<core::AlertSummary> &alerts, const AlertAccountsMap &accounts, core::TimeUs now);
    /// Moves the clock the SLA countdowns run against.
    void setNow(core::TimeUs now);
    const core::AlertSummary *alertAt(int row) const;
    const core::AlertAccounts &accountsAt(int row) const;
    int rowOf(std::int64_t alertId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;

    /// The alert ids a drag carries.
    static QList<qint64> decode(const QMimeData *data);

Q_SIGNALS:
    /// Cards from another lane were dropped here.
    void alertsDropped(const QList<qint64> &alertIds);

private:
    struct Card {
        core::AlertSummary alert;
        core::AlertAccounts accounts;
    };
    Lane m_lane;
    std::vector<Card> m_cards;
    core::TimeUs m_now = 0;
};

} // namespace cordon::ui
