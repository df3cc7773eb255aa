#pragma once

#include "core/response/actions.h"

#include <QAbstractTableModel>

#include <vector>

namespace cordon::ui {

/// Actions with their lifecycle, one row each: who proposed, approved, executed and reverted
/// it, and when, so an execution and its revert are read together.
class ActionTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, State, Description, Phase, Origin, Proposed, Approved, Executed, Reverted, Connector, ColumnCount };
    enum Role { ActionIdRole = Qt::UserRole + 1 };
    /// Which actions the table lists.
    enum class Show { Inbox, Open, All };

    using QAbstractTableModel::QAbstractTableModel;

    void setActions(const std::vector<core::response::Action> &actions, Show show);
    std::int64_t actionId(int row) const;
    int rowOf(std::int64_t id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::response::Action> m_actions;
};

/// "ana, 14:02" for a step taken, empty for one not taken.
QString stepText(const std::optional<std::string> &who, const std::optional<core::TimeUs> &when);

} // namespace cordon::ui
