#pragma once

#include "core/triage/alert_triage.h"

#include <QAbstractTableModel>

#include <vector>

namespace cordon::ui {

/// The triage list: alerts, most severe first, with a live SLA countdown. The rows come
/// from a snapshot read on the loader thread; the countdown is recomputed from the clock
/// (setNow), never from the database.
class AlertListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Severity, Status, Sla, Title, Group, Events, Why, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1, SlaStateRole, AlertIdRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setAlerts(std::vector<core::AlertSummary> alerts, core::TimeUs now);
    /// Moves the clock the countdowns are measured against; only the SLA column changes.
    void setNow(core::TimeUs now);
    int openCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::AlertSummary> m_alerts;
    core::TimeUs m_now = 0;
};

} // namespace cordon::ui
